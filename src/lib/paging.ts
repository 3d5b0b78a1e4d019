import { ClienteleError } from './errors.ts';

/**
 * The one way to page: keyset cursors. A cursor is the sort values of the last row of a page (id last),
 * opaque to clients, so a page never skips or repeats rows when others are inserted meanwhile.
 */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** A sort value as a cursor keeps it: times as ISO strings. */
export function cursorValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export function decodeCursor(cursor: string, length: number, field = '/query/cursor'): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // falls through to the error below
  }
  throw ClienteleError.invalid([{ field, code: 'request.cursor', message: 'The cursor is not one this list gave, or the sort changed since.' }]);
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
