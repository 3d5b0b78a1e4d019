// Full recompute of every frequency group (three: sales, gross margin, transactions; never_reset from 2010-12-01,
// three levels each) over the whole Online Retail history, and over 10 copies of it (--size full), against one
// plain GROUP BY customer aggregate over the same sales in the same run (and the same over sale_lines joined to
// sales). The history is loaded once through the sales import and kept (groups-history.ts). Each run creates
// three new groups with the same rules, times their first recompute, all three in one pass (everyone enters:
// recomputeGroups, called in-process, so only the recompute is timed), checks they hold exactly the members,
// levels and figures that the import's sale-by-sale upkeep left in the groups created before it, times a second
// recompute of the three (nothing changes) and one of each group alone (what a change of one group's rules
// runs), then deletes them. The first recompute is also set against the floor of what it writes: the same member
// rows, ledger rows and events copied by three INSERT ... SELECT into the same tables (same indexes and foreign keys,
// for three other groups), rolled back. Also printed: the first recompute of the upkeep groups after the import,
// whose moves (entered, level changed, left) must all be 0.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Connection } from '../src/db/connect.ts';
import { createGroup } from '../src/modules/groups/service.ts';
import { type Moves, recomputeGroups, runQueuedRecompute } from '../src/modules/groups/upkeep.ts';
import { FREQUENCY_GROUPS, type History, type HistoryManifest, openHistory, systemCtx } from './groups-history.ts';
import {
  BENCH_DIR, count, describeMachine, fixed, type Kind, label, machine, median, parseFlags, percentile, table, today, writeSection,
} from './harness.ts';

const flags = await parseFlags();
const COPIES = (process.env.COPIES ?? (flags.size === 'full' ? '1,10' : '1')).split(',').map(Number);
const GOAL = 2;

async function versionOf(connection: Connection, kind: Kind): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(connection.db);
  const version = /PostgreSQL [\d.]+/.exec(rows[0]!.version)?.[0] ?? rows[0]!.version;
  return kind === 'pglite' ? `PGlite (${version}, WASM, in-process)` : `${version} (server, 127.0.0.1)`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const baselineSales = (tenantId: string) => sql`
  select customer_id, sum(net), sum(gross_margin), count(*) from sales
  where tenant_id = ${tenantId} and customer_id is not null group by customer_id`;
const baselineLines = (tenantId: string) => sql`
  select s.customer_id, sum(l.net), sum(l.gross_margin), count(*) from sale_lines l
  join sales s on s.tenant_id = l.tenant_id and s.id = l.sale_id
  where l.tenant_id = ${tenantId} and s.customer_id is not null group by s.customer_id`;

/** Members of `group` that differ (customer, level or figure) from those of `reference`: 0 when they agree. */
async function differences(connection: Connection, tenantId: string, group: string, reference: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from
      (select customer_id, level_number, figure from group_members where tenant_id = ${tenantId} and group_id = ${group}) a
      full join (select customer_id, level_number, figure from group_members where tenant_id = ${tenantId} and group_id = ${reference}) b
      on a.customer_id = b.customer_id
    where a.customer_id is null or b.customer_id is null or a.level_number is distinct from b.level_number or a.figure is distinct from b.figure`.execute(connection.db);
  return Number(rows[0]!.n);
}

async function memberCounts(connection: Connection, tenantId: string, groupIds: string[]): Promise<number[]> {
  const counts: number[] = [];
  for (const id of groupIds) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from group_members where tenant_id = ${tenantId} and group_id = ${id}`.execute(connection.db);
    counts.push(Number(rows[0]!.n));
  }
  return counts;
}

/**
 * The run's groups go with plain SQL (members, levels and ledger rows cascade): deleteGroup publishes one event
 * per member in a single INSERT, which fails above 16,383 members (65,535 bind parameters), so at 10x it cannot.
 */
async function removeGroups(connection: Connection, tenantId: string, ids: string[]) {
  if (ids.length > 0) await sql`delete from customer_groups where tenant_id = ${tenantId} and id = any(${ids}::uuid[])`.execute(connection.db);
  // What autovacuum does on a production server (it is off on the bench machine's server, and PGlite has none):
  // without it each run's removed members stay in the table as dead rows that the next runs read.
  await sql`vacuum analyze group_members, group_membership_changes, events`.execute(connection.db);
}

const ROLLBACK = new Error('rolled back');

/**
 * The floor of a first computation's writes: what it wrote for `groups` (members, ledger rows, and the events
 * numbered after `eventsBefore`) written again for the groups `others` by plain INSERT ... SELECT, then rolled back.
 */
async function writeFloor(connection: Connection, tenantId: string, groups: string[], others: string[], eventsBefore: number) {
  const copyOf = sql`(${sql.val(others)}::uuid[])[array_position(${sql.val(groups)}::uuid[], group_id)]`;
  await connection.db.transaction().execute(async (tx) => {
    await sql`insert into group_members (tenant_id, group_id, customer_id, level_number, vip, figure, since)
      select tenant_id, ${copyOf}, customer_id, level_number, vip, figure, since from group_members
      where tenant_id = ${tenantId} and group_id = any(${sql.val(groups)}::uuid[])`.execute(tx);
    await sql`insert into group_membership_changes (tenant_id, group_id, customer_id, change, level_before, level_after, level_description,
        effective_at, reason, figure, rule, actor_kind)
      select tenant_id, ${copyOf}, customer_id, change, level_before, level_after, level_description, effective_at, reason, figure, rule, actor_kind
      from group_membership_changes where tenant_id = ${tenantId} and group_id = any(${sql.val(groups)}::uuid[])`.execute(tx);
    await sql`insert into events (tenant_id, number, type, data, occurred_at)
      select tenant_id, number + 1000000000000, type, data, occurred_at from events where tenant_id = ${tenantId} and number > ${eventsBefore}`.execute(tx);
    throw ROLLBACK;
  }).catch((error: unknown) => {
    if (error !== ROLLBACK) throw error;
  });
}

const lastEvent = async (connection: Connection, tenantId: string) =>
  Number((await sql<{ n: string | null }>`select max(number) as n from events where tenant_id = ${tenantId}`.execute(connection.db)).rows[0]!.n ?? 0);

const movesText = (m: Moves | undefined) => (m ? `${m.entered} / ${m.level_changed} / ${m.left}` : 'not run');
const zero = (m: Moves | undefined) => m !== undefined && m.entered === 0 && m.level_changed === 0 && m.left === 0;

interface Run {
  salesGroupBy: number;
  linesGroupBy: number;
  first: number;
  /** The first recompute's rows written again by INSERT ... SELECT (writeFloor). */
  floor: number;
  /** Median of three recomputes with nothing to change, each after a GROUP BY (secondBaseline, their median). */
  second: number;
  secondBaseline: number;
  /** Each group recomputed alone, nothing changing. */
  alone: number[];
  firstMoves: Moves[];
  secondMoves: Moves[];
  differences: number[];
}

interface Result {
  copies: number;
  manifest: HistoryManifest;
  customers: number;
  lines: number;
  members: number[];
  check: { moves: Moves[]; ms: number[]; first: boolean };
  runs: Run[];
}

async function measure(kind: Kind, copies: number): Promise<{ result: Result; version: string }> {
  const history: History = await openHistory(kind, copies, { plain: copies === 1 });
  const { connection, manifest } = history;
  const tenantId = manifest.groups.id;
  const ctx = systemCtx(connection, tenantId);
  const version = await versionOf(connection, kind);
  try {
    // Groups a failed run left behind (all but the upkeep groups) would weigh on every sale of the store.
    const { rows: left } = await sql<{ id: string }>`select id from customer_groups where tenant_id = ${tenantId} and id <> all(${manifest.groups.groupIds}::uuid[])`.execute(connection.db);
    await removeGroups(connection, tenantId, left.map((row) => row.id));
    // The upkeep groups' first recompute after the import must move nobody; later runs recompute them again.
    const check = { moves: [] as Moves[], ms: [] as number[], first: !manifest.checkedAfterImport };
    for (const id of manifest.groups.groupIds) {
      const { ms, result } = await timed(() => runQueuedRecompute(ctx, id, 'rule'));
      check.moves.push(result!);
      check.ms.push(ms);
    }
    if (!manifest.checkedAfterImport) {
      manifest.checkedAfterImport = { moves: check.moves, at: new Date().toISOString() };
      writeFileSync(join(BENCH_DIR, 'data', 'groups', `history-${kind}-${copies}x.json`), JSON.stringify(manifest, null, 1));
    }
    console.log(`  ${copies}x: recompute of the groups kept by the import (entered / level changed / left): ${check.moves.map(movesText).join('; ')}`
      + `${check.first ? ' (the first since the import)' : ''}`);
    const customers = Number((await sql<{ n: string }>`select count(distinct customer_id) as n from sales where tenant_id = ${tenantId}`.execute(connection.db)).rows[0]!.n);
    const lines = Number((await sql<{ n: string }>`select count(*) as n from sale_lines where tenant_id = ${tenantId}`.execute(connection.db)).rows[0]!.n);
    const members = await memberCounts(connection, tenantId, manifest.groups.groupIds);

    const runs: Run[] = [];
    const RUNS = Number(process.env.RUNS ?? (copies === 1 ? 3 : 2));
    for (let i = 0; i < RUNS; i++) {
      const salesGroupBy = (await timed(() => baselineSales(tenantId).execute(connection.db))).ms;
      const ids: string[] = [];
      for (const [g, input] of FREQUENCY_GROUPS.entries()) ids.push((await createGroup(ctx, { ...input, name: `${input.name} recompute ${i + 1}.${g}` })).id);
      const run: Run = { salesGroupBy, linesGroupBy: 0, first: 0, floor: 0, second: 0, secondBaseline: 0, alone: [], firstMoves: [], secondMoves: [], differences: [] };
      const eventsBefore = await lastEvent(connection, tenantId);
      const first = await timed(() => recomputeGroups(ctx, ids, 'rule'));
      run.first = first.ms;
      run.firstMoves = ids.map((id) => first.result.get(id)!);
      const floorGroups: string[] = [];
      for (const g of ids.keys()) floorGroups.push((await createGroup(ctx, { kind: 'static', name: `Write floor ${i + 1}.${g}` })).id);
      run.floor = (await timed(() => writeFloor(connection, tenantId, ids, floorGroups, eventsBefore))).ms;
      // Nothing changes now: the recompute and the GROUP BY in turn, three times, so both sides meet the same load.
      const seconds: number[] = [];
      const baselines: number[] = [];
      for (let k = 0; k < 3; k++) {
        baselines.push((await timed(() => baselineSales(tenantId).execute(connection.db))).ms);
        const second = await timed(() => recomputeGroups(ctx, ids, 'rule'));
        seconds.push(second.ms);
        run.secondMoves.push(...ids.map((id) => second.result.get(id)!));
      }
      run.second = median(seconds);
      run.secondBaseline = median(baselines);
      for (const id of ids) {
        const { ms, result } = await timed(() => runQueuedRecompute(ctx, id, 'rule'));
        run.alone.push(ms);
        run.secondMoves.push(result!);
      }
      for (const [g, id] of ids.entries()) run.differences.push(await differences(connection, tenantId, id, manifest.groups.groupIds[g]!));
      run.linesGroupBy = (await timed(() => baselineLines(tenantId).execute(connection.db))).ms;
      await removeGroups(connection, tenantId, [...ids, ...floorGroups]);
      const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
      console.log(`  ${copies}x run ${i + 1} of ${RUNS}: GROUP BY sales ${fixed(run.salesGroupBy / 1000, 2)} s, sale_lines ${fixed(run.linesGroupBy / 1000, 2)} s; `
        + `first recompute ${fixed(run.first / 1000, 2)} s (moves ${run.firstMoves.map(movesText).join('; ')}; its rows by INSERT ... SELECT ${fixed(run.floor / 1000, 2)} s); `
        + `second ${fixed(run.second / 1000, 2)} s (GROUP BY in turn ${fixed(run.secondBaseline / 1000, 2)} s), each alone ${run.alone.map((ms) => fixed(ms / 1000, 2)).join(' + ')} = ${fixed(total(run.alone) / 1000, 2)} s `
        + `(moves ${run.secondMoves.map(movesText).join('; ')}); members differing from the upkeep's: ${run.differences.join(', ')}`);
      runs.push(run);
    }
    return { result: { copies, manifest, customers, lines, members, check, runs }, version };
  } finally {
    await history.close();
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const s = (msValue: number) => fixed(msValue / 1000, msValue >= 10_000 ? 1 : 2);

function report(kind: Kind, version: string, results: Result[]) {
  const rows: (string | number)[][] = [];
  const ratios: (string | number)[][] = [];
  const totals = new Map<number, number>();
  const seconds = new Map<number, number>();
  for (const r of results) {
    const m = (pick: (run: Run) => number) => median(r.runs.map(pick));
    const p = (pick: (run: Run) => number) => percentile(r.runs.map(pick), 95);
    const runsOf = (pick: (run: Run) => number) => r.runs.map((run) => s(pick(run))).join(' / ');
    const line = (what: string, pick: (run: Run) => number) => [`${r.copies}x: ${what}`, s(m(pick)), s(p(pick)), runsOf(pick)];
    rows.push(line('baseline: GROUP BY customer over sales', (run) => run.salesGroupBy));
    rows.push(line('baseline: the same over sale_lines joined to sales', (run) => run.linesGroupBy));
    rows.push(line('first recompute, all 3 groups in one pass (everyone enters)', (run) => run.first));
    rows.push(line('floor: the rows it wrote, written again by INSERT ... SELECT', (run) => run.floor));
    rows.push(line('baseline: GROUP BY customer over sales, in turn with the next line', (run) => run.secondBaseline));
    rows.push(line('recompute of all 3 groups in one pass, nothing changes (median of 3 a run)', (run) => run.second));
    for (const [g, input] of FREQUENCY_GROUPS.entries()) rows.push(line(`recompute of ${input.name} (${input.metric}) alone (nothing changes)`, (run) => run.alone[g]!));
    totals.set(r.copies, m((run) => run.first));
    seconds.set(r.copies, m((run) => run.second));
    const ratio = (pick: (run: Run) => number, base: (run: Run) => number) => fixed(median(r.runs.map((run) => pick(run) / base(run))), 1);
    ratios.push([`${r.copies}x: recompute of all 3, nothing changes / GROUP BY over sales (goal ≤ ${GOAL})`, ratio((run) => run.second, (run) => run.secondBaseline)]);
    ratios.push([`${r.copies}x: first recompute of all 3, everyone enters / GROUP BY over sales (goal ≤ ${GOAL})`, ratio((run) => run.first, (run) => run.salesGroupBy)]);
    ratios.push([`${r.copies}x: first recompute of all 3 / GROUP BY over sale_lines`, ratio((run) => run.first, (run) => run.linesGroupBy)]);
    ratios.push([`${r.copies}x: first recompute of all 3 / GROUP BY over sales + its rows written by INSERT ... SELECT`,
      ratio((run) => run.first, (run) => run.salesGroupBy + run.floor)]);
    ratios.push([`${r.copies}x: one group alone, nothing changes (median of the 3) / GROUP BY over sales`, ratio((run) => median(run.alone), (run) => run.salesGroupBy)]);
  }
  const one = results.find((r) => r.copies === 1);
  const ten = results.find((r) => r.copies === 10);
  if (one && ten) {
    const groupBy = (r: Result) => median(r.runs.map((run) => run.salesGroupBy));
    ratios.push(['10x / 1x: first recompute of all 3 (linear = 10)', fixed(totals.get(10)! / totals.get(1)!, 1)]);
    ratios.push(['10x / 1x: recompute of all 3, nothing changes (linear = 10)', fixed(seconds.get(10)! / seconds.get(1)!, 1)]);
    ratios.push(['10x / 1x: GROUP BY over sales', fixed(groupBy(ten) / groupBy(one), 1)]);
  }
  const data = results.map((r) => `${r.copies}x: ${count(r.manifest.lines)} file lines (${r.copies === 1 ? 'Online Retail as it is' : `${r.copies} copies, invoice and customer numbers offset per copy`}), `
    + `${count(r.manifest.groups.sales)} sales of ${count(r.customers)} customers, ${count(r.lines)} sale lines; members of the 3 groups ${r.members.map(count).join(' / ')}; `
    + `import with the groups kept current ${fixed(r.manifest.groups.importSeconds, 0)} s${r.manifest.plain ? `, the same file into a store without groups ${fixed(r.manifest.plain.importSeconds, 0)} s` : ''} `
    + `(loaded ${r.manifest.loadedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.manifest.app}); ${r.runs.length} runs`).join('. ');
  const checks = results.map((r) => {
    const first = r.manifest.checkedAfterImport;
    const differing = r.runs.flatMap((run) => run.differences);
    const secondZero = r.runs.every((run) => run.secondMoves.every(zero));
    return `${r.copies}x: the first recompute of the groups the import kept current moved (entered / level changed / left) `
      + `${first ? first.moves.map(movesText).join('; ') : 'not recorded'}${first && first.moves.every(zero) ? ': nothing, as required' : ': NOT nothing'}; `
      + `this run's recompute of them ${r.check.moves.map(movesText).join('; ')} in ${r.check.ms.map(s).join(' + ')} s. New groups computed from scratch differ from the `
      + `import's in ${sum(differing)} members (customer, level or figure) over ${differing.length} comparisons; their second recompute moved `
      + `${secondZero ? 'nobody' : 'SOMEONE'}.`;
  });
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(version))}. Data: ${data}.`,
    '',
    `Groups: ${FREQUENCY_GROUPS.map((g) => `${g.name} (${g.metric}, ${g.window} from ${g.active_from}, levels ${g.levels!.map((l) => `${l.description} ${l.min}${l.max == null ? '+' : `-${l.max}`}`).join(', ')})`).join('; ')}. `
      + 'Timed in-process: recomputeGroups (one statement per range of 50,000 customers evaluates every group, writes the members that changed, '
      + 'then the ledger and the events; one transaction a range) on three groups created for the run; the baseline is one statement, its rows read into Node. '
      + 'The floor: the member rows, ledger rows and events the first recompute wrote, copied by three INSERT ... SELECT into the same tables '
      + '(for three other groups; same indexes and foreign keys) in one transaction, rolled back.',
    '',
    table(['what', 'median s', 'p95 s', 'runs (s)'], rows),
    '',
    table(['ratio (median of per-run ratios)', 'value'], ratios),
    '',
    `Replaying the history sale by sale against a full recompute: ${checks.join(' ')}`,
    '',
    `Reproduce: \`node --import tsx bench/groups-recompute.bench.ts --size ${flags.size} --db ${kind}\` (or \`npm run bench -- --size ${flags.size} --db ${kind} --only groups-recompute\`); `
      + `COPIES=1,10 and RUNS=n override; the loaded history is kept (server database clientele_bench_groups_<copies>x, or bench/data/groups/pglite-<copies>x) and reused.`,
  ].join('\n');
  const title = `Customer groups: full recompute over the Online Retail history — ${flags.size} — ${label(kind)}`;
  console.log(`\n${title}\n${body}\n`);
  writeSection({ key: `groups-recompute:${flags.size}:${kind}`, title, body });
}

for (const kind of flags.kinds) {
  const results: Result[] = [];
  let version = '';
  for (const copies of COPIES) {
    const measured = await measure(kind, copies);
    results.push(measured.result);
    version = measured.version;
  }
  report(kind, version, results);
}
