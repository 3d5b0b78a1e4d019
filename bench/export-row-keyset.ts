// The proposed fix of the export, measured next to the export as it ships (bench/customer-export.bench.ts): the same
// as exportCustomers in src/modules/customers/export.ts, batch for batch and column for column, except one thing,
// the keyset of each batch. The app writes `(a > x or (a = x and id > z))`, which PostgreSQL cannot use as an index
// bound, so every batch of 2,000 reads and sorts all the rows after the cursor (a bitmap scan of the rest of the
// store, then a sort): the export is quadratic in the store's size. Here it is the row comparison
// `(lower(name), id) > (x, z)`, an index condition on customers_name (tenant_id, lower(name), id) when every sort
// key goes the same way, so each batch reads its 2,000 rows and no more.
import type { Readable } from 'node:stream';
import { sql, type SqlBool } from 'kysely';
import { csvStream } from '../src/lib/csv.ts';
import { cursorValue } from '../src/lib/paging.ts';
import { type Ctx, requireRight } from '../src/modules/access/context.ts';
import { exportQuery } from '../src/modules/customers/queries.ts';
import { type CustomerSearch, DEFAULT_EXPORT_COLUMNS, type ExportColumn } from '../src/modules/customers/schema.ts';
import { parseSort, resolveFilter } from '../src/modules/customers/service.ts';
import { tagLabels } from '../src/modules/tags/assignments.ts';

const BATCH = 2000;
// The default sort only (name, then id), which is what the bench exports.
const NAME = sql`lower(customers.name)`;

type Row = Record<string, unknown> & { id: string; tag_numbers: number[]; sort_0: string; external_ids: Record<string, string> };

export async function exportWithRowKeyset(ctx: Ctx, search: CustomerSearch): Promise<Readable> {
  requireRight(ctx, 'view_customers');
  requireRight(ctx, 'export_data');
  const columns = (search.columns ?? [...DEFAULT_EXPORT_COLUMNS]) as ExportColumn[];
  const sort = parseSort(search.sort);
  if (sort.length !== 1 || sort[0]!.key !== 'name' || sort[0]!.descending) throw new Error('the bench copy exports by name only');
  const filter = await resolveFilter(ctx, search);
  const needs = { email: columns.includes('email'), phone: columns.includes('phone'), address: columns.some((c) => ['address', 'city', 'postal_code'].includes(c)), groups: false, vip: false };
  const labels = columns.includes('tags') ? await tagLabels(ctx) : new Map<number, string>();

  async function* rows() {
    let after: unknown[] | undefined;
    for (;;) {
      let query = exportQuery(ctx.db, ctx.tenantId, filter, sort, needs).select(NAME.as('sort_0'));
      if (after) query = query.where(sql<SqlBool>`(${NAME}, customers.id) > (${after[0]}, ${after[1]}::uuid)`);
      const page = await query.orderBy(NAME).orderBy('customers.id').limit(BATCH).execute() as unknown as Row[];
      for (const row of page) yield columns.map((column) => valueOf(row, column, labels));
      if (page.length < BATCH) return;
      const last = page.at(-1)!;
      after = [cursorValue(last.sort_0), last.id];
    }
  }
  return csvStream(columns, rows());
}

// As valueOf in src/modules/customers/export.ts, for the columns without an address.
function valueOf(row: Row, column: ExportColumn, labels: Map<number, string>): unknown {
  switch (column) {
    case 'tags': return row.tag_numbers.map((n) => labels.get(n)).filter(Boolean).sort().join('; ');
    case 'external_ids': return Object.entries(row.external_ids).map(([system, id]) => `${system}:${id}`).join('; ');
    default: return row[column];
  }
}
