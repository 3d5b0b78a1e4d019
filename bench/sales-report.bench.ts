// Sales report: POST /v1/reports/sales over a full year, as the service answers it (salesReport in
// src/modules/reports/service.ts: store, tag check, one statement), by day and by month, without a tag condition
// and with two (OR of the tag most carried by the year's buyers, NONE of it), one at a time; median and p95.
// Baseline in the same run: count and sum of the year's sales of the store through the sales_occurred index, the
// least any report of that range has to read.
//
// It needs sales: it takes the store of the data set with the most (or --store <tenant id>), loaded by the sales
// import, and skips with a message when there are none. The year is the 365 local days ending on the store's last sale.
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import type { Ctx } from '../src/modules/access/context.ts';
import { ALL_RIGHTS } from '../src/modules/access/rights.ts';
import type { SalesReportRequest } from '../src/modules/reports/schema.ts';
import { salesReport } from '../src/modules/reports/service.ts';
import { openDataset } from './generate.ts';
import {
  count, describeMachine, fixed, type Kind, label, machine, median, ms, p95, parseFlags, reproduce, table, timeRepeatedly, today, writeSection,
} from './harness.ts';

const flags = await parseFlags();
const storeFlag = (() => {
  const i = process.argv.indexOf('--store');
  return i >= 0 ? process.argv[i + 1] : process.argv.find((arg) => arg.startsWith('--store='))?.split('=')[1];
})();
/** Seconds each report is repeated for (at least MINIMUM times). */
const SECONDS = flags.size === 'full' ? 20 : 8;
const MINIMUM = 5;

interface SalesStore { tenantId: string; sales: number; timeZone: string; from: string; to: string }

/** The store with the most sales (or the one asked for), and the year ending on its last sale's local day. */
async function findSalesStore(db: Db): Promise<SalesStore | undefined> {
  const { rows } = await sql<{ tenant_id: string; sales: number }>`
    select tenant_id, count(*)::int as sales from sales
    ${storeFlag ? sql`where tenant_id = ${storeFlag}` : sql``}
    group by tenant_id order by sales desc limit 1`.execute(db);
  const found = rows[0];
  if (!found) return undefined;
  const span = (await sql<{ time_zone: string; to: string; from: string }>`
    select st.time_zone, last.day::text as to, (last.day - 364)::text as from
    from stores st,
      lateral (select (max(occurred_at) at time zone st.time_zone)::date as day from sales where tenant_id = st.tenant_id) last
    where st.tenant_id = ${found.tenant_id}`.execute(db)).rows[0]!;
  return { tenantId: found.tenant_id, sales: found.sales, timeZone: span.time_zone, from: span.from, to: span.to };
}

/** The tag most of the year's buyers carry, or undefined when they carry none. */
async function commonestTag(db: Db, store: SalesStore): Promise<{ id: string; name: string; buyers: number } | undefined> {
  const { rows } = await sql<{ id: string; name: string; buyers: number }>`
    with buyers as (
      select distinct customer_id from sales
      where tenant_id = ${store.tenantId} and customer_id is not null
        and occurred_at >= (${store.from}::date::timestamp at time zone ${store.timeZone})
        and occurred_at < ((${store.to}::date + 1)::timestamp at time zone ${store.timeZone}))
    select t.id, t.name, count(*)::int as buyers
    from buyers b
    join customers c on c.tenant_id = ${store.tenantId} and c.id = b.customer_id
    join tags t on t.tenant_id = ${store.tenantId} and t.number = any(c.tag_numbers)
    group by t.id, t.name order by buyers desc limit 1`.execute(db);
  return rows[0];
}

/** The baseline: the year's sales counted and summed, nothing grouped. */
function yearScan(db: Db, store: SalesStore) {
  return sql<{ count: number; net: number | null }>`
    select count(*) as count, sum(net) as net from sales
    where tenant_id = ${store.tenantId}
      and occurred_at >= (${store.from}::date::timestamp at time zone ${store.timeZone})
      and occurred_at < ((${store.to}::date + 1)::timestamp at time zone ${store.timeZone})`.execute(db);
}

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const db = dataset.connection.db;
  const store = await findSalesStore(db);
  if (!store) {
    console.log(`sales report — ${flags.size} — ${label(kind)}: no sales ${storeFlag ? `in store ${storeFlag}` : 'in the data set'}; `
      + 'load them with the sales import first. Skipped.');
    await dataset.close();
    return;
  }
  const ctx: Ctx = { db, tenantId: store.tenantId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  const tag = await commonestTag(db, store);
  const year = { from: store.from, to: store.to };
  const reports: { name: string; body: SalesReportRequest }[] = [];
  for (const interval of ['day', 'month'] as const) {
    reports.push({ name: `by ${interval}, every sale`, body: { ...year, interval } });
    if (tag) {
      reports.push({ name: `by ${interval}, OR ${tag.name}`, body: { ...year, interval, any: [tag.id] } });
      reports.push({ name: `by ${interval}, NONE ${tag.name}`, body: { ...year, interval, none: [tag.id] } });
    }
  }
  if (!tag) console.log('the year\'s buyers carry no tags: measuring without a tag condition only');

  const yearSales = Number((await yearScan(db, store)).rows[0]!.count);
  const baseline = await timeRepeatedly(() => yearScan(db, store), SECONDS, MINIMUM);
  const rows: (string | number)[][] = [];
  for (const report of reports) {
    const answer = await salesReport(ctx, report.body);
    const times = await timeRepeatedly(() => salesReport(ctx, report.body), SECONDS, MINIMUM);
    rows.push([
      report.name, count(answer.totals.orders + answer.totals.returns), answer.series.length, times.length,
      ms(median(times)), ms(p95(times)), fixed(median(times) / median(baseline)),
    ]);
    console.log(`  ${report.name}: median ${ms(median(times))} ms`);
  }

  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size}; store ${store.tenantId} `
      + `(${count(store.sales)} sales in all, ${count(yearSales)} in the year ${store.from} to ${store.to}, time zone ${store.timeZone})`
      + `${tag ? `; tag "${tag.name}", carried by ${count(tag.buyers)} of the year's buyers` : '; its buyers carry no tags'}.`,
    'Each report is what POST /v1/reports/sales answers as JSON, through salesReport (src/modules/reports/service.ts), one at a time, '
      + `repeated for ${SECONDS} s (at least ${MINIMUM} times). A tag condition keeps only sales to matching customers, so walk-in sales drop out. `
      + 'Baseline: `select count(*), sum(net) from sales` over the same year by the sales_occurred index; '
      + `median ${ms(median(baseline))} ms, p95 ${ms(p95(baseline))} ms (${baseline.length} runs).`,
    '',
    table(['report', 'sales counted', 'periods', 'runs', 'median ms', 'p95 ms', 'median / baseline median'], rows),
    '',
    `Reproduce: ${reproduce('sales-report.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nSales report — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `sales-report:${flags.size}:${kind}`, title: `Sales report — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

for (const kind of flags.kinds) await bench(kind);
