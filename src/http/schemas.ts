import { type TSchema, Type } from 'typebox';

/** One of a fixed list of strings, shown in OpenAPI as an enum. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** RFC 9457 problem details, with Clientele's extension members. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem: /problems/<code>.' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, in English.' }),
    instance: Type.String({ description: 'The request path.' }),
    code: Type.String({ description: 'Stable code to translate and branch on, e.g. customer.code_taken.' }),
    field: Type.Optional(Type.String({ description: 'JSON pointer of the first failing field.' })),
    row: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.String()),
    right: Type.Optional(Type.String({ description: 'The missing right, on 403.' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.Optional(Type.String()),
          row: Type.Optional(Type.Integer()),
          column: Type.Optional(Type.String()),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'An error, as application/problem+json.' },
);

export const problemRef = Type.Ref('Problem');

/** The responses every authenticated route can give besides its own. */
export const problems = { 400: problemRef, 401: problemRef, 403: problemRef, 404: problemRef, 429: problemRef };

/** The one list shape: a page of items, the filtered total, and the cursor of the next page. */
export function List<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ description: 'How many match the filters, across all pages.' }),
      next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as ?cursor= for the next page; null on the last.' }),
    },
    { description },
  );
}

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'The id.' }) });

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC.' });
