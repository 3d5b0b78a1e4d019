import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { customerMatches, type ResolvedTagCondition } from '../tags/condition.ts';
import type { ReportInterval } from './schema.ts';

export interface SalesReportFilter {
  /** First and last local day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  interval: ReportInterval;
  /** The store's IANA zone: days start at its local midnight. */
  timeZone: string;
  tags?: ResolvedTagCondition | undefined;
  channel?: string | undefined;
}

export interface PeriodFigures {
  /** null on the row of the whole range. */
  period_start: string | null;
  net_sales: number;
  orders: number;
  returns: number;
  customers: number;
  gross_margin: number;
  items: number;
}

// The ends of the range are the store's local midnights, turned into instants by `at time zone` (so a
// 23-hour or 25-hour day around a clock change is still one day), and the range reads the
// sales_occurred index (tenant_id, occurred_at). Each sale falls in the period its local time truncates
// to; the periods themselves are counted in local calendar time (timestamp without zone), which has no
// clock changes. `date_trunc('week', ...)` starts weeks on Monday (ISO).
//
// One pass over the sales: grouping sets give each period and the whole range (whose distinct customers
// are not the sum of the periods'), and `figures`, used twice, is computed once.
export async function salesByPeriod(db: Db, tenantId: string, filter: SalesReportFilter): Promise<PeriodFigures[]> {
  const { interval: unit, timeZone: zone } = filter;
  const step = `1 ${unit}`;
  const start = sql`(${filter.from}::date::timestamp at time zone ${zone})`;
  const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${zone})`;
  const conditions: RawBuilder<unknown>[] = [
    sql`s.tenant_id = ${tenantId}`, sql`s.occurred_at >= ${start}`, sql`s.occurred_at < ${end}`,
  ];
  if (filter.channel !== undefined) conditions.push(sql`s.channel = ${filter.channel}`);
  // Under a tag condition only sales to a matching customer count: an inner join leaves walk-ins out.
  const customers = filter.tags
    ? sql`join customers c on c.tenant_id = ${tenantId} and c.id = s.customer_id and ${customerMatches(filter.tags, sql.ref('c.tag_numbers'))}`
    : sql``;

  const result = await sql<PeriodFigures>`
    with in_range as (
      select date_trunc(${unit}, s.occurred_at at time zone ${zone})::date as period_start,
        s.kind, s.net, s.customer_id, s.gross_margin, s.item_count
      from sales s
      ${customers}
      where ${sql.join(conditions, sql` and `)}
    ),
    figures as (
      select period_start, grouping(period_start) = 1 as whole_range,
        coalesce(sum(net), 0)::bigint as net_sales,
        (count(*) filter (where kind = 'sale'))::int as orders,
        (count(*) filter (where kind <> 'sale'))::int as returns,
        count(distinct customer_id)::int as customers,
        coalesce(sum(gross_margin), 0)::bigint as gross_margin,
        coalesce(sum(item_count), 0)::bigint as items
      from in_range
      group by grouping sets ((period_start), ())
    )
    select p.day as period_start, coalesce(f.net_sales, 0)::bigint as net_sales, coalesce(f.orders, 0) as orders,
      coalesce(f.returns, 0) as returns, coalesce(f.customers, 0) as customers,
      coalesce(f.gross_margin, 0)::bigint as gross_margin, coalesce(f.items, 0)::bigint as items
    from (
      select period::date as day
      from generate_series(date_trunc(${unit}, ${filter.from}::date::timestamp), ${filter.to}::date::timestamp, ${step}::interval) as period
    ) p
    left join figures f on not f.whole_range and f.period_start = p.day
    union all
    select null, net_sales, orders, returns, customers, gross_margin, items from figures where whole_range
    order by period_start nulls first
  `.execute(db);
  return result.rows;
}

