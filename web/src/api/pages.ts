import { api, type Page, type QueryValue } from './client';

/** Settings lists are short (fields, users, roles, keys): read every page so the table is whole. */
export async function fetchAllPages<T>(path: string, query: Record<string, QueryValue> = {}): Promise<Page<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const page: Page<T> = await api<Page<T>>(path, { query: { ...query, limit: 100, cursor } });
    items.push(...page.items);
    total = page.total;
    cursor = page.next_cursor;
  } while (cursor);
  return { items, total, next_cursor: null };
}
