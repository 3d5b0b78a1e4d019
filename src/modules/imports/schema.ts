import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

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

// Sales imports: a file becomes an import job that checks every row, then writes in batches.

export const SALES_IMPORT_FORMATS = ['online-retail'] as const;

export const SalesImportQuery = Type.Object({
  format: Type.Optional(StringEnum(SALES_IMPORT_FORMATS, {
    description: 'The file\'s layout. online-retail: the UCI Online Retail columns (InvoiceNo, StockCode, Description, Quantity, '
      + 'InvoiceDate, UnitPrice, CustomerID, Country), one row per invoice line; see docs/sales.md. Default online-retail.',
  })),
  channel: Type.Optional(Type.String({
    minLength: 1, maxLength: 100,
    description: 'The channel the sales are recorded in; invoice numbers are unique within it. Default: the format\'s (online-retail).',
  })),
  file_name: Type.Optional(Type.String({ maxLength: 255, description: 'The file\'s name, shown with the job.' })),
  dry_run: Type.Optional(Type.Boolean({ description: 'Check every row and report the counts, writing nothing.' })),
  skip_invalid: Type.Optional(Type.Boolean({
    description: 'Write the invoices whose rows are all good and report the bad rows; an invoice with a bad row is left out whole. '
      + 'By default one bad row fails the job and nothing is written.',
  })),
}, { additionalProperties: false });

const count = (description: string) => Type.Optional(Type.Integer({ description }));

export const ImportCounts = Type.Object({
  rows: count('Data rows in the file (the header excluded), known once every row is checked.'),
  rows_invalid: count('Rows with at least one problem.'),
  invoices: count('Invoices in the file.'),
  invoices_invalid: count('Invoices left out because one of their rows is bad (skip_invalid).'),
  customers: count('Customers the file names.'),
  products: count('Products (goods, not charges) the file names.'),
  sales_added: count('Sales, returns and cancellations recorded by this job.'),
  sales_skipped: count('Invoices already recorded in the channel (by an earlier run): left as they are.'),
  sales_different: count('Of those skipped, the ones recorded with other lines, customer or time than the file now gives.'),
  cancellations: count('Of the sales added (or with dry_run, of the invoices), cancellations (C-prefixed invoices).'),
  returns: count('Of the sales added (or with dry_run, of the invoices), returns: invoices that take goods back without selling any.'),
  walk_in_sales: count('Of the sales added (or with dry_run, of the invoices), those without a customer.'),
  lines: count('Lines of the sales added.'),
  customers_created: count('Customers the file named that the store lacked, created by this job.'),
  products_created: count('Products the file named that the store lacked, created by this job.'),
}, { additionalProperties: false, description: 'What the job has found and done so far.' });

export const ImportJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(['sales'], { description: 'What the job imports.' }),
  format: Type.String(),
  file_name: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String({ description: 'The channel the sales are recorded in.' }),
  dry_run: Type.Boolean(),
  skip_invalid: Type.Boolean(),
  state: StringEnum(['queued', 'running', 'succeeded', 'failed'], {
    description: 'queued, running, then succeeded or failed. A failed job may have written some batches (not when its rows are bad): '
      + 'running the same file again finishes it, adding only what is missing.',
  }),
  phase: Type.Union([StringEnum(['checking', 'writing']), Type.Null()], {
    description: 'While running: checking every row (nothing is written yet), then writing the sales in batches.',
  }),
  bytes_total: Type.Union([Type.Integer(), Type.Null()], { description: 'The file\'s size as sent (compressed when gzip).' }),
  bytes_read: Type.Integer({ description: 'How far the current phase has read the file, in bytes of bytes_total.' }),
  rows_read: Type.Integer({ description: 'Rows the current phase has read (checked, or written or skipped).' }),
  counts: ImportCounts,
  errors: Type.Array(RowError, { description: 'The bad rows, the first 1,000 at most.' }),
  failure: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'Why the job failed: import.rows_invalid (see errors), import.interrupted (its process stopped; run it again), or another problem.',
  }),
  created_by: Type.Object({ kind: StringEnum(['user', 'api_key', 'system']), id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }),
  created_at: Timestamp,
  started_at: Type.Union([Timestamp, Type.Null()]),
  finished_at: Type.Union([Timestamp, Type.Null()]),
}, { description: 'An import job: its options, progress and result.' });

export const ImportJobListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });
export const ImportJobList = List(ImportJob, 'A page of import jobs, newest first.');

export type SalesImportQuery = Static<typeof SalesImportQuery>;
export type ImportCounts = Static<typeof ImportCounts>;
export type ImportJob = Static<typeof ImportJob>;
export type ImportJobListQuery = Static<typeof ImportJobListQuery>;
export type ImportJobList = Static<typeof ImportJobList>;
