// Tag search: POST /v1/customers/search with AND / OR / NONE of tags, answered as the service answers it (the
// total and the first page of 50 by name), through searchCustomers in src/modules/customers/service.ts.
// Baseline, in the same run: a forced sequential count of the store's customers. Also the design not taken: the same
// searches written against the customer_tags join table (EXISTS per tag, EXISTS with any, NOT EXISTS), with the
// same filters, the same page and the same tag check, so the comparison says which design won.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompiledQuery, type Expression, type ExpressionBuilder, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs,
  PostgresQueryCompiler, type QueryResult, type RootOperationNode, type SqlBool, sql, type UnknownRow,
} from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, Db } from '../src/db/database.ts';
import type { Ctx } from '../src/modules/access/context.ts';
import { ALL_RIGHTS } from '../src/modules/access/rights.ts';
import { filtered } from '../src/modules/customers/queries.ts';
import type { CustomerSearch } from '../src/modules/customers/schema.ts';
import { searchCustomers } from '../src/modules/customers/service.ts';
import { resolveTagCondition } from '../src/modules/tags/condition.ts';
import { type Dataset, openDataset, SIZES } from './generate.ts';
import {
  BENCH_DIR, count, describeMachine, fixed, type Kind, label, machine, median, ms, p95, parseFlags, reproduce, table, today, writeSection,
} from './harness.ts';
import { type SeededTag, seedTags, type TagManifest } from './seed-tags.ts';

const PAGE = 50;
const SELECTIVE = 0.01;
const GOALS = { selective: 0.15, broad: 1.2, 'NONE-only': 1.2 } as const;
const PGLITE_GOAL = 2.5;

/** The searches whose plans the section shows (unfiltered): one of each shape that decides the classes. */
const EXPLAINED = ['AND of 2: head + head', 'AND of 2: head + tail', 'OR of 5: tail', 'NONE of 3: head', 'AND + OR + NONE: narrow'];

type Class = keyof typeof GOALS;
interface Search { name: string; filter: string; body: CustomerSearch }

const flags = await parseFlags();
// PGlite answers a broad search several times slower: fewer rounds there keep a full run within about a quarter of an hour.
const roundsOn = (kind: Kind) => (flags.size === 'small' ? 30 : kind === 'postgres' ? 12 : 6);

/** About 30 searches: each tag condition alone, with a country, and with a created range. */
function searches(manifest: TagManifest): Search[] {
  const byRank = (rank: number) => manifest.tags.find((t) => t.rank === rank)!.id;
  const ranks = (...list: number[]) => list.map(byRank);
  const market = (country: string) => manifest.tags.find((t) => t.country === country)!.id;
  const conditions: { name: string; tags: Pick<CustomerSearch, 'all' | 'any' | 'none'> }[] = [
    { name: 'AND of 2: head + head', tags: { all: ranks(1, 2) } },
    { name: 'AND of 2: head + tail', tags: { all: ranks(1, 150) } },
    { name: 'AND of 2: middle', tags: { all: ranks(8, 15) } },
    { name: 'AND of 2: Market FR + head', tags: { all: [market('FR'), byRank(3)] } },
    { name: 'OR of 5: head', tags: { any: ranks(1, 2, 3, 4, 5) } },
    { name: 'OR of 5: middle', tags: { any: ranks(20, 21, 22, 23, 24) } },
    { name: 'OR of 5: tail', tags: { any: ranks(120, 121, 122, 123, 124) } },
    { name: 'NONE of 3: head', tags: { none: ranks(1, 2, 3) } },
    { name: 'NONE of 3: tail', tags: { none: ranks(100, 101, 102) } },
    { name: 'AND + OR + NONE: narrow', tags: { all: ranks(6), any: ranks(60, 61, 62, 63, 64), none: ranks(1, 2, 3) } },
    { name: 'AND + OR + NONE: wide', tags: { all: ranks(1), any: ranks(2, 3, 4, 5, 6), none: ranks(7, 8, 9) } },
  ];
  const filters: { name: string; body: CustomerSearch }[] = [
    { name: '-', body: {} },
    { name: 'country FR', body: { country: 'FR' } },
    { name: 'created 2024 H1', body: { created_from: '2024-01-01T00:00:00Z', created_to: '2024-07-01T00:00:00Z' } },
  ];
  return conditions.flatMap((c) => filters.map((f) => ({ name: c.name, filter: f.name, body: { ...c.tags, ...f.body, limit: PAGE } })));
}

// The join-table design: what the service would run had tags stayed in customer_tags alone. Same filters (the
// shipped `filtered` without its tag condition), same page (columns, contacts, addresses, tag ids, order), same count.
function onJoinTable(db: Db, tenantId: string, search: CustomerSearch) {
  const base = filtered(db, tenantId, { country: search.country, createdFrom: search.created_from, createdTo: search.created_to });
  const carries = (tagIds: string[]) => sql<SqlBool>`exists (select 1 from customer_tags ct where ct.tenant_id = ${tenantId}
    and ct.customer_id = customers.id and ct.tag_id = ${tagIds.length === 1 ? sql`${tagIds[0]}::uuid` : sql`any(${sql.val(tagIds)}::uuid[])`})`;
  const parts: Expression<SqlBool>[] = [
    ...(search.all ?? []).map((id) => carries([id])),
    ...(search.any?.length ? [carries(search.any)] : []),
    ...(search.none?.length ? [sql<SqlBool>`not ${carries(search.none)}`] : []),
  ];
  const query = base.where(sql<SqlBool>`(${sql.join(parts, sql` and `)})`);
  return {
    count: () => query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    page: () => query.selectAll('customers').select([contactsOf, addressesOf, tagIdsOf]).select(sql`lower(customers.name)`.as('sort_0'))
      .orderBy(sql`lower(customers.name)`).orderBy('customers.id').limit(PAGE + 1).execute(),
  };
}

// As listCustomerPage builds them (src/modules/customers/queries.ts, not exported there).
function contactsOf(eb: ExpressionBuilder<Database, 'customers'>) {
  return jsonArrayFrom(eb.selectFrom('customer_contacts').select(['id', 'name', 'email', 'phones'])
    .whereRef('customer_contacts.tenant_id', '=', 'customers.tenant_id').whereRef('customer_contacts.customer_id', '=', 'customers.id')
    .orderBy('position')).as('contacts');
}
function addressesOf(eb: ExpressionBuilder<Database, 'customers'>) {
  return jsonArrayFrom(eb.selectFrom('customer_addresses')
    .select(['id', 'label', 'line1', 'line2', 'city', 'region', 'postal_code', 'country', 'is_billing', 'is_shipping',
      'is_default_billing', 'is_default_shipping'])
    .whereRef('customer_addresses.tenant_id', '=', 'customers.tenant_id').whereRef('customer_addresses.customer_id', '=', 'customers.id')
    .orderBy('position')).as('addresses');
}
function tagIdsOf(eb: ExpressionBuilder<Database, 'customers'>) {
  return eb.fn.coalesce(eb.selectFrom('customer_tags').select(sql<string[]>`array_agg(tag_id order by assigned_at, tag_id)`.as('ids'))
    .whereRef('customer_tags.tenant_id', '=', 'customers.tenant_id').whereRef('customer_tags.customer_id', '=', 'customers.id'),
  sql<string[]>`'{}'::uuid[]`).as('tag_ids');
}

/** The alternative as a service would run it: the same tag check, then page and count side by side. */
async function searchOnJoinTable(ctx: Ctx, search: CustomerSearch) {
  await resolveTagCondition(ctx, search);
  const q = onJoinTable(ctx.db, ctx.tenantId, search);
  const [rows, total] = await Promise.all([q.page(), q.count()]);
  return { items: rows.slice(0, PAGE), total: Number(total.total) };
}

/** The baseline: every customer of the store counted by a sequential scan, index scans forbidden. */
function sequentialCount(db: Db, tenantId: string) {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
      set_config('enable_indexonlyscan', 'off', true)`.execute(tx);
    return (await sql<{ n: number }>`select count(*)::int as n from customers where tenant_id = ${tenantId}`.execute(tx)).rows[0]!.n;
  });
}

/** Records the SQL of every statement run through it. */
class RecordStatements implements KyselyPlugin {
  readonly statements: CompiledQuery[] = [];
  readonly #compiler = new PostgresQueryCompiler();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements.push(this.#compiler.compileQuery(args.node, args.queryId));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

async function explain(dataset: Dataset, ctx: Ctx, run: (ctx: Ctx) => Promise<unknown>): Promise<string[]> {
  const recorder = new RecordStatements();
  await run({ ...ctx, db: (ctx.db as Db).withPlugin(recorder) as Db });
  const plans: string[] = [];
  for (const statement of recorder.statements.filter((s) => /from "customers"/.test(s.sql))) {
    const result = await dataset.connection.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]));
    const lines = withoutSubPlans(result.rows.map((row) => row['QUERY PLAN'])
      .filter((line, j, all) => !/^\s*(Planning:|Index Searches:)/.test(line) && !(/^\s*Buffers:/.test(line) && /^Planning:/.test(all[j - 1] ?? ''))));
    plans.push(`${/count\(\*\)/.test(statement.sql) ? 'count' : 'page'}:`, ...lines.map((line) => `  ${line}`));
  }
  return plans;
}

/** The page's per-row subplans (contacts, addresses, tag ids) are the same in both designs: left out, each with its lines below it. */
function withoutSubPlans(lines: string[]): string[] {
  const kept: string[] = [];
  let skipBelow = -1;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (skipBelow >= 0 && indent > skipBelow) continue;
    skipBelow = /^\s*SubPlan \d+/.test(line) ? indent : -1;
    if (skipBelow < 0) kept.push(line);
  }
  return kept;
}

interface Measured {
  search: Search;
  total: number;
  cls: Class;
  shipped: number[];
  joinTable: number[];
}

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const tags = await seedTags(dataset);
  const tenantId = dataset.manifest.main.id;
  const db = dataset.connection.db;
  const ctx: Ctx = { db, tenantId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  const store = SIZES[flags.size].main;
  const list = searches(tags);
  const ROUNDS = roundsOn(kind);

  // Both designs must answer the same total and the same page, or the comparison measures different work.
  const measured: Measured[] = [];
  for (const search of list) {
    const shipped = await searchCustomers(ctx, search.body);
    const other = await searchOnJoinTable(ctx, search.body);
    if (shipped.total !== other.total || shipped.items.map((c) => c.id).join() !== other.items.map((c) => c.id).join()) {
      throw new Error(`${search.name} (${search.filter}): the designs disagree, ${shipped.total} vs ${other.total}`);
    }
    const positive = Boolean(search.body.all?.length || search.body.any?.length);
    const cls: Class = !positive ? 'NONE-only' : shipped.total <= store * SELECTIVE ? 'selective' : 'broad';
    measured.push({ search, total: shipped.total, cls, shipped: [], joinTable: [] });
  }
  const baseline: number[] = [];
  const time = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  await sequentialCount(db, tenantId);
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await time(() => sequentialCount(db, tenantId)));
    for (const m of measured) {
      // The designs take turns going first, so neither always finds the other's pages in the cache.
      if (round % 2 === 0) {
        m.shipped.push(await time(() => searchCustomers(ctx, m.search.body)));
        m.joinTable.push(await time(() => searchOnJoinTable(ctx, m.search.body)));
      } else {
        m.joinTable.push(await time(() => searchOnJoinTable(ctx, m.search.body)));
        m.shipped.push(await time(() => searchCustomers(ctx, m.search.body)));
      }
    }
    baseline.push(await time(() => sequentialCount(db, tenantId)));
    console.log(`  round ${round + 1} of ${ROUNDS}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  const sizes = (await sql<{ name: string; bytes: number }>`
    select name, pg_relation_size(name::regclass)::bigint as bytes
    from unnest(array['customers_tags', 'customer_tags_tag', 'customer_tags_pkey', 'customer_tags', 'customers']) as name`.execute(db)).rows;
  const tagNumbersBytes = (await sql<{ bytes: number }>`
    select sum(pg_column_size(tag_numbers))::bigint as bytes from customers where tenant_id = ${tenantId}`.execute(db)).rows[0]!.bytes;

  const plans: string[] = [];
  if (kind === 'postgres') {
    for (const m of measured.filter((x) => x.search.filter === '-' && EXPLAINED.includes(x.search.name))) {
      plans.push(`-- ${m.search.name} (${m.search.filter}): ${count(m.total)} customers, ${m.cls}`, '- tag_numbers (shipped):',
        ...await explain(dataset, ctx, (c) => searchCustomers(c, m.search.body)), '- customer_tags (join table):',
        ...await explain(dataset, ctx, (c) => searchOnJoinTable(c, m.search.body)), '');
    }
  }

  const baseMedian = median(baseline);
  const classes: Class[] = ['selective', 'broad', 'NONE-only'];
  const pooled = (cls: Class, side: 'shipped' | 'joinTable') => measured.filter((m) => m.cls === cls).flatMap((m) => m[side]);
  const otherKind: Kind = kind === 'pglite' ? 'postgres' : 'pglite';
  const resultsPath = (k: Kind) => join(BENCH_DIR, 'data', flags.size, `tag-search-${k}.json`);
  const summary = Object.fromEntries(classes.map((cls) => [cls, { median: median(pooled(cls, 'shipped')), p95: p95(pooled(cls, 'shipped')) }]));
  writeFileSync(resultsPath(kind), JSON.stringify({ at: new Date().toISOString(), baseline: { median: baseMedian, p95: p95(baseline) }, summary }, null, 1));
  const other = existsSync(resultsPath(otherKind))
    ? JSON.parse(readFileSync(resultsPath(otherKind), 'utf8')) as { at: string; summary: typeof summary }
    : undefined;

  const classRows = classes.filter((cls) => pooled(cls, 'shipped').length > 0).map((cls) => {
    const shipped = pooled(cls, 'shipped');
    const joined = pooled(cls, 'joinTable');
    const ratio = p95(shipped) / baseMedian;
    const pglite = kind === 'pglite' ? p95(shipped) : other?.summary[cls]?.p95;
    const server = kind === 'postgres' ? p95(shipped) : other?.summary[cls]?.p95;
    const crossRatio = pglite !== undefined && server !== undefined ? pglite / server : Number.NaN;
    return [
      cls, measured.filter((m) => m.cls === cls).length, ms(median(shipped)), ms(p95(shipped)), fixed(ratio), `<= ${GOALS[cls]}`,
      kind === 'postgres' ? (ratio <= GOALS[cls] ? 'met' : `missed (${fixed(ratio / GOALS[cls])}x the goal)`) : '(judged on the server)',
      ms(median(joined)), ms(p95(joined)), fixed(p95(joined) / baseMedian), fixed(p95(joined) / p95(shipped)),
      Number.isFinite(crossRatio) ? `${fixed(crossRatio)} (${crossRatio <= PGLITE_GOAL ? 'met' : 'missed'})` : '-',
    ];
  });
  const searchRows = measured.map((m) => [
    m.search.name, m.search.filter, count(m.total), fixed((m.total / store) * 100, 2), m.cls, ms(median(m.shipped)), ms(p95(m.shipped)),
    ms(median(m.joinTable)), ms(p95(m.joinTable)), fixed(median(m.joinTable) / median(m.shipped)),
  ]);
  const mib = (bytes: number) => `${fixed(Number(bytes) / 2 ** 20, 1)} MiB`;
  const size = (name: string) => mib(sizes.find((s) => s.name === name)!.bytes);
  const tagsByCount = [...tags.tags].sort((a, b) => b.customers - a.customers);
  const share = (t: SeededTag) => `${t.name} ${fixed((t.customers / store) * 100, 1)}%`;

  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size} (main store ${count(store)} customers; `
      + `${tags.tags.length} tags in 10 categories; ${count(tags.assignments)} assignments, ${count(tags.tagged)} customers carry at least one tag, `
      + `0-8 each, mean ${fixed(tags.assignments / store)}; most carried: ${tagsByCount.slice(0, 3).map(share).join(', ')}; least: `
      + `${tagsByCount.slice(-2).map(share).join(', ')}; seeded in ${fixed(tags.seconds, 0)} s by bench/seed-tags.ts).`,
    `Each search is what POST /v1/customers/search answers: the total and the first page of ${PAGE} by name, through searchCustomers `
      + '(src/modules/customers/service.ts, tag check included), one at a time. Baseline: `select count(*) from customers where tenant_id = $1` '
      + 'with index, bitmap and index-only scans off (a transaction with set_config ... local), twice per round. '
      + `${ROUNDS} rounds; each round runs the baseline, then every search once on each design (taking turns going first), then the baseline again. `
      + `Classes: selective when at most ${SELECTIVE * 100}% of the store matches, broad otherwise, NONE-only when the condition has no AND or OR part. `
      + `Ratio = class p95 / baseline median. Baseline: median ${ms(baseMedian)} ms, p95 ${ms(p95(baseline))} ms (${baseline.length} counts).`,
    '',
    table(['class', 'searches', 'median ms', 'p95 ms', 'p95 / baseline', 'goal', 'result', 'join table median', 'join table p95',
      'join table p95 / baseline', 'join table p95 / shipped p95', `PGlite p95 / server p95 (goal <= ${PGLITE_GOAL})`], classRows),
    '',
    other ? `The PGlite / server column compares with the ${label(otherKind)} run of ${other.at.slice(0, 16).replace('T', ' ')} UTC (same data, same searches).` : '',
    '',
    'Per search (milliseconds; "join table / shipped" is the ratio of medians):',
    '',
    table(['search', 'filter', 'matches', '% of store', 'class', 'median', 'p95', 'join table median', 'join table p95', 'join table / shipped'], searchRows),
    '',
    `Index sizes: customers_tags (GIN on tenant_id, country, tag_numbers) ${size('customers_tags')}; customer_tags_tag (btree tenant_id, tag_id, customer_id) `
      + `${size('customer_tags_tag')}; customer_tags_pkey ${size('customer_tags_pkey')}; the customer_tags table ${size('customer_tags')}; `
      + `the tag_numbers column ${mib(tagNumbersBytes)} of the customers table's ${size('customers')}.`,
    ...(plans.length > 0 ? [
      '',
      `EXPLAIN (ANALYZE, BUFFERS) of the count and the page of ${EXPLAINED.join('; ')} (no filter), both designs (the page's per-row subplans for `
        + 'contacts, addresses and tag ids, the same in both, are left out):',
      '', '```', ...plans, '```',
    ] : []),
    '',
    `Reproduce: ${reproduce('tag-search.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nTag search — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `tag-search:${flags.size}:${kind}`, title: `Tag search — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

// Last, so every declaration above is initialised before the first bench runs.
for (const kind of flags.kinds) await bench(kind);
