import type { Db } from '../../db/database.ts';
import { BackgroundQueue } from '../../lib/background.ts';
import { localDay } from '../../lib/dates.ts';
import { type Ctx, inTransaction, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { type MembershipChange, recordChanges } from './ledger.ts';
import { type FrequencyRule, levelOf, type LevelRow, ruleSentence, windowOf } from './levels.ts';
import * as members from './membership-queries.ts';
import * as queries from './queries.ts';

// Keeps frequency groups current. Every path evaluates customers with the same rules (levels.ts) and the
// same SQL (membership-queries.ts figuresQuery), as of now: after a sale for its customer, in chunks of
// customers for a full recompute, and once a day for rolling windows. So a full recompute finds exactly the
// members and levels that sale-by-sale upkeep left, which the tests check on the whole Online Retail history.

type RuleGroup = FrequencyRule & { name: string; code: string | null; vip: boolean };

/** What moved the customers: their sales (each customer's latest in the batch), or a recompute of the group. */
type Cause =
  | { kind: 'sales'; sales: ReadonlyMap<string, { sale_id: string; occurred_at: string }>; importJobId: string | null }
  | { kind: 'recompute'; reason: 'rule' | 'definition_changed' };

export interface Moves {
  entered: number;
  level_changed: number;
  left: number;
}

const CHUNK = 5000;

/** After sales are written (same transaction): moves their customers in every frequency group. */
export async function keepGroupsCurrent(tx: TxCtx, sales: readonly { customer_id: string | null; id: string; occurred_at: string }[],
  importJobId: string | null, store: StoreTerms): Promise<void> {
  const latest = new Map<string, { sale_id: string; occurred_at: string }>();
  for (const sale of sales) {
    if (!sale.customer_id) continue;
    const seen = latest.get(sale.customer_id);
    if (!seen || sale.occurred_at > seen.occurred_at) latest.set(sale.customer_id, { sale_id: sale.id, occurred_at: sale.occurred_at });
  }
  if (latest.size === 0) return;
  const groups = await ruleGroups(tx.db, tx.tenantId);
  if (groups.length === 0) return;
  await evaluate(tx, groups, [...latest.keys()], { kind: 'sales', sales: latest, importJobId }, store);
}

/** What evaluating needs of the store: the day is cut in its time zone, the ledger's sentences name its currency. */
export interface StoreTerms {
  time_zone: string;
  currency: string;
}

async function ruleGroups(db: Db, tenantId: string, ids?: readonly string[]): Promise<RuleGroup[]> {
  const rows = await queries.frequencyGroups(db, tenantId, ids);
  return rows.map((row) => ({
    id: row.id, name: row.name, code: row.code, vip: row.vip, metric: row.metric!, active_from: row.active_from!, window: row.window!,
    levels: row.levels as LevelRow[],
  }));
}

/** Evaluates `customerIds` in `groups` as of now and writes what changed: members, ledger, events. */
async function evaluate(tx: TxCtx, groups: readonly RuleGroup[], customerIds: readonly string[], cause: Cause, store: StoreTerms): Promise<Moves> {
  const windows = groups.map((group) => ({ groupId: group.id, metric: group.metric, ...windowOf(group, store.time_zone) }));
  const [figures, current] = await Promise.all([
    members.figures(tx.db, tx.tenantId, windows, customerIds),
    members.membersOf(tx.db, tx.tenantId, groups.map((g) => g.id), customerIds),
  ]);
  const now = new Date();
  const key = (groupId: string, customerId: string) => `${groupId}\u0000${customerId}`;
  const qualified = new Map(figures.filter((row) => row.level_number !== null).map((row) => [key(row.group_id, row.customer_id), row]));
  const before = new Map(current.map((row) => [key(row.group_id, row.customer_id), row]));
  const byId = new Map(groups.map((group) => [group.id, group]));
  const figureOf = new Map(figures.map((row) => [key(row.group_id, row.customer_id), row.figure]));

  const changes: MembershipChange[] = [];
  const keep: Parameters<typeof members.upsertMembers>[1] = [];
  for (const [k, row] of qualified) {
    const was = before.get(k);
    const group = byId.get(row.group_id)!;
    if (was && was.level_number === row.level_number && was.figure === row.figure) continue;
    keep.push({ tenant_id: tx.tenantId, group_id: row.group_id, customer_id: row.customer_id, level_number: row.level_number, vip: row.vip, figure: row.figure, since: now });
    if (was?.level_number === row.level_number) continue;
    changes.push(change(group, row.customer_id, was ? 'level_changed' : 'entered', was?.level_number ?? null, row.level_number, row.figure, row.vip));
  }
  const leaving = new Map<string, string[]>();
  for (const [k, was] of before) {
    if (qualified.has(k)) continue;
    leaving.set(was.group_id, [...(leaving.get(was.group_id) ?? []), was.customer_id]);
    changes.push(change(byId.get(was.group_id)!, was.customer_id, 'left', was.level_number, null, figureOf.get(k) ?? 0, false));
  }

  await settleTimes(tx, changes, cause, windows);
  const sinceOf = new Map(changes.map((c) => [key(c.group.id, c.customer_id), c.effective_at]));
  for (const row of keep) row.since = sinceOf.get(key(row.group_id, row.customer_id)) ?? now;
  await members.upsertMembers(tx.db, keep);
  for (const [groupId, ids] of leaving) await members.deleteMembers(tx.db, tx.tenantId, groupId, ids);
  await recordChanges(tx, changes);
  return {
    entered: changes.filter((c) => c.change === 'entered').length,
    level_changed: changes.filter((c) => c.change === 'level_changed').length,
    left: changes.filter((c) => c.change === 'left').length,
  };

  function change(group: RuleGroup, customerId: string, kind: MembershipChange['change'], levelBefore: number | null, levelAfter: number | null,
    figure: number, vip: boolean): MembershipChange {
    const level = group.levels.find((l) => l.number === (levelAfter ?? levelBefore));
    const previous = group.levels.find((l) => l.number === levelBefore);
    return {
      group, customer_id: customerId, change: kind, level_before: levelBefore, level_after: levelAfter, level_description: level?.description ?? null,
      previous_level_description: previous?.description ?? null, vip, effective_at: now, figure,
      rule: ruleSentence(group, figure, levelOf(group.levels, figure), store.currency),
      reason: cause.kind === 'sales' ? 'rule' : cause.reason,
      import_job_id: cause.kind === 'sales' ? cause.importJobId : null,
    };
  }
}

/**
 * When each change took effect. After a sale: that sale's time. In a recompute, an entry or a level change
 * dates from the sale after which the customer's running figure stayed in the new level (in a rolling window,
 * counted from the window's start); an exit dates from the recompute.
 */
async function settleTimes(tx: TxCtx, changes: MembershipChange[], cause: Cause, windows: members.RuleWindow[]): Promise<void> {
  if (cause.kind === 'sales') {
    for (const c of changes) {
      const sale = cause.sales.get(c.customer_id)!;
      c.effective_at = new Date(sale.occurred_at);
      c.sale_id = sale.sale_id;
    }
    return;
  }
  for (const window of windows) {
    const moved = changes.filter((c) => c.group.id === window.groupId && c.change !== 'left');
    if (moved.length === 0) continue;
    const group = moved[0]!.group as RuleGroup;
    const byCustomer = new Map<string, { id: string; occurred_at: Date; amount: number }[]>();
    for (const sale of await members.salesInWindow(tx.db, tx.tenantId, window, moved.map((c) => c.customer_id))) {
      byCustomer.set(sale.customer_id, [...(byCustomer.get(sale.customer_id) ?? []), sale]);
    }
    for (const c of moved) {
      let running = 0;
      let reached: { id: string; occurred_at: Date } | undefined;
      for (const sale of byCustomer.get(c.customer_id) ?? []) {
        running += sale.amount;
        if (levelOf(group.levels, running)?.number === c.level_after) reached ??= sale;
        else reached = undefined;
      }
      if (reached) {
        c.effective_at = reached.occurred_at;
        c.sale_id = reached.id;
      }
    }
  }
}

/**
 * Recomputes one frequency group as of now: every customer with a sale in its window and every current member,
 * in chunks, each its own transaction, with progress on the group. Stops when the definition changed meanwhile
 * (the next recompute takes over).
 */
export async function recomputeGroup(ctx: Ctx, groupId: string, definitionVersion: number, reason: 'rule' | 'definition_changed',
  signal?: AbortSignal): Promise<Moves | undefined> {
  const [group] = await ruleGroups(ctx.db, ctx.tenantId, [groupId]);
  if (!group) return undefined;
  const store = await getStore(ctx);
  const window = windowOf(group, store.time_zone);
  const ids = new Set(await members.customersWithSales(ctx.db, ctx.tenantId, window.from, window.to));
  for (const row of await members.allMemberIds(ctx.db, ctx.tenantId, groupId)) ids.add(row.customer_id);
  const customers = [...ids].sort();
  const started = await queries.updateRecompute(ctx.db, ctx.tenantId, groupId, {
    recompute_state: 'running', recompute_done: 0, recompute_total: customers.length, recompute_started_at: new Date(), recompute_finished_at: null, recompute_error: null,
  }, definitionVersion);
  if (Number(started.numUpdatedRows) === 0) return undefined;
  const moves: Moves = { entered: 0, level_changed: 0, left: 0 };
  try {
    for (let i = 0; i < customers.length; i += CHUNK) {
      if (signal?.aborted) throw new Error('The process is stopping; the recompute starts again with the next change or at the next start.');
      const chunk = customers.slice(i, i + CHUNK);
      const still = await inTransaction(ctx, async (tx) => {
        // The group's row lock makes two recomputes of one group (a change and the daily sweep) take turns.
        const row = await queries.lockGroup(tx.db, tx.tenantId, groupId);
        if (row?.definition_version !== definitionVersion) return false;
        await members.holdCustomers(tx.db, tx.tenantId, chunk);
        const done = await evaluate(tx, [group], chunk, { kind: 'recompute', reason }, store);
        for (const k of Object.keys(moves) as (keyof Moves)[]) moves[k] += done[k];
        return true;
      });
      if (!still) return undefined;
      await queries.updateRecompute(ctx.db, ctx.tenantId, groupId, { recompute_done: Math.min(customers.length, i + CHUNK) }, definitionVersion);
    }
    await queries.updateRecompute(ctx.db, ctx.tenantId, groupId, {
      recompute_state: 'idle', recompute_done: customers.length, recompute_finished_at: new Date(), evaluated_on: localDay(Date.now(), store.time_zone),
    }, definitionVersion);
    return moves;
  } catch (error) {
    await queries.updateRecompute(ctx.db, ctx.tenantId, groupId, {
      recompute_state: 'failed', recompute_finished_at: new Date(), recompute_error: error instanceof Error ? error.message : String(error),
    }, definitionVersion).catch(() => {});
    throw error;
  }
}

/** Runs the recompute a change queued, for the definition the group has now (a later change supersedes an earlier one). */
export async function runQueuedRecompute(ctx: Ctx, groupId: string, reason: 'rule' | 'definition_changed', signal?: AbortSignal): Promise<Moves | undefined> {
  const [row] = await queries.frequencyGroups(ctx.db, ctx.tenantId, [groupId]);
  if (!row) return undefined;
  return recomputeGroup(ctx, groupId, row.definition_version, reason, signal);
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
    for (const group of await queries.groupsToSweep(db, stuckBefore)) {
      const ctx: Ctx = { db, tenantId: group.tenant_id, actor: { kind: 'system' }, rights: new Set() };
      queue.enqueue((signal) => runQueuedRecompute(ctx, group.id, 'rule', signal));
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
