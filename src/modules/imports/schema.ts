import { type Static, Type } from 'typebox';

export const RowError = Type.Object({
  row: Type.Integer({ description: 'The line in the file as a spreadsheet numbers it: the header is row 1.' }),
  column: Type.Optional(Type.String({ description: 'The header of the column at fault.' })),
  code: Type.String(),
  message: Type.String(),
});

export const TagImportQuery = Type.Object({
  dry_run: Type.Optional(Type.Boolean({ description: 'Check every row and report what would change, writing nothing.' })),
  skip_invalid: Type.Optional(Type.Boolean({
    description: 'Apply the good rows and report the bad ones. By default one bad row stops the whole import (422) and nothing is written.',
  })),
}, { additionalProperties: false });

export const TagImportReport = Type.Object({
  dry_run: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read (the header excluded).' }),
  rows_applied: Type.Integer(),
  rows_invalid: Type.Integer(),
  categories_created: Type.Integer(),
  tags_created: Type.Integer(),
  assignments_added: Type.Integer({ description: 'Customer and tag pairs that are new.' }),
  assignments_unchanged: Type.Integer({ description: 'Pairs the customer already had.' }),
  assignments_replaced: Type.Integer({ description: 'Tags removed because the file gave the customer another tag of a single-choice category.' }),
  errors: Type.Array(RowError, { description: 'The bad rows, the first 1,000 at most.' }),
}, { description: 'What the import did, or with dry_run would do.' });

export type RowError = Static<typeof RowError>;
export type TagImportQuery = Static<typeof TagImportQuery>;
export type TagImportReport = Static<typeof TagImportReport>;
