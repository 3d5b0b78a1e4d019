import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import { cursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, totalFromPage } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { checkAssignableTags } from '../tags/assignments.ts';
import { recordChanges } from './ledger.ts';
import { checkLevels, type LevelRow } from './levels.ts';
import * as members from './membership-queries.ts';
import * as queries from './queries.ts';
import { GROUP_SORT_KEYS, type Group, type GroupCreate, type GroupList, type GroupListQuery, type GroupSortKey, type GroupUpdate } from './schema.ts';

type GroupRow = NonNullable<Awaited<ReturnType<typeof queries.findGroup>>>;
const RULE_FIELDS = ['metric', 'active_from', 'window', 'levels'] as const;

export async function listGroups(ctx: Ctx, query: GroupListQuery): Promise<GroupList> {
  requireRight(ctx, 'view_customers');
  const sort = parseGroupSort(query.sort);
  const filter: queries.GroupFilter = { q: query.q, kind: query.kind, segment: query.segment, vip: query.vip, tagId: query.tag_id };
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, sort.length + 1) : undefined;
  // A search's page counts its matches as it reads them (queries.listGroupPage); any other list counts beside its page.
  let rows: Awaited<ReturnType<typeof queries.listGroupPage>>;
  let total: number;
  if (queries.searchText(filter)) {
    rows = await queries.listGroupPage(ctx.db, ctx.tenantId, filter, sort, limit + 1, after);
    total = totalFromPage(rows, after) ?? await queries.countGroups(ctx.db, ctx.tenantId, filter);
  } else {
    [rows, total] = await Promise.all([
      queries.listGroupPage(ctx.db, ctx.tenantId, filter, sort, limit + 1, after),
      queries.countGroups(ctx.db, ctx.tenantId, filter),
    ]);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1) as (GroupRow & Record<string, unknown>) | undefined;
  return {
    items: page.map(toGroup), total,
    next_cursor: rows.length > limit && last ? encodeCursor([...sort.map((_, i) => cursorValue(last[`sort_${i}`])), last.id]) : null,
  };
}

function parseGroupSort(sort: string | undefined): queries.GroupSortTerm[] {
  const terms = (sort ?? 'name').split(',').map((part) => ({ key: part.replace(/^-/, '') as GroupSortKey, descending: part.startsWith('-') }));
  const keys = terms.map((term) => term.key);
  if (keys.some((key) => !GROUP_SORT_KEYS.includes(key)) || new Set(keys).size !== keys.length) {
    throw ClienteleError.invalid([{ field: '/query/sort', code: 'request.sort', message: `Sort by ${GROUP_SORT_KEYS.join(', ')}, each once.` }]);
  }
  return terms;
}

export async function getGroup(ctx: Ctx, id: string): Promise<Group> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findGroup(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('group');
  return toGroup(row);
}

/** A new group. A frequency group is created with its recompute queued: the caller starts it once this commits. */
export async function createGroup(ctx: Ctx, input: GroupCreate): Promise<Group> {
  requireRight(ctx, 'manage_customer_groups');
  const levels = checkRule(input.kind, input, true);
  return inTransaction(ctx, async (tx) => {
    await assertUnique(tx, input.code ?? null, input.erp_id ?? null);
    if (input.tag_ids?.length) await checkAssignableTags(tx, input.tag_ids, new Set());
    const number = await queries.takeGroupNumber(tx.db, tx.tenantId);
    const { id } = await queries.insertGroup(tx.db, {
      tenant_id: tx.tenantId, number, kind: input.kind, name: input.name.trim(), code: input.code?.trim() || null,
      description: input.description ?? null, erp_id: input.erp_id?.trim() || null, segment: input.segment ?? 'b2c', vip: input.vip ?? false,
      metric: input.metric ?? null, active_from: input.active_from ?? null, window: input.window ?? null,
      recompute_state: input.kind === 'frequency' ? 'queued' : 'idle',
      created_by_kind: tx.actor.kind, created_by_id: tx.actor.kind === 'system' ? null : tx.actor.id,
    });
    if (levels) await queries.replaceLevels(tx.db, tx.tenantId, id, levels);
    if (input.tag_ids?.length) await queries.replaceGroupTags(tx.db, tx.tenantId, id, input.tag_ids, tx.actor);
    return toGroup((await queries.findGroup(tx.db, tx.tenantId, id))!);
  });
}

/**
 * Changes the fields sent. A new metric, window, active from or levels bumps the definition and queues a
 * recompute (the caller starts it); a new VIP flag takes effect on the members at once.
 */
export async function updateGroup(ctx: Ctx, id: string, changes: GroupUpdate, expectedVersion?: number): Promise<Group> {
  requireRight(ctx, 'manage_customer_groups');
  return inTransaction(ctx, async (tx) => {
    const current = await queries.lockGroup(tx.db, tx.tenantId, id);
    if (!current) throw ClienteleError.notFound('group');
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ClienteleError('precondition_failed', 'precondition_failed',
        `Someone changed this group since you read it (version ${expectedVersion}, now ${current.version}); read it again.`);
    }
    // Read once, under the lock: the levels and tags as they stand.
    const before = (await queries.findGroup(tx.db, tx.tenantId, id))!;
    const ruleChanged = RULE_FIELDS.some((field) => changes[field] !== undefined);
    let levels: LevelRow[] | undefined;
    if (ruleChanged) {
      const currentLevels = before.levels as LevelRow[];
      levels = checkRule(current.kind, {
        metric: changes.metric ?? current.metric ?? undefined, active_from: changes.active_from ?? current.active_from ?? undefined,
        window: changes.window ?? current.window ?? undefined, levels: changes.levels ?? currentLevels,
      }, changes.levels !== undefined);
    }
    const code = changes.code === undefined ? undefined : changes.code?.trim() || null;
    const erpId = changes.erp_id === undefined ? undefined : changes.erp_id?.trim() || null;
    await assertUnique(tx, code !== undefined && code?.toLowerCase() !== current.code?.toLowerCase() ? code : null,
      erpId !== undefined && erpId !== current.erp_id ? erpId : null);
    if (changes.tag_ids !== undefined) {
      await checkAssignableTags(tx, changes.tag_ids, new Set(before.tag_ids));
      await queries.replaceGroupTags(tx.db, tx.tenantId, id, changes.tag_ids, tx.actor);
    }
    const update: Parameters<typeof queries.updateGroup>[3] = {
      name: changes.name?.trim(), code, description: changes.description, erp_id: erpId, segment: changes.segment, vip: changes.vip,
      metric: changes.metric, active_from: changes.active_from, window: changes.window,
    };
    if (ruleChanged) Object.assign(update, { definition_version: current.definition_version + 1, recompute_state: 'queued', recompute_done: 0, recompute_total: 0 });
    await queries.updateGroup(tx.db, tx.tenantId, id, update);
    if (levels && changes.levels !== undefined) await queries.replaceLevels(tx.db, tx.tenantId, id, levels);
    if (changes.vip !== undefined || changes.levels !== undefined) await members.refreshMembersVip(tx.db, tx.tenantId, id);
    return toGroup((await queries.findGroup(tx.db, tx.tenantId, id))!);
  });
}

/** Marks a frequency group's recompute as queued (the caller starts it): after a change of rules, or when asked. */
export async function queueRecompute(ctx: Ctx, id: string): Promise<Group> {
  requireRight(ctx, 'manage_customer_groups');
  const row = await queries.findGroup(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('group');
  if (row.kind !== 'frequency') throw new ClienteleError('conflict', 'group.not_frequency', 'Only a frequency group is computed; a static group\'s members are put in by hand.');
  await queries.updateRecompute(ctx.db, ctx.tenantId, id, { recompute_state: 'queued', recompute_done: 0, recompute_total: 0 });
  return toGroup((await queries.findGroup(ctx.db, ctx.tenantId, id))!);
}

/** Deletes the group; its members leave it (each announced on the event feed) and its ledger goes with it. */
export async function deleteGroup(ctx: Ctx, id: string): Promise<{ members_removed: number }> {
  requireRight(ctx, 'manage_customer_groups');
  return inTransaction(ctx, async (tx) => {
    const group = await queries.lockGroup(tx.db, tx.tenantId, id);
    if (!group) throw ClienteleError.notFound('group');
    const leaving = await members.currentMemberRows(tx.db, tx.tenantId, id);
    await recordGroupGone(tx, group, leaving);
    return { members_removed: await queries.deleteGroup(tx.db, tx.tenantId, id) };
  });
}

async function recordGroupGone(tx: TxCtx, group: { id: string; name: string; code: string | null }, leaving: { customer_id: string; level_number: number | null }[]) {
  // The ledger rows go with the group (cascade); the events stay for integrations to read.
  await recordChanges(tx, leaving.map((m) => ({
    group, customer_id: m.customer_id, change: 'left' as const, level_before: m.level_number, level_after: null, level_description: null,
    vip: false, effective_at: new Date(), reason: 'manual' as const,
  })));
}

/** The frequency rule of a create or an update: complete for a frequency group, absent for a static one. Answers the levels numbered. */
function checkRule(kind: 'static' | 'frequency', rule: Pick<GroupCreate, 'metric' | 'active_from' | 'window' | 'levels'>, levelsSent: boolean): LevelRow[] | undefined {
  if (kind === 'static') {
    const sent = RULE_FIELDS.filter((field) => rule[field] !== undefined);
    if (sent.length > 0) {
      throw new ClienteleError('unprocessable', 'group.rule_on_static', 'A static group has no metric, window, active from or levels: its members are put in by hand.', {
        field: `/${sent[0]}`,
      });
    }
    return undefined;
  }
  const missing = RULE_FIELDS.filter((field) => rule[field] === undefined);
  if (missing.length > 0) {
    const errors: FieldError[] = missing.map((field) => ({ field: `/${field}`, code: 'group.rule_required', message: `A frequency group needs ${field.replace('_', ' ')}.` }));
    throw new ClienteleError('unprocessable', 'group.rule_required', errors.length === 1 ? errors[0]!.message : `A frequency group needs ${missing.join(', ')}.`, {
      field: errors[0]!.field, errors,
    });
  }
  const { levels, errors } = checkLevels(rule.levels!);
  if (levelsSent && errors.length > 0) {
    const overlap = errors.some((e) => e.code === 'group.levels_overlap');
    throw new ClienteleError('unprocessable', overlap ? 'group.levels_overlap' : errors[0]!.code,
      errors.length === 1 ? errors[0]!.message : `${overlap ? 'Levels overlap' : 'Levels are invalid'}; see errors for which.`, { field: errors[0]!.field, errors });
  }
  return levels;
}

async function assertUnique(tx: TxCtx, code: string | null, erpId: string | null): Promise<void> {
  if (code && await queries.groupWithCode(tx.db, tx.tenantId, code)) {
    throw new ClienteleError('conflict', 'group.code_taken', `Another group of this store has the code "${code}".`, { field: '/code' });
  }
  if (erpId && await queries.groupWithErpId(tx.db, tx.tenantId, erpId)) {
    throw new ClienteleError('conflict', 'group.erp_id_taken', `Another group of this store has the ERP id "${erpId}".`, { field: '/erp_id' });
  }
}

export function toGroup(row: GroupRow): Group {
  const frequency = row.kind === 'frequency';
  return {
    id: row.id, kind: row.kind, number: row.number, name: row.name, code: row.code, description: row.description, erp_id: row.erp_id,
    segment: row.segment, vip: row.vip, tag_ids: row.tag_ids, metric: row.metric, active_from: row.active_from, window: row.window,
    levels: (row.levels as LevelRow[]).map((l) => ({ number: l.number, description: l.description, min: Number(l.min), max: l.max === null ? null : Number(l.max), vip: l.vip })),
    member_count: Number(row.member_count),
    recompute: frequency ? {
      state: row.recompute_state, done: row.recompute_done, total: row.recompute_total,
      started_at: row.recompute_started_at?.toISOString() ?? null, finished_at: row.recompute_finished_at?.toISOString() ?? null, error: row.recompute_error,
    } : null,
    version: row.version, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}
