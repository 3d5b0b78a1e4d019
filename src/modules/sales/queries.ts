import { sql } from 'kysely';
import { arrayLiteral, columnsOf } from '../../db/columns.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { Payment, SaleKind, SaleLinesTable } from './tables.ts';

export interface SaleRow {
  channel: string;
  external_id: string;
  kind: SaleKind;
  original_sale_id: string | null;
  original_external_id: string | null;
  customer_id: string | null;
  occurred_at: string;
  currency: string;
  subtotal: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  cost: number;
  gross_margin: number;
  item_count: number;
  payments: Payment[];
  request_hash: string;
  import_job_id: string | null;
  created_by_kind: string;
  created_by_id: string | null;
}

const SALE_COLUMNS = ['channel', 'external_id', 'kind', 'original_sale_id', 'original_external_id', 'customer_id', 'occurred_at', 'currency',
  'subtotal', 'discount', 'net', 'tax', 'total', 'cost', 'gross_margin', 'item_count', 'request_hash', 'import_job_id', 'created_by_kind',
  'created_by_id'] as const;

/** A line as inserted: the table's row without the tenant and the sale, given with its lines. */
export type LineRow = Omit<SaleLinesTable, 'tenant_id' | 'sale_id'>;

const LINE_COLUMNS = ['line_no', 'sku', 'product_id', 'description', 'is_product', 'quantity', 'unit_price', 'discount', 'tax', 'net', 'cost',
  'cost_source', 'gross_margin'] as const;

/**
 * Sales and their lines as insertNewSales takes them: one array literal per column (arrayLiteral), built before the
 * transaction, so that an import serializes its next batch while the database writes the one before.
 */
export interface SalesToWrite {
  sales: Record<'id' | 'payments' | 'points' | (typeof SALE_COLUMNS)[number], string>;
  lines: Record<'sale_id' | (typeof LINE_COLUMNS)[number], string>;
}

export function salesToWrite(sales: readonly { id: string; row: SaleRow; lines: readonly LineRow[]; points: number }[]): SalesToWrite {
  const rows = sales.map((sale) => sale.row);
  const lines = sales.flatMap((sale) => sale.lines);
  const saleColumns = columnsOf(rows, SALE_COLUMNS);
  const lineColumns = columnsOf(lines, LINE_COLUMNS);
  return {
    sales: {
      ...literals(saleColumns), id: arrayLiteral(sales.map((sale) => sale.id)),
      payments: arrayLiteral(rows.map((row) => JSON.stringify(row.payments))), points: arrayLiteral(sales.map((sale) => sale.points)),
    },
    lines: { ...literals(lineColumns), sale_id: arrayLiteral(sales.flatMap((sale) => sale.lines.map(() => sale.id))) },
  };
}

/** Several SalesToWrite as one, in order (the array literals joined). */
export function joinSalesToWrite(parts: readonly SalesToWrite[]): SalesToWrite {
  const join = <K extends string>(pick: (part: SalesToWrite) => Record<K, string>): Record<K, string> => {
    const out = {} as Record<K, string>;
    for (const key of Object.keys(pick(parts[0]!)) as K[]) {
      out[key] = `{${parts.map((part) => pick(part)[key].slice(1, -1)).filter((inner) => inner.length > 0).join(',')}}`;
    }
    return out;
  };
  return parts.length === 1 ? parts[0]! : { sales: join((part) => part.sales), lines: join((part) => part.lines) };
}

function literals<K extends string>(columns: Record<K, unknown[]>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(columns) as K[]) out[key] = arrayLiteral(columns[key] as (string | number | boolean | null)[]);
  return out;
}

/**
 * Inserts the sales whose (channel, external id) the store has not recorded, with their lines; adds them to their
 * customers' tallies (returns and cancellations count against sales, not as orders) and their loyalty points, each
 * customer's row changed once, with a ledger entry per sale that earned points (its balance_after the running
 * balance, in the batch's order). All in one statement; answers the sales it added. A sale's id is a UUID version
 * 7, which begins with its creation time: new sales, and their lines keyed by the sale, go to the end of their
 * indexes instead of anywhere in them (an import 0.5-0.7 s faster of 13 s). The lines of a sale already recorded
 * are left out by the statement itself. The points go in here rather than by a statement of the balances module
 * because a second UPDATE of the same customers per batch cost an import 0.7 s of the server's time.
 */
export async function insertNewSales(tx: Tx, tenantId: string, write: SalesToWrite) {
  const { sales: s, lines: l } = write;
  const result = await sql<{ id: string; created_at: Date }>`
    with s as (
      select * from unnest(${s.id}::uuid[], ${s.channel}::text[], ${s.external_id}::text[], ${s.kind}::text[], ${s.original_sale_id}::uuid[],
        ${s.original_external_id}::text[], ${s.customer_id}::uuid[], ${s.occurred_at}::timestamptz[], ${s.currency}::text[], ${s.subtotal}::bigint[],
        ${s.discount}::bigint[], ${s.net}::bigint[], ${s.tax}::bigint[], ${s.total}::bigint[], ${s.cost}::bigint[], ${s.gross_margin}::bigint[],
        ${s.item_count}::bigint[], ${s.payments}::text[], ${s.request_hash}::text[], ${s.import_job_id}::uuid[], ${s.created_by_kind}::text[],
        ${s.created_by_id}::uuid[], ${s.points}::bigint[]) with ordinality
        as s(id, channel, external_id, kind, original_sale_id, original_external_id, customer_id, occurred_at, currency, subtotal, discount, net,
          tax, total, cost, gross_margin, item_count, payments, request_hash, import_job_id, created_by_kind, created_by_id, points, ord)
    ), inserted as (
      insert into sales (tenant_id, id, channel, external_id, kind, original_sale_id, original_external_id, customer_id, occurred_at, currency,
        subtotal, discount, net, tax, total, cost, gross_margin, item_count, payments, request_hash, import_job_id, created_by_kind, created_by_id)
      select ${tenantId}::uuid, id, channel, external_id, kind, original_sale_id, original_external_id, customer_id, occurred_at, currency,
        subtotal, discount, net, tax, total, cost, gross_margin, item_count, payments::jsonb, request_hash, import_job_id, created_by_kind, created_by_id
      from s
      on conflict (tenant_id, channel, external_id) do nothing
      returning id, created_at
    ), added as (
      select s.* from s join inserted using (id) where s.customer_id is not null
    ), lines as (
      insert into sale_lines (tenant_id, sale_id, line_no, sku, product_id, description, is_product, quantity, unit_price, discount, tax,
        net, cost, cost_source, gross_margin)
      select ${tenantId}::uuid, sale_id, line_no, sku, product_id, description, is_product, quantity, unit_price, discount, tax,
        net, cost, cost_source, gross_margin
      from unnest(${l.sale_id}::uuid[], ${l.line_no}::int[], ${l.sku}::text[], ${l.product_id}::uuid[], ${l.description}::text[],
        ${l.is_product}::boolean[], ${l.quantity}::int[], ${l.unit_price}::bigint[], ${l.discount}::bigint[], ${l.tax}::bigint[],
        ${l.net}::bigint[], ${l.cost}::bigint[], ${l.cost_source}::text[], ${l.gross_margin}::bigint[])
        as l(sale_id, line_no, sku, product_id, description, is_product, quantity, unit_price, discount, tax, net, cost, cost_source, gross_margin)
      where l.sale_id in (select id from inserted)
    ), tallies as (
      update customers c set
        order_count = c.order_count + t.orders, total_sales = c.total_sales + t.net, gross_margin = c.gross_margin + t.margin,
        first_purchase_at = least(c.first_purchase_at, t.first_at), last_purchase_at = greatest(c.last_purchase_at, t.last_at),
        loyalty_points = c.loyalty_points + t.points, version = c.version + 1
      from (
        select customer_id, count(*) filter (where kind = 'sale') as orders, sum(net) as net, sum(gross_margin) as margin,
          min(occurred_at) filter (where kind = 'sale') as first_at, max(occurred_at) filter (where kind = 'sale') as last_at,
          sum(points) as points
        from added group by customer_id) t
      where c.tenant_id = ${tenantId} and c.id = t.customer_id
      returning c.id, c.loyalty_points as points_after
    ), earnings as (
      insert into balance_entries (tenant_id, customer_id, balance, entry_type, amount, balance_after, reference, sale_id,
        created_by_kind, created_by_id)
      select ${tenantId}::uuid, a.customer_id, 'loyalty_points', 'earning', a.points,
        t.points_after - coalesce(sum(a.points) over (partition by a.customer_id order by a.ord rows between 1 following and unbounded following), 0),
        a.external_id, a.id, a.created_by_kind, a.created_by_id
      from added a join tallies t on t.id = a.customer_id
      where a.points <> 0
      order by a.ord
    )
    select id, created_at from inserted`.execute(tx);
  return result.rows;
}

export function existingCustomerIds(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', sql<string>`any(${ids}::uuid[])`).execute();
}

/** Recorded sales by (channel, external id): the originals that returns refer to, or what a retry finds. */
export function salesByExternalId(db: Db, tenantId: string, keys: { channel: string; external_id: string }[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('sales').select(['id', 'channel', 'external_id', 'customer_id', 'request_hash'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`(channel, external_id) in (select * from unnest(${keys.map((key) => key.channel)}::text[], ${keys.map((key) => key.external_id)}::text[]))`)
    .execute();
}

function summary(db: Db, tenantId: string) {
  return db.selectFrom('sales').selectAll('sales')
    .select((eb) => eb.selectFrom('sale_lines').select(eb.fn.countAll<number>().as('n'))
      .whereRef('sale_lines.tenant_id', '=', 'sales.tenant_id').whereRef('sale_lines.sale_id', '=', 'sales.id').as('line_count'))
    .where('sales.tenant_id', '=', tenantId);
}

export function findSale(db: Db, tenantId: string, id: string) {
  return summary(db, tenantId).where('sales.id', '=', id).executeTakeFirst();
}

export function linesOf(db: Db, tenantId: string, saleId: string) {
  return db.selectFrom('sale_lines').selectAll().where('tenant_id', '=', tenantId).where('sale_id', '=', saleId).orderBy('line_no').execute();
}

export async function loyaltyPointsOf(db: Db, tenantId: string, saleId: string): Promise<number> {
  const row = await db.selectFrom('balance_entries').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('points'))
    .where('tenant_id', '=', tenantId).where('sale_id', '=', saleId).where('balance', '=', 'loyalty_points').where('entry_type', '=', 'earning')
    .executeTakeFirstOrThrow();
  return Number(row.points);
}

export interface SaleFilter {
  customerId?: string | undefined;
  channel?: string | undefined;
  kind?: SaleKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filtered(db: Db, tenantId: string, filter: SaleFilter) {
  let query = summary(db, tenantId);
  if (filter.customerId) query = query.where('sales.customer_id', '=', filter.customerId);
  if (filter.channel !== undefined) query = query.where('sales.channel', '=', filter.channel);
  if (filter.kind) query = query.where('sales.kind', '=', filter.kind);
  if (filter.from) query = query.where('sales.occurred_at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('sales.occurred_at', '<', new Date(filter.to));
  return query;
}

/** Newest first, by (occurred_at, id) keyset. */
export function listSalePage(db: Db, tenantId: string, filter: SaleFilter, limit: number, before?: [string, string]) {
  let query = filtered(db, tenantId, filter);
  if (before) query = query.where(sql`(sales.occurred_at, sales.id)`, '<', sql`(${before[0]}::timestamptz, ${before[1]}::uuid)`);
  return query.orderBy('sales.occurred_at', 'desc').orderBy('sales.id', 'desc').limit(limit).execute();
}

export async function countSales(db: Db, tenantId: string, filter: SaleFilter): Promise<number> {
  const row = await filtered(db, tenantId, filter).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
