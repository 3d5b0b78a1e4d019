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
 * A sale is the group's when its customer has a span of membership around it. at_sale reads the spans from
 * the ledger: each (group, customer) row opens a span that runs to the next row of that pair (lead() ordered
 * by effective_at, then id for ties), and the spans of 'entered' and 'level_changed' rows are the times the
 * customer was in; a sale at the very instant of an entry counts (a frequency group's qualifying sale takes
 * effect at its own time), one at the instant of an exit does not. today gives each of today's members one
 * span without ends. Either way a customer's spans never overlap, so the left join finds at most one per
 * sale and a sale counts once. As a join the spans are computed once; an `exists` ran the ledger subquery
 * once per sale instead (22,000 times for a year of Online Retail).
 */
function salesInRange(tenantId: string, filter: GroupReportFilter): RawBuilder<unknown> {
  const { groupId, timeZone: zone } = filter;
  const start = sql`(${filter.from}::date::timestamp at time zone ${zone})`;
  const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${zone})`;
  const spans = filter.membership === 'today'
    ? sql`select customer_id, '-infinity'::timestamptz as starts, null::timestamptz as ends
        from group_members where tenant_id = ${tenantId} and group_id = ${groupId}`
    : sql`select customer_id, starts, ends from (
          select customer_id, change, effective_at as starts,
            lead(effective_at) over (partition by customer_id order by effective_at, id) as ends
          from group_membership_changes
          where tenant_id = ${tenantId} and group_id = ${groupId}
        ) ledger
        where change <> 'left' and starts < ${end} and (ends is null or ends > ${start})`;
  return sql`
    spans as (${spans}),
    in_range as (
      select s.id, s.kind, s.net, s.customer_id, s.gross_margin, s.item_count, m.customer_id is not null as in_group
      from sales s
      left join spans m on m.customer_id = s.customer_id and s.occurred_at >= m.starts and (m.ends is null or s.occurred_at < m.ends)
      where s.tenant_id = ${tenantId} and s.occurred_at >= ${start} and s.occurred_at < ${end}
    )`;
}

/** The figures of the sales report, for the group and for the store: always two rows, zeros without sales. */
export async function groupAndStoreFigures(db: Db, tenantId: string, filter: GroupReportFilter): Promise<ScopeFigures[]> {
  const result = await sql<ScopeFigures>`
    with ${salesInRange(tenantId, filter)},
    -- Each sale once for the store, and once more for the group when it is the group's, so the figures are written once.
    scoped as (
      select scope.name as scope, s.*
      from in_range s cross join lateral (values ('store'), ('group')) as scope (name)
      where scope.name = 'store' or s.in_group
    ),
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
 * and fees are not products. A line belongs to its product when the store knows the SKU, else to its own SKU,
 * else to its description, so lines of one product add up even after the product was renamed. The store's
 * lines are read once, the group's sums taken from them with a filter.
 */
export async function topProducts(db: Db, tenantId: string, filter: GroupReportFilter, top: number): Promise<ProductRow[]> {
  const result = await sql<ProductRow>`
    with ${salesInRange(tenantId, filter)},
    per_product as (
      select l.product_id, case when l.product_id is null then coalesce('sku:' || l.sku, 'line:' || coalesce(l.description, '')) end as loose,
        max(l.sku) as sku, max(l.description) as description, bool_or(s.in_group) as group_bought,
        sum(l.quantity) as quantity, sum(l.net) as net_sales, sum(l.gross_margin) as gross_margin,
        sum(l.quantity) filter (where s.in_group) as group_quantity, sum(l.net) filter (where s.in_group) as group_net,
        sum(l.gross_margin) filter (where s.in_group) as group_margin
      from in_range s
      join sale_lines l on l.tenant_id = ${tenantId} and l.sale_id = s.id and l.is_product
      group by 1, 2
    ),
    named as (
      select pp.*, coalesce(p.sku, pp.sku) as sku_shown, coalesce(p.name, pp.description) as name
      from per_product pp
      left join products p on p.tenant_id = ${tenantId} and p.id = pp.product_id
    ),
    ranked as (
      select *,
        row_number() over (order by net_sales desc, sku_shown collate "C", name collate "C", product_id, loose) as store_rank,
        row_number() over (partition by group_bought order by group_net desc, sku_shown collate "C", name collate "C", product_id, loose) as group_rank
      from named
    )
    select scope, sku, name, quantity::bigint, net_sales::bigint, gross_margin::bigint from (
      select 'group' as scope, sku_shown as sku, name, group_quantity as quantity, group_net as net_sales, group_margin as gross_margin, group_rank as rank
      from ranked where group_bought and group_rank <= ${top}
      union all
      select 'store', sku_shown, name, quantity, net_sales, gross_margin, store_rank from ranked where store_rank <= ${top}
    ) top_rows
    order by scope, rank
  `.execute(db);
  return result.rows;
}

/**
 * What the group's customers spent on each product classification: the net of their product lines, summed
 * per product first (a few thousand rows rather than every line), then under every classification of the
 * product (a product classified twice feeds two terms). Terms with nothing spent, or more returned than
 * bought, are left out.
 */
export async function classificationSpend(db: Db, tenantId: string, filter: GroupReportFilter, limit: number): Promise<ClassificationSpend[]> {
  const result = await sql<ClassificationSpend>`
    with ${salesInRange(tenantId, filter)},
    per_product as (
      select l.product_id, sum(l.net) as spend
      from in_range s
      join sale_lines l on l.tenant_id = ${tenantId} and l.sale_id = s.id and l.is_product and l.product_id is not null
      where s.in_group
      group by l.product_id
    )
    select c.term, sum(pp.spend)::bigint as spend
    from per_product pp
    join products p on p.tenant_id = ${tenantId} and p.id = pp.product_id
    cross join lateral (select distinct term from unnest(p.classifications) as term) c
    group by c.term
    having sum(pp.spend) > 0
    order by spend desc, c.term collate "C"
    limit ${limit}
  `.execute(db);
  return result.rows;
}
