// Recording one sale (POST /v1/sales, the body of record-sale.bench.ts) with frequency groups kept current against
// the same sale with that upkeep off. Both stores hold the whole Online Retail history, loaded by the sales import
// (groups-history.ts): "on" has three frequency groups (sales, gross margin, transactions; never_reset from
// 2010-12-01; three levels each) whose members are computed, "off" has no group. The bench works on a copy of the
// loaded history (CREATE DATABASE ... TEMPLATE on the server, a copied folder on PGlite), so the kept history is
// not changed. Sales cycle over the customers who have a history, the same customers (by Online Retail number) on
// both sides; each request has its own external id. Runs of the two sides taken in turn.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect, type Connection } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { databaseUrl, FREQUENCY_GROUPS, historyDatabase, historyFolder, openHistory, recreateServerDatabase } from './groups-history.ts';
import {
  buildBenchApp, count, describeMachine, fixed, type Kind, label, load, type LoadOptions, machine, median, ms, p95, pairedRatio, parseFlags, redact,
  type Summary, summarise, table, today, writeSection,
} from './harness.ts';

const flags = await parseFlags();
const RUNS = Number(process.env.RUNS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 4);
const CONNECTIONS = 10;
const GOAL = 1.5;
const COPY = 'clientele_bench_groups_sale';

async function versionOf(connection: Connection, kind: Kind): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(connection.db);
  const version = /PostgreSQL [\d.]+/.exec(rows[0]!.version)?.[0] ?? rows[0]!.version;
  return kind === 'pglite' ? `PGlite (${version}, WASM, in-process)` : `${version} (server, 127.0.0.1)`;
}

/** A throwaway copy of the loaded 1x history. */
async function copyOfHistory(kind: Kind) {
  const history = await openHistory(kind, 1, { plain: true });
  const manifest = history.manifest;
  await history.close();
  if (kind === 'postgres') {
    await recreateServerDatabase(COPY, historyDatabase(1));
    const connection = await connect({ databaseUrl: databaseUrl(COPY) });
    await migrateToLatest(connection.db);
    return { connection, manifest, where: redact(databaseUrl(COPY)), drop: () => connection.close() };
  }
  const folder = await mkdtemp(join(tmpdir(), 'clientele-bench-groups-sale-'));
  await cp(historyFolder(1), folder, { recursive: true });
  const connection = await connect({ dataDir: folder });
  await migrateToLatest(connection.db);
  return { connection, manifest, where: 'a copied PGlite folder', drop: async () => { await connection.close(); await rm(folder, { recursive: true, force: true }); } };
}

/** The store's customers with a history, in Online Retail number order (the same people in both stores). */
async function customersWithHistory(connection: Connection, tenantId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select c.id from customers c
    where c.tenant_id = ${tenantId} and exists (select 1 from sales s where s.tenant_id = c.tenant_id and s.customer_id = c.id)
    order by (c.external_ids->>'online_retail')::bigint`.execute(connection.db);
  return rows.map((row) => row.id);
}

async function ledgerRows(connection: Connection, tenantId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from group_membership_changes where tenant_id = ${tenantId}`.execute(connection.db);
  return Number(rows[0]!.n);
}

async function bench(kind: Kind) {
  const copy = await copyOfHistory(kind);
  const { connection, manifest } = copy;
  const version = await versionOf(connection, kind);
  const off = { id: manifest.plain!.id, key: manifest.plain!.key, customers: await customersWithHistory(connection, manifest.plain!.id) };
  const on = { id: manifest.groups.id, key: manifest.groups.key, customers: await customersWithHistory(connection, manifest.groups.id) };
  if (off.customers.length !== on.customers.length) throw new Error(`the two stores differ: ${off.customers.length} and ${on.customers.length} customers with sales`);
  const ledgerBefore = await ledgerRows(connection, on.id);
  const app = await buildBenchApp(connection);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The till's receipt of record-sale.bench.ts; {{tag}} makes each run's external ids its own.
  const sale = (tag: string) => JSON.stringify({
    external_id: `bench-${tag}-{{n}}`, channel: 'bench-till', customer_id: '{{value}}', occurred_at: '2026-03-01T10:00:00Z',
    lines: [
      { sku: 'BENCH-MUG', description: 'Mug', quantity: 2, unit_price: 450, tax: 180 },
      { sku: 'BENCH-CANDLE', description: 'Candle', quantity: 1, unit_price: 1299, discount: 100, tax: 240 },
      { sku: 'POST', description: 'Postage', quantity: 1, unit_price: 395, is_product: false },
    ],
    payments: [{ method: 'card', amount: 900 + 1199 + 395 + 420 }],
  });
  const options = (store: typeof on, tag: string, duration = SECONDS): LoadOptions => ({
    url, headers: { authorization: `Bearer ${store.key}` }, connections: CONNECTIONS, duration, paths: ['/v1/sales'], body: sale(tag), values: store.customers,
  });
  const stamp = Date.now().toString(36);
  await load(options(off, `${stamp}-w`, 2));
  await load(options(on, `${stamp}-w`, 2));
  const a = [];
  const b = [];
  for (let run = 0; run < RUNS; run++) {
    a.push(await load(options(off, `${stamp}-${run}`)));
    b.push(await load(options(on, `${stamp}-${run}`)));
  }
  await app.close();
  const ledgerAdded = (await ledgerRows(connection, on.id)) - ledgerBefore;
  await copy.drop();
  const result = { off: summarise(a), on: summarise(b) };
  const p95Ratio = p95(result.on.latencies) / p95(result.off.latencies);

  const row = (side: string, s: Summary) => [side, fixed(median(s.runs), 0), ms(median(s.latencies)), ms(p95(s.latencies)), s.requests];
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(version))}. Data: two stores, each with the whole Online Retail history `
      + `(${count(manifest.groups.sales)} sales of ${count(on.customers.length)} customers, loaded by the sales import), in ${copy.where}, a copy of the kept history. `
      + `Upkeep on: ${FREQUENCY_GROUPS.map((g) => `${g.name} (${g.metric})`).join(', ')}, never_reset from 2010-12-01, 3 levels each, members computed. `
      + `Sales cycle over the ${count(on.customers.length)} customers with a history (the same Online Retail numbers on both sides); each sale of 3 lines, `
      + `a new external id each. Load: autocannon in a child process, ${CONNECTIONS} connections, ${RUNS} runs of ${SECONDS} s per side, taken in turn after a 2 s warm-up. `
      + `The sales moved ${count(ledgerAdded)} memberships (ledger rows) in the groups.`,
    '',
    table(['side', 'req/s', 'median ms', 'p95 ms', 'requests'], [
      row('upkeep off: POST /v1/sales, store without frequency groups', result.off),
      row('upkeep on: POST /v1/sales, store with 3 frequency groups', result.on),
    ]),
    '',
    `p95 on / off: ${fixed(p95Ratio)} (goal ≤ ${GOAL}: ${p95Ratio <= GOAL ? 'met' : 'not met'}); median on / off: ${fixed(median(result.on.latencies) / median(result.off.latencies))}; `
      + `req/s on / off (median of run-by-run ratios): ${fixed(pairedRatio(result.on, result.off))}.`,
    '',
    `Reproduce: \`node --import tsx bench/groups-sale.bench.ts --db ${kind}\` (or \`npm run bench -- --db ${kind} --only groups-sale\`); RUNS=n and SECONDS=n override. `
      + 'The first run loads the history (about 1-3 minutes per store) and keeps it.',
  ].join('\n');
  const title = `Customer groups: recording a sale with frequency-group upkeep on and off — ${label(kind)}`;
  console.log(`\n${title}\n${body}\n`);
  writeSection({ key: `groups-sale:${flags.size}:${kind}`, title, body });
}

for (const kind of flags.kinds) await bench(kind);
