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

/**
 * A list's total from its page's rows, when the page's statement counted its matches as `matched` (each row
 * carries the same count); undefined when the page is empty past a cursor, which says nothing of the rows
 * before it, so the caller counts them.
 */
export function totalFromPage(rows: readonly object[], after: readonly unknown[] | undefined): number | undefined {
  // The page's row type is the query's; `matched` is the one column read here.
  const matched = (rows[0] as { matched?: number } | undefined)?.matched;
  return matched ?? (after ? undefined : 0);
}

/**
 * Every row of a keyset walk, a batch at a time, for exports: `read(after)` answers up to `size` rows after the
 * cursor `after` (undefined for the first batch), `cursorOf` is the cursor of a batch's last row. The next batch
 * is asked for as soon as one arrives, so the database reads it while the caller turns this one into output: on
 * a server the two run on separate cores instead of taking turns.
 */
export async function* keysetBatches<Row>(
  read: (after: unknown[] | undefined) => Promise<Row[]>, size: number, cursorOf: (last: Row) => unknown[],
): AsyncGenerator<Row[]> {
  let next: Promise<Row[]> | undefined = read(undefined);
  try {
    while (next) {
      const batch: Row[] = await next;
      next = batch.length === size ? read(cursorOf(batch.at(-1)!)) : undefined;
      yield batch;
    }
  } finally {
    // A reader that stops early (the client went away) leaves one read in flight, whose failure no one awaits.
    next?.catch(() => {});
  }
}
