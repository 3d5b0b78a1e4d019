import type { Readable } from 'node:stream';
import { copiesOut } from '../../db/database.ts';
import { csvStream, spreadsheetSafe } from '../../lib/csv.ts';
import { minorDigits } from '../../lib/money.ts';
import { cursorValue, keysetBatches } from '../../lib/paging.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { tagLabels } from '../tags/assignments.ts';
import * as queries from './queries.ts';
import { type CustomerSearch, DEFAULT_EXPORT_COLUMNS, type ExportColumn } from './schema.ts';
import { parseSort, resolveFilter } from './service.ts';

/** Rows per batch read on PGlite (lib/paging.ts, keysetBatches). */
const BATCH = 2000;

/**
 * Every customer the search matches, as CSV with the columns asked for (checked before the first byte). The
 * statement formats each value (queries.ts, exportSelect); on a server PostgreSQL's COPY writes the CSV and its
 * bytes go to the client as they come, so no row is parsed or written in this process (a 1M-customer export:
 * BENCHMARKS.md, customer export). On PGlite, batches of the same rows go through csvStream.
 */
export async function exportCustomers(ctx: Ctx, search: CustomerSearch): Promise<Readable> {
  requireRight(ctx, 'view_customers');
  requireRight(ctx, 'export_data');
  const columns = (search.columns ?? [...DEFAULT_EXPORT_COLUMNS]) as ExportColumn[];
  const sort = parseSort(search.sort);
  const filter = await resolveFilter(ctx, search);
  const format = await exportFormat(ctx, columns);

  const copyOut = copiesOut.get(ctx.db);
  if (copyOut) return copyOut(queries.exportInOrder(ctx.db, ctx.tenantId, filter, sort, format).compile());
  const read = (after: unknown[] | undefined) => queries.exportBatch(ctx.db, ctx.tenantId, filter, sort, format, BATCH, after);
  const cursorOf = (last: Record<string, unknown>) => Array.from({ length: sort.length + 1 }, (_, i) => cursorValue(last[`cursor_${i}`]));
  async function* batches() {
    for await (const batch of keysetBatches(read, BATCH, cursorOf)) yield batch.map((row) => columns.map((column) => row[column]));
  }
  return csvStream(columns, batches());
}

/** What the export's statement needs to write these columns: the store's tag labels and currency. */
export async function exportFormat(ctx: Ctx, columns: readonly ExportColumn[]): Promise<queries.ExportFormat> {
  const labels: (string | null)[] = [];
  if (columns.includes('tags')) {
    // Each label at its tag's number, defused: a customer's tags column starts with one of them.
    for (const [number, label] of await tagLabels(ctx)) labels[number] = spreadsheetSafe(label);
  }
  return { columns, labels: Array.from(labels, (label) => label ?? null), digits: minorDigits((await getStore(ctx)).currency) };
}
