import type { Db } from '../../db/database.ts';
import { BackgroundQueue } from '../../lib/background.ts';
import { localDay } from '../../lib/dates.ts';
import { type Ctx, inTransaction, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { type MembershipChange, recordChanges } from './ledger.ts';
import { type FrequencyRule, levelOf, type LevelRow, ruleSentence } from './levels.ts';
import * as members from './membership-queries.ts';
import * as queries from './queries.ts';

// Keeps frequency groups current. Every path evaluates with the same statement (membership-queries.ts
// evaluateMembers), as of now: after a sale for its customers, and for a full recompute over ranges of the
// store's customers, every group at once. So a full recompute finds exactly the members and levels that
// sale-by-sale upkeep left, which the tests check on the whole Online Retail history. Node only words the
// moves for the ledger and the event feed.

type RuleGroup = FrequencyRule & { name: string; code: string | null; vip: boolean; definition_version: number };

export interface Moves {
  entered: number;
  level_changed: number;
  left: number;
}

/**
 * Customers a recompute evaluates in one transaction. Sales of the store wait for the upkeep lock while a
 * range is evaluated: at 50,000 a range takes about a second on the 10x Online Retail history when nothing
 * changes. CLIENTELE_RECOMPUTE_RANGE sets it (read at each recompute).
 */
const rangeSize = () => Number(process.env.CLIENTELE_RECOMPUTE_RANGE) || 50_000;

/** Moves after which a recompute refreshes the statistics of group_members (see analyzeMembers). */
const ANALYZE_AFTER_MOVES = 1000;

/** What evaluating needs of the store: the day is cut in its time zone, the ledger's sentences name its currency. */
export interface StoreTerms {
  time_zone: string;
  currency: string;
}

/** After sales are written (same transaction): moves their customers in every frequency group. */
export async function keepGroupsCurrent(tx: TxCtx, sales: readonly { customer_id: string | null; id: string; occurred_at: string }[],
  importJobId: string | null, store: StoreTerms): Promise<void> {
  const latest = new Map<string, { customer_id: string; sale_id: string; occurred_at: string }>();
  for (const sale of sales) {
    if (!sale.customer_id) continue;
    const seen = latest.get(sale.customer_id);
    if (!seen || sale.occurred_at > seen.occurred_at) latest.set(sale.customer_id, { customer_id: sale.customer_id, sale_id: sale.id, occurred_at: sale.occurred_at });
  }
  if (latest.size === 0) return;
  const groups = (await members.takeUpkeepLock(tx.db, tx.tenantId, latest.size === 1)).map(toRule);
  if (groups.length === 0) return;
  const scope = { timeZone: store.time_zone, day: localDay(Date.now(), store.time_zone), asOf: false, groups, customers: { ids: [...latest.keys()] } };
  const moved = await members.evaluateMembers(tx.db, tx.tenantId, scope, { kind: 'sales', sales: [...latest.values()] });
  if (moved.length === 0) return;
  await recordChanges(tx, describe(moved, groups, { reason: 'rule', importJobId }, store));
}

/** Whether the store has frequency groups: what a sale's upkeep evaluates, and a long import's plans must see right. */
export async function hasFrequencyGroups(ctx: Ctx): Promise<boolean> {
  return (await queries.frequencyGroups(ctx.db, ctx.tenantId)).length > 0;
}

async function ruleGroups(db: Db, tenantId: string, ids?: readonly string[]): Promise<RuleGroup[]> {
  return (await queries.frequencyGroups(db, tenantId, ids)).map(toRule);
}

const toRule = (row: queries.FrequencyGroupRow): RuleGroup => ({
  id: row.id, name: row.name, code: row.code, vip: row.vip, metric: row.metric!, active_from: row.active_from!, window: row.window!,
  levels: row.levels as LevelRow[], definition_version: row.definition_version,
});

/** The moves as the ledger records them: the levels' descriptions and the rule in words. */
function describe(moved: readonly members.MemberMove[], groups: readonly RuleGroup[], why: { reason: 'rule' | 'definition_changed'; importJobId: string | null },
  store: StoreTerms): MembershipChange[] {
  const byId = new Map(groups.map((group) => [group.id, group]));
  const now = new Date();
  return moved.map((move) => {
    const group = byId.get(move.group_id)!;
    const change = move.level_before === null ? 'entered' : move.level_after === null ? 'left' : 'level_changed';
    const level = group.levels.find((l) => l.number === (move.level_after ?? move.level_before));
    const previous = group.levels.find((l) => l.number === move.level_before);
    return {
      group, customer_id: move.customer_id, change, level_before: move.level_before, level_after: move.level_after,
      level_description: level?.description ?? null, previous_level_description: previous?.description ?? null,
      vip: change === 'left' ? false : move.vip, effective_at: move.effective_at ?? now, figure: move.figure,
      rule: ruleSentence(group, move.figure, levelOf(group.levels, move.figure), store.currency),
      reason: why.reason, sale_id: move.sale_id, import_job_id: why.importJobId,
    };
  });
}

const noMoves = (): Moves => ({ entered: 0, level_changed: 0, left: 0 });

/**
 * Recomputes frequency groups as of now, all in one pass over the sales: the store's customers in ranges,
 * each its own transaction, with progress on each group. A group whose definition changed meanwhile drops out
 * (the recompute its change queued takes over). Answers each finished group's moves.
 */
export async function recomputeGroups(ctx: Ctx, groupIds: readonly string[], reason: 'rule' | 'definition_changed',
  signal?: AbortSignal): Promise<Map<string, Moves>> {
  const range = rangeSize();
  // Three reads that do not depend on each other: on a server they go out at once.
  const [rules, store, { total, ranges }] = await Promise.all([
    ruleGroups(ctx.db, ctx.tenantId, groupIds), getStore(ctx), members.customerRanges(ctx.db, ctx.tenantId, range)]);
  const groups = rules.sort((a, b) => (a.id < b.id ? -1 : 1));
  if (groups.length === 0) return new Map();
  const day = localDay(Date.now(), store.time_zone);
  const startedAt = new Date();
  let live = groups;
  const moves = new Map(live.map((group) => [group.id, noMoves()]));
  try {
    for (const [i, customers] of ranges.entries()) {
      if (live.length === 0) break;
      if (signal?.aborted) throw new Error('The process is stopping; the recompute starts again with the next change or at the next start.');
      live = await inTransaction(ctx, async (tx) => {
        const versions = await members.lockForRecompute(tx.db, tx.tenantId, live.map((group) => group.id));
        const still = live.filter((group) => versions.get(group.id) === group.definition_version);
        if (still.length === 0) return still;
        const scope = { timeZone: store.time_zone, day, asOf: false, groups: still, customers };
        const changes = describe(await members.evaluateMembers(tx.db, tx.tenantId, scope, { kind: 'recompute' }), still, { reason, importJobId: null }, store);
        await recordChanges(tx, changes);
        for (const c of changes) moves.get(c.group.id)![c.change === 'entered' ? 'entered' : c.change === 'left' ? 'left' : 'level_changed'] += 1;
        // The state commits with each range: running after the first, with the progress; idle with the last.
        // After the first range, only while still running: a recompute asked for meanwhile stays queued, and
        // runs next (the first range holds the groups' rows, so such a request waits for its commit).
        const last = i === ranges.length - 1;
        const state = {
          ...(last ? { recompute_state: 'idle' as const, recompute_done: total, recompute_finished_at: new Date(), evaluated_on: day }
            : { recompute_state: 'running' as const, recompute_done: (i + 1) * range }),
          ...(i === 0 && { recompute_total: total, recompute_started_at: startedAt, recompute_error: null, ...(!last && { recompute_finished_at: null }) }),
        };
        await queries.updateRecomputes(tx.db, tx.tenantId, still, state, i === 0 ? undefined : 'running');
        return still;
      });
    }
    let moved = 0;
    for (const m of moves.values()) moved += m.entered + m.level_changed + m.left;
    if (moved >= ANALYZE_AFTER_MOVES) await members.analyzeMembers(ctx.db);
    return new Map(live.map((group) => [group.id, moves.get(group.id)!]));
  } catch (error) {
    await queries.updateRecomputes(ctx.db, ctx.tenantId, live, {
      recompute_state: 'failed', recompute_finished_at: new Date(), recompute_error: error instanceof Error ? error.message : String(error),
    }).catch(() => {});
    throw error;
  }
}

/** Runs the recompute a change queued, for the definition the group has now (a later change supersedes an earlier one). */
export async function runQueuedRecompute(ctx: Ctx, groupId: string, reason: 'rule' | 'definition_changed', signal?: AbortSignal): Promise<Moves | undefined> {
  return (await recomputeGroups(ctx, [groupId], reason, signal)).get(groupId);
}

/**
 * Frequency groups that need a recompute: rolling windows not yet evaluated on the store's today (sales leave
 * the window as days pass), and recomputes that a stopped process left queued or running. Runs at start and
 * then every hour. On PGlite the data folder belongs to this process, so every unfinished recompute is this
 * process's to redo; on a server, only those silent for 10 minutes.
 */
export async function sweepGroups(db: Db, kind: 'pglite' | 'postgres', log: (error: unknown) => void): Promise<() => void> {
  const queue = new BackgroundQueue(log);
  const sweep = async () => {
    const stuckBefore = new Date(kind === 'pglite' ? Date.now() + 1000 : Date.now() - 600_000);
    const due = new Map<string, string[]>();
    for (const group of await queries.groupsToSweep(db, stuckBefore)) due.set(group.tenant_id, [...(due.get(group.tenant_id) ?? []), group.id]);
    for (const [tenantId, ids] of due) {
      const ctx: Ctx = { db, tenantId, actor: { kind: 'system' }, rights: new Set() };
      queue.enqueue((signal) => recomputeGroups(ctx, ids, 'rule', signal));
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep().catch(log), 3_600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await queue.close();
  };
}
