import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { GroupMembershipBasis } from './schema.ts';

export interface GroupReportFilter {
  groupId: string;
  /** First and last local day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  /** The store's IANA zone: days start at its local midnight. */
  timeZone: string;
  membership: GroupMembershipBasis;
}

export type Scope = 'group' | 'store';

export interface ScopeFigures {
  scope: Scope;
  net_sales: number;
  orders: number;
  returns: number;
  customers: number;
  gross_margin: number;
  items: number;
}

export interface ProductRow {
  scope: Scope;
  sku: string | null;
  name: string | null;
  quantity: number;
  net_sales: number;
  gross_margin: number;
}

export interface ClassificationSpend {
  term: string;
  spend: number;
}

/** The group's name, or undefined when the store has no such group. */
export async function findGroupName(db: Db, tenantId: string, groupId: string): Promise<string | undefined> {
  const row = await db.selectFrom('customer_groups').select('name')
    .where('tenant_id', '=', tenantId).where('id', '=', groupId).executeTakeFirst();
  return row?.name;
}

/**
 * The store's sales of the range (the ends are local midnights, as in the sales report, read through the
 * sales_occurred index), each flagged `in_group`.
 *
 * at_sale reads the ledger: each (group, customer) row opens a span that runs to the next row of that pair
 * (lead() ordered by effective_at, then id for ties), and the spans of 'entered' and 'level_changed' rows
 * are the times the customer was in. A pair's spans never overlap, so `exists` finds a sale in at most one
 * and the sale counts once; a sale at the very instant of an entry counts (the qualifying sale of a
 * frequency group takes effect at its own time), one at the instant of an exit does not.
 * today reads group_members as it stands: every sale of the range by a member now.
 */
function salesInRange(tenantId: string, filter: GroupReportFilter): RawBuilder<unknown> {
  const { groupId, timeZone: zone } = filter;
  const start = sql`(${filter.from}::date::timestamp at time zone ${zone})`;
  const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${zone})`;
  const inGroup = filter.membership === 'today'
    ? sql`exists (select 1 from group_members gm
        where gm.tenant_id = ${tenantId} and gm.group_id = ${groupId} and gm.customer_id = s.customer_id)`
    : sql`exists (select 1 from spans m
        where m.customer_id = s.customer_id and s.occurred_at >= m.starts and (m.ends is null or s.occurred_at < m.ends))`;
  return sql`
    spans as (
      select customer_id, starts, ends from (
        select customer_id, change, effective_at as starts,
          lead(effective_at) over (partition by customer_id order by effective_at, id) as ends
        from group_membership_changes
        where tenant_id = ${tenantId} and group_id = ${groupId}
      ) ledger
      where change <> 'left' and starts < ${end} and (ends is null or ends > ${start})
    ),
    in_range as (
      select s.id, s.kind, s.net, s.customer_id, s.gross_margin, s.item_count,
        s.customer_id is not null and ${inGroup} as in_group
      from sales s
      where s.tenant_id = ${tenantId} and s.occurred_at >= ${start} and s.occurred_at < ${end}
    ),
    -- Each sale once for the store, and once more for the group when it is the group's.
    scoped as (
      select scope.name as scope, s.*
      from in_range s cross join lateral (values ('store'), ('group')) as scope (name)
      where scope.name = 'store' or s.in_group
    )`;
}

/** The figures of the sales report, for the group and for the store: always two rows, zeros without sales. */
export async function groupAndStoreFigures(db: Db, tenantId: string, filter: GroupReportFilter): Promise<ScopeFigures[]> {
  const result = await sql<ScopeFigures>`
    with ${salesInRange(tenantId, filter)},
    figures as (
      select scope,
        coalesce(sum(net), 0)::bigint as net_sales,
        (count(*) filter (where kind = 'sale'))::int as orders,
        (count(*) filter (where kind <> 'sale'))::int as returns,
        count(distinct customer_id)::int as customers,
        coalesce(sum(gross_margin), 0)::bigint as gross_margin,
        coalesce(sum(item_count), 0)::bigint as items
      from scoped
      group by scope
    )
    select w.scope, coalesce(f.net_sales, 0)::bigint as net_sales, coalesce(f.orders, 0) as orders,
      coalesce(f.returns, 0) as returns, coalesce(f.customers, 0) as customers,
      coalesce(f.gross_margin, 0)::bigint as gross_margin, coalesce(f.items, 0)::bigint as items
    from (values ('group'), ('store')) as w (scope)
    left join figures f on f.scope = w.scope
  `.execute(db);
  return result.rows;
}

/**
 * The `top` best-selling products of the group and of the store, by net sales. Product lines only: postage
 * and fees are not products. A line names its product by product_id when the store knows the SKU, else by
 * its own SKU, else by its description, so lines of one product add up even when the product was renamed.
 */
export async function topProducts(db: Db, tenantId: string, filter: GroupReportFilter, top: number): Promise<ProductRow[]> {
  const result = await sql<ProductRow>`
    with ${salesInRange(tenantId, filter)},
    per_product as (
      select s.scope, coalesce(l.product_id::text, 'sku:' || l.sku, 'line:' || coalesce(l.description, '')) as product,
        coalesce(max(p.sku), max(l.sku)) as sku, coalesce(max(p.name), max(l.description)) as name,
        sum(l.quantity)::bigint as quantity, sum(l.net)::bigint as net_sales, sum(l.gross_margin)::bigint as gross_margin
      from scoped s
      join sale_lines l on l.tenant_id = ${tenantId} and l.sale_id = s.id and l.is_product
      left join products p on p.tenant_id = ${tenantId} and p.id = l.product_id
      group by s.scope, 2
    ),
    ranked as (
      select *, row_number() over (partition by scope order by net_sales desc, sku collate "C", name collate "C", product) as rank from per_product
    )
    select scope, sku, name, quantity, net_sales, gross_margin from ranked where rank <= ${top} order by scope, rank
  `.execute(db);
  return result.rows;
}

/**
 * What the group's customers spent on each product classification: the net of their product lines, each
 * line counted once under every classification of its product (a product classified twice feeds two terms).
 * Terms with nothing spent, or more returned than bought, are left out.
 */
export async function classificationSpend(db: Db, tenantId: string, filter: GroupReportFilter, limit: number): Promise<ClassificationSpend[]> {
  const result = await sql<ClassificationSpend>`
    with ${salesInRange(tenantId, filter)}
    select c.term, sum(l.net)::bigint as spend
    from in_range s
    join sale_lines l on l.tenant_id = ${tenantId} and l.sale_id = s.id and l.is_product
    join products p on p.tenant_id = ${tenantId} and p.id = l.product_id
    cross join lateral (select distinct term from unnest(p.classifications) as term) c
    where s.in_group
    group by c.term
    having sum(l.net) > 0
    order by spend desc, c.term collate "C"
    limit ${limit}
  `.execute(db);
  return result.rows;
}
