// The till's lookup: GET /v1/customers?q=<fragment> by name, phone and email fragments taken from the data, and list
// pages of 50 (filtered by country and sorted). One till at a time (one connection): the latency a cashier waits.
// Baseline: the same page from the service (listCustomers in src/modules/customers/service.ts) called in-process,
// so the same statements through Kysely, without HTTP, auth or JSON; same process, same run. Each statement the
// service runs for the first query of a case is recorded and shown with EXPLAIN ANALYZE.
import type { AddressInfo } from 'node:net';
import {
  CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, PostgresQueryCompiler, type QueryResult,
  type RootOperationNode, type UnknownRow,
} from 'kysely';
import { buildApp } from '../src/app.ts';
import type { Db } from '../src/db/database.ts';
import type { Ctx } from '../src/modules/access/context.ts';
import { ALL_RIGHTS } from '../src/modules/access/rights.ts';
import { LOOKUP_TOTAL_CAP } from '../src/modules/customers/schema.ts';
import { listCustomers } from '../src/modules/customers/service.ts';
import { type Dataset, openDataset, SIZES } from './generate.ts';
import {
  describeMachine, type Kind, label, load, machine, median, ms, p95, parseFlags, reproduce, table, timeRepeatedly, today,
  writeSection,
} from './harness.ts';

const GOAL_MS = 50;
const PAGE = 50;

type ListQuery = Parameters<typeof listCustomers>[1];

interface Case {
  name: string;
  /** One entry per request, cycled. */
  queries: ListQuery[];
}

const flags = await parseFlags();
const SECONDS = flags.size === 'full' ? 10 : 5;

function cases(dataset: Dataset): Case[] {
  const { fragments } = dataset.manifest;
  const text = (q: string): ListQuery => ({ q, limit: PAGE });
  return [
    { name: 'q = surname', queries: fragments.name.map(text) },
    { name: 'q = 6 phone digits', queries: fragments.phone.map(text) },
    { name: 'q = email local part', queries: fragments.email.map(text) },
    { name: 'country=GB&sort=name', queries: [{ country: 'GB', sort: 'name', limit: PAGE }] },
    { name: 'sort=-created_at,name', queries: [{ sort: '-created_at,name', limit: PAGE }] },
  ];
}

function queryString(query: ListQuery): string {
  return new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
}

/** Records the SQL of every statement run through it (not the subqueries a statement is built of, which pass here too). */
class RecordStatements implements KyselyPlugin {
  readonly statements: CompiledQuery[] = [];
  readonly #compiler = new PostgresQueryCompiler();
  readonly #seen = new Map<PluginTransformQueryArgs['queryId'], CompiledQuery>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#seen.set(args.queryId, this.#compiler.compileQuery(args.node, args.queryId));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const statement = this.#seen.get(args.queryId);
    if (statement) this.statements.push(statement);
    return args.result;
  }
}

/** The statements the service runs for one page, each under EXPLAIN (ANALYZE, BUFFERS). */
async function explain(dataset: Dataset, ctx: Ctx, query: ListQuery): Promise<string[]> {
  const recorder = new RecordStatements();
  await listCustomers({ ...ctx, db: (ctx.db as Db).withPlugin(recorder) as Db }, query);
  const plans: string[] = [];
  // Replayed in one transaction, so a setting the service makes for its statements (set local) holds for them.
  await dataset.connection.db.transaction().execute(async (tx) => {
  for (const [i, statement] of recorder.statements.entries()) {
    if (/^\s*set /i.test(statement.sql)) {
      await tx.executeQuery(CompiledQuery.raw(statement.sql, [...statement.parameters]));
      plans.push(`statement ${i + 1} of ${recorder.statements.length}: ${statement.sql.trim()}`);
      continue;
    }
    const result = await tx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]));
    // Planning details and per-node index search counts left out, to keep the record short.
    const lines = result.rows.map((row) => row['QUERY PLAN'])
      .filter((line, j, all) => !/^\s*(Planning:|Index Searches:)/.test(line) && !(/^\s*Buffers:/.test(line) && /^Planning:/.test(all[j - 1] ?? '')));
    plans.push(`statement ${i + 1} of ${recorder.statements.length}: ${statement.sql.replace(/\s+/g, ' ').slice(0, 160)}...`, ...lines.map((line) => `  ${line}`));
  }
  });
  return plans;
}

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const { manifest } = dataset;
  const tenantId = manifest.main.id;
  const app = await buildApp({ connection: dataset.connection, rateLimitPerMinute: 1_000_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${manifest.main.key}` };

  const ctx: Ctx = { db: dataset.connection.db, tenantId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  const rows: (string | number)[][] = [];
  const plans: string[] = [];
  for (const c of cases(dataset)) {
    const pick = (i: number) => c.queries[i % c.queries.length]!;
    for (const query of c.queries) await listCustomers(ctx, query); // warm the cache once
    const serviceTimes = await timeRepeatedly((i) => listCustomers(ctx, pick(i)), SECONDS, c.queries.length);
    const api = await load({ url, headers, connections: 1, duration: SECONDS, paths: c.queries.map((query) => `/v1/customers?${queryString(query)}`) });
    const sample = await listCustomers(ctx, c.queries[0]!);
    const apiP95 = p95(api.latencies);
    rows.push([
      c.name, c.queries.length, sample.total_capped ? `${sample.total}+` : sample.total, ms(median(serviceTimes)), ms(p95(serviceTimes)), ms(median(api.latencies)), ms(apiP95),
      (apiP95 / p95(serviceTimes)).toFixed(2), api.requests,
      apiP95 < GOAL_MS ? 'met' : `missed by ${ms(apiP95 - GOAL_MS)} ms (${((apiP95 / GOAL_MS - 1) * 100).toFixed(0)}%)`,
    ]);
    plans.push(`-- ${c.name}: ${queryString(c.queries[0]!)}`, ...(await explain(dataset, ctx, c.queries[0]!)), '');
  }
  await app.close();

  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size} `
      + `(main store ${SIZES[flags.size].main.toLocaleString('en-GB')} customers, ${SIZES[flags.size].others} other stores of ${SIZES[flags.size].otherSize.toLocaleString('en-GB')}).`,
    `API: GET /v1/customers?<query>&limit=${PAGE} with the owner key, one connection (one till), ${SECONDS} s per case, fragments cycled. `
      + `Baseline: listCustomers from src/modules/customers/service.ts called in-process with the same query (the same statements `
      + `through Kysely; no HTTP, auth, validation or JSON), one page at a time for ${SECONDS} s, in the same process and run. `
      + `Goal: API p95 under ${GOAL_MS} ms on the server at 1M customers. "total" is the total the first query of the case reports `
      + `("${LOOKUP_TOTAL_CAP}+": a text lookup counts up to ${LOOKUP_TOTAL_CAP.toLocaleString('en-GB')} and says total_capped).`,
    '',
    table(['case', 'queries', 'total', 'service median', 'service p95', 'API median', 'API p95', 'API p95 / service p95', 'API requests', `goal p95 < ${GOAL_MS} ms`], rows),
    '',
    'EXPLAIN (ANALYZE, BUFFERS) of each statement the service runs for the first query of each case '
      + '(on PGlite, EXPLAIN ANALYZE times every row in WASM and reads well above the timings measured without it):',
    '',
    '```',
    ...plans,
    '```',
    '',
    `Reproduce: ${reproduce('customer-lookup.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nTill lookup — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `customer-lookup:${flags.size}:${kind}`, title: `Till lookup — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

// Last, so every declaration above is initialised before the first bench runs.
for (const kind of flags.kinds) await bench(kind);
