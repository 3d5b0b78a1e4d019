// A store with 5,000 static groups (B2B: one per company, with a code and an ERP id) against one with 10, each
// with 20,000 customers spread over its groups (every customer in one group): the group list (default sort, first
// page), a search of the list, the customer form (GET /v1/customers/{id}, which carries the customer's groups) and
// assigning one customer to a group (POST /v1/groups/{id}/members, one customer, always one not yet in that group).
// Over HTTP with autocannon in a child process, the two stores taken in turn run by run, in one app and one
// database made afresh for the bench (a server database clientele_bench_groups_scale, or a temporary PGlite folder).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect, type Connection } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createStore } from '../src/modules/access/stores.ts';
import { addMembers } from '../src/modules/groups/membership.ts';
import { createGroup } from '../src/modules/groups/service.ts';
import { insertCustomers } from './generate.ts';
import { databaseUrl, recreateServerDatabase, systemCtx } from './groups-history.ts';
import {
  buildBenchApp, describeMachine, fixed, type Kind, label, load, type LoadOptions, machine, median, ms, p95, pairedRatio, parseFlags, redact, type Summary,
  shuffled, summarise, table, today, writeSection,
} from './harness.ts';
import { COMPANY_TRADES, COMPANY_WORDS, LAST_NAMES } from './names.ts';

const flags = await parseFlags();
const RUNS = Number(process.env.RUNS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 4);
const CONNECTIONS = 10;
const CUSTOMERS = 20_000;
const SIZES = [10, 5_000] as const;
const DATABASE = 'clientele_bench_groups_scale';

interface Store {
  groups: number;
  id: string;
  key: string;
  groupIds: string[];
  customerIds: string[];
  /** What a user types in the list's search box: parts of this store's own group names. */
  fragments: string[];
  setupSeconds: number;
}

/** A company-like name, code and ERP id for group `i` of `n`. */
function company(i: number) {
  const word = COMPANY_WORDS[i % COMPANY_WORDS.length]!;
  const trade = COMPANY_TRADES[Math.floor(i / COMPANY_WORDS.length) % COMPANY_TRADES.length]!;
  const family = LAST_NAMES[Math.floor(i / (COMPANY_WORDS.length * COMPANY_TRADES.length)) % LAST_NAMES.length]!;
  return { name: `${word} ${trade} ${family} Ltd`, code: `C${String(i + 1).padStart(5, '0')}`, erp_id: `ERP-${String(100_000 + i * 7)}` };
}

async function makeStore(connection: Connection, groups: number, stream: number): Promise<Store> {
  const started = performance.now();
  const created = await createStore(connection.db, { name: `Bench ${groups} groups`, currency: 'GBP', locale: 'en' });
  const ctx = systemCtx(connection, created.store.id);
  const customerIds: string[] = [];
  await insertCustomers(connection, created.store.id, stream, CUSTOMERS, { onCustomer: (g) => customerIds.push(g.customer.id) });
  const groupIds: string[] = [];
  for (let i = 0; i < groups; i++) {
    const group = await createGroup(ctx, { kind: 'static', segment: 'b2b', description: 'Company account', ...company(i) });
    groupIds.push(group.id);
  }
  // Customer i is in group i mod n.
  for (let g = 0; g < groups; g++) {
    const ids = customerIds.filter((_, i) => i % groups === g);
    for (let start = 0; start < ids.length; start += 5000) await addMembers(ctx, groupIds[g]!, ids.slice(start, start + 5000));
  }
  const fragments = Array.from({ length: 40 }, (_, k) => {
    const words = company(Math.floor((k * groups) / 40) % groups).name.toLowerCase().split(' ');
    const word = words[k % 3]!;
    return word.slice(0, Math.min(word.length, 5));
  });
  return { groups, id: created.store.id, key: created.api_key, groupIds, customerIds, fragments, setupSeconds: (performance.now() - started) / 1000 };
}

async function database(kind: Kind): Promise<{ connection: Connection; version: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const folder = await mkdtemp(join(tmpdir(), 'clientele-bench-groups-scale-'));
    const connection = await connect({ dataDir: folder });
    await migrateToLatest(connection.db);
    return { connection, version: 'PGlite', drop: async () => { await connection.close(); await rm(folder, { recursive: true, force: true }); } };
  }
  await recreateServerDatabase(DATABASE);
  const connection = await connect({ databaseUrl: databaseUrl(DATABASE) });
  await migrateToLatest(connection.db);
  return { connection, version: 'PostgreSQL', drop: () => connection.close() };
}

async function versionOf(connection: Connection, kind: Kind): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(connection.db);
  const version = /PostgreSQL [\d.]+/.exec(rows[0]!.version)?.[0] ?? rows[0]!.version;
  return kind === 'pglite' ? `PGlite (${version}, WASM, in-process)` : `${version} (server, 127.0.0.1)`;
}

interface Path {
  name: string;
  options: (store: Store, run: number) => Omit<LoadOptions, 'url' | 'headers' | 'connections' | 'duration'>;
}

const SLICES = RUNS + 1;
const PATHS: Path[] = [
  { name: 'GET /v1/groups (default sort: name; first page of 50)', options: () => ({ paths: ['/v1/groups'] }) },
  { name: 'GET /v1/groups?q= (search: part of a name)', options: (store) => ({ paths: store.fragments.map((q) => `/v1/groups?q=${encodeURIComponent(q)}`) }) },
  // The same two with the page the 10-group store fills: what the store's size costs, apart from a longer answer.
  { name: 'GET /v1/groups?limit=10 (the same, a page of 10)', options: () => ({ paths: ['/v1/groups?limit=10'] }) },
  { name: 'GET /v1/groups?q=&limit=10 (the same search, a page of 10)', options: (store) => ({ paths: store.fragments.map((q) => `/v1/groups?q=${encodeURIComponent(q)}&limit=10`) }) },
  {
    name: 'GET /v1/customers/{id} (the customer form, with its groups)',
    options: (store) => ({ paths: shuffled(store.customerIds.filter((_, i) => i % 40 === 0)).map((id) => `/v1/customers/${id}`) }),
  },
  {
    name: 'POST /v1/groups/{id}/members (one customer)',
    // Run r (0 is the warm-up) takes its own slice of customers, each put in the group after its own, so every request adds a member.
    options: (store, run) => {
      const size = Math.floor(store.customerIds.length / SLICES);
      const indexes = shuffled(Array.from({ length: size }, (_, k) => run * size + k), 11 + run);
      return {
        paths: indexes.map((i) => `/v1/groups/${store.groupIds[(i + 1) % store.groups]}/members`),
        values: indexes.map((i) => store.customerIds[i]!),
        body: '{"customer_ids":["{{value}}"]}',
      };
    },
  },
];

async function bench(kind: Kind) {
  const db = await database(kind);
  const version = await versionOf(db.connection, kind);
  const stores: Store[] = [];
  for (const [i, groups] of SIZES.entries()) {
    stores.push(await makeStore(db.connection, groups, 40 + i));
    console.log(`  store with ${groups} groups ready in ${fixed(stores.at(-1)!.setupSeconds, 0)} s`);
  }
  await sql`vacuum analyze`.execute(db.connection.db);
  const before = await memberTotal(db.connection);
  const app = await buildBenchApp(db.connection);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const results: { path: Path; small: Summary; large: Summary }[] = [];
  const assigned = { requests: 0 };
  for (const path of PATHS) {
    const options = (store: Store, run: number): LoadOptions => ({
      url, headers: { authorization: `Bearer ${store.key}` }, connections: CONNECTIONS, duration: SECONDS, ...path.options(store, run),
    });
    const [small, large] = stores as [Store, Store];
    const warm = [await load({ ...options(small, 0), duration: 2 }), await load({ ...options(large, 0), duration: 2 })];
    const a = [];
    const b = [];
    for (let run = 1; run <= RUNS; run++) {
      a.push(await load(options(small, run)));
      b.push(await load(options(large, run)));
    }
    const result = { path, small: summarise(a), large: summarise(b) };
    if (path.name.startsWith('POST')) assigned.requests = result.small.requests + result.large.requests + warm[0]!.requests + warm[1]!.requests;
    results.push(result);
    console.log(`  ${path.name}: p95 ${ms(p95(result.small.latencies))} ms (10) vs ${ms(p95(result.large.latencies))} ms (5,000)`);
  }
  await app.close();
  const added = (await memberTotal(db.connection)) - before;
  await db.drop();

  const rows = results.flatMap(({ path, small, large }) => [
    [path.name, '10', fixed(median(small.runs), 0), ms(median(small.latencies)), ms(p95(small.latencies)), small.requests, '', ''],
    ['', '5,000', fixed(median(large.runs), 0), ms(median(large.latencies)), ms(p95(large.latencies)), large.requests,
      fixed(median(large.latencies) / median(small.latencies)), fixed(p95(large.latencies) / p95(small.latencies))],
  ]);
  const paired = results.map(({ path, small, large }) => `${path.name.split(' (')[0]} ${fixed(pairedRatio(large, small))}`).join('; ');
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(version))}. Data: two stores in one ${kind === 'postgres' ? `server database (${redact(databaseUrl(DATABASE))})` : 'PGlite folder'}, `
      + `each with ${CUSTOMERS.toLocaleString('en-GB')} generated customers (contacts, addresses); one has 10 static groups, the other 5,000 `
      + '(B2B: company names, codes, ERP ids, segment b2b), every customer in one group (2,000 members a group in the first, 4 in the second). '
      + `Setup (customers, groups and members through the services): ${stores.map((s) => `${fixed(s.setupSeconds, 0)} s`).join(' and ')}. `
      + `Load: autocannon in a child process, ${CONNECTIONS} connections, ${RUNS} runs of ${SECONDS} s per store, the stores taken in turn after a 2 s warm-up of each. `
      + `Search: 40 fragments of each store's own group names (5 letters of a word), in turn. Assign: each request puts a customer in the group after its own, `
      + `a customer used once per bench; ${added.toLocaleString('en-GB')} members were added by ${assigned.requests.toLocaleString('en-GB')} requests (warm-ups included).`,
    '',
    table(['request', 'groups', 'req/s', 'median ms', 'p95 ms', 'requests', 'median 5,000/10', 'p95 5,000/10'], rows),
    '',
    `req/s 5,000/10 (median of run-by-run ratios): ${paired}. Goal: about 1x.`,
    '',
    `Reproduce: \`node --import tsx bench/groups-scale.bench.ts --db ${kind}\` (or \`npm run bench -- --db ${kind} --only groups-scale\`); RUNS=n and SECONDS=n override.`,
  ].join('\n');
  const title = `Customer groups: 10 against 5,000 groups — ${label(kind)}`;
  console.log(`\n${title}\n${body}\n`);
  writeSection({ key: `groups-scale:${flags.size}:${kind}`, title, body });
}

async function memberTotal(connection: Connection): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from group_members`.execute(connection.db);
  return Number(rows[0]!.n);
}

for (const kind of flags.kinds) await bench(kind);
