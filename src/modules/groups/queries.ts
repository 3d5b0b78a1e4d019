import { type ExpressionBuilder, type Insertable, type RawBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Database, type Db, relaxedCommit, type Tx } from '../../db/database.ts';
import { idOrder, keysetAfter, pageOf, type SortExpression } from '../../lib/keyset.ts';
import { containsPattern } from '../../lib/like.ts';
import type { Actor } from '../access/context.ts';
import type { GroupSortKey } from './schema.ts';
import type { CustomerGroupsTable, GroupKind, GroupLevelsTable, RecomputeState } from './tables.ts';

const uuids = (ids: readonly string[]) => sql<string>`any(${sql.val([...ids])}::uuid[])`;

function levelsOf(eb: ExpressionBuilder<Database, 'customer_groups'>) {
  return jsonArrayFrom(eb.selectFrom('group_levels').select(['number', 'description', 'min', 'max', 'vip'])
    .whereRef('group_levels.tenant_id', '=', 'customer_groups.tenant_id').whereRef('group_levels.group_id', '=', 'customer_groups.id')
    .orderBy('number')).as('levels');
}

function tagIdsOf(eb: ExpressionBuilder<Database, 'customer_groups'>) {
  return eb.fn.coalesce(eb.selectFrom('group_tags').select(sql<string[]>`array_agg(tag_id order by assigned_at, tag_id)`.as('ids'))
    .whereRef('group_tags.tenant_id', '=', 'customer_groups.tenant_id').whereRef('group_tags.group_id', '=', 'customer_groups.id'),
  sql<string[]>`'{}'::uuid[]`).as('tag_ids');
}

// Counted when read: a counter on the group row would make every sale that moves a member wait on it.
const memberCount = sql<number>`(select count(*) from group_members m where m.tenant_id = customer_groups.tenant_id and m.group_id = customer_groups.id)`;

const SORT_EXPRESSIONS: Record<GroupSortKey, RawBuilder<unknown>> = {
  name: sql`lower(customer_groups.name)`,
  code: sql`coalesce(lower(customer_groups.code), '')`,
  number: sql`customer_groups.number`,
  kind: sql`customer_groups.kind`,
  segment: sql`customer_groups.segment`,
  vip: sql`customer_groups.vip`,
  erp_id: sql`coalesce(customer_groups.erp_id, '')`,
  member_count: memberCount,
  created_at: sql`customer_groups.created_at`,
  updated_at: sql`customer_groups.updated_at`,
};

export interface GroupSortTerm {
  key: GroupSortKey;
  descending: boolean;
}

export interface GroupFilter {
  q?: string | undefined;
  kind?: GroupKind | undefined;
  segment?: 'b2b' | 'b2c' | undefined;
  vip?: boolean | undefined;
  tagId?: string | undefined;
}

// Name, code and ERP id in one text, exactly as the trigram index customer_groups_search is built
// (migration 20261127T0900_group_search), so that a search reads that index for both the page and the total.
const SEARCH_TEXT = sql<string>`lower(customer_groups.name || E'\\n' || coalesce(customer_groups.code, '') || E'\\n' || coalesce(customer_groups.erp_id, ''))`;

/** The search's text as SEARCH_TEXT holds it (lower-case), or undefined when the list has none. */
export function searchText(filter: GroupFilter): string | undefined {
  return filter.q?.trim().toLowerCase() || undefined;
}

function filtered(db: Db, tenantId: string, filter: GroupFilter) {
  let query = db.selectFrom('customer_groups').where('customer_groups.tenant_id', '=', tenantId);
  if (filter.kind) query = query.where('customer_groups.kind', '=', filter.kind);
  if (filter.segment) query = query.where('customer_groups.segment', '=', filter.segment);
  if (filter.vip !== undefined) query = query.where('customer_groups.vip', '=', filter.vip);
  if (filter.tagId) {
    query = query.where((eb) => eb.exists(eb.selectFrom('group_tags').select(sql`1`.as('one'))
      .whereRef('group_tags.tenant_id', '=', 'customer_groups.tenant_id').whereRef('group_tags.group_id', '=', 'customer_groups.id')
      .where('group_tags.tag_id', '=', filter.tagId!)));
  }
  const text = searchText(filter);
  if (text) {
    const pattern = containsPattern(text);
    query = query.where(SEARCH_TEXT, 'like', pattern);
    // Only a fragment holding the separator could match across two fields: then each field is checked on its own.
    if (text.includes('\n')) {
      query = query.where((eb) => eb.or([
        eb(sql`lower(customer_groups.name)`, 'like', pattern), eb(sql`lower(customer_groups.code)`, 'like', pattern),
        eb(sql`lower(customer_groups.erp_id)`, 'like', pattern),
      ]));
    }
  }
  return query;
}

const sortExpressions = (sort: GroupSortTerm[]): SortExpression[] => sort.map((term) => ({ expression: SORT_EXPRESSIONS[term.key], descending: term.descending }));

/**
 * One page in `sort` order then id; `after` is the previous page's last sort values and id. A search (q) sorts
 * its matches, read through the trigram index, and reads the page's groups by id; its rows also carry `matched`,
 * how many groups matched, so the total needs no second read. Left to walk the name index and test each group
 * instead, a fragment that a few hundred of 5,000 groups hold read some 900 groups for a page of 50.
 */
export function listGroupPage(db: Db, tenantId: string, filter: GroupFilter, sort: GroupSortTerm[], limit: number, after?: unknown[]) {
  const expressions = sortExpressions(sort);
  const sortValues = expressions.map((term, i) => term.expression.as(`sort_${i}`));
  if (!searchText(filter)) {
    let query = filtered(db, tenantId, filter).selectAll('customer_groups').select([levelsOf, tagIdsOf, memberCount.as('member_count')]).select(sortValues);
    if (after) query = query.where(keysetAfter(expressions, sql`customer_groups.id`, after));
    for (const term of expressions) query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
    return query.orderBy('customer_groups.id', idOrder(expressions)).limit(limit).execute();
  }
  let query = db.with((cte) => cte('matches').materialized(), () => filtered(db, tenantId, filter).select('customer_groups.id').select(sortValues))
    .selectFrom('customer_groups').where('customer_groups.tenant_id', '=', tenantId)
    .where(sql<SqlBool>`customer_groups.id in (${pageOf('matches', expressions, limit, after)})`)
    .selectAll('customer_groups').select([levelsOf, tagIdsOf, memberCount.as('member_count')]).select(sortValues)
    .select(sql<number>`(select count(*) from matches)::int`.as('matched'));
  for (const term of expressions) query = query.orderBy(term.expression, term.descending ? 'desc' : 'asc');
  return query.orderBy('customer_groups.id', idOrder(expressions)).execute();
}

export async function countGroups(db: Db, tenantId: string, filter: GroupFilter): Promise<number> {
  const row = await filtered(db, tenantId, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return Number(row.total);
}

export function findGroup(db: Db, tenantId: string, id: string) {
  return db.selectFrom('customer_groups').selectAll().select([levelsOf, tagIdsOf, memberCount.as('member_count')])
    .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findGroups(db: Db, tenantId: string, ids: readonly string[]) {
  return db.selectFrom('customer_groups').select(['id', 'kind', 'name', 'code', 'vip']).where('tenant_id', '=', tenantId).where('id', '=', uuids(ids)).execute();
}

/** Locks one group's row until the transaction ends, and answers it. */
export function lockGroup(tx: Tx, tenantId: string, id: string) {
  return tx.selectFrom('customer_groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function groupWithCode(db: Db, tenantId: string, code: string) {
  return db.selectFrom('customer_groups').select('id').where('tenant_id', '=', tenantId).where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export function groupWithErpId(db: Db, tenantId: string, erpId: string) {
  return db.selectFrom('customer_groups').select('id').where('tenant_id', '=', tenantId).where('erp_id', '=', erpId).executeTakeFirst();
}

/** The next number in the store's creation order; the store row stays locked until the transaction ends. */
export async function takeGroupNumber(tx: Tx, tenantId: string): Promise<number> {
  const row = await tx.updateTable('stores').set({ last_group_number: sql`last_group_number + 1` }).where('tenant_id', '=', tenantId)
    .returning('last_group_number').executeTakeFirstOrThrow();
  return row.last_group_number;
}

export function insertGroup(tx: Tx, group: Insertable<CustomerGroupsTable>) {
  return tx.insertInto('customer_groups').values(group).returning('id').executeTakeFirstOrThrow();
}

export function updateGroup(db: Db, tenantId: string, id: string, changes: Updateable<CustomerGroupsTable>) {
  return db.updateTable('customer_groups').set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Recompute bookkeeping: no new version, so a form open on the group is not made stale by its own recompute. */
export function updateRecompute(db: Db, tenantId: string, id: string, changes: Updateable<CustomerGroupsTable>, definitionVersion?: number) {
  let query = db.updateTable('customer_groups').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (definitionVersion !== undefined) query = query.where('definition_version', '=', definitionVersion);
  return query.executeTakeFirst();
}

/**
 * Writes a recompute's state on several groups at once: those whose definition is still the one computed, and
 * still in `state` if given. Answers the ids updated.
 */
export async function updateRecomputes(db: Db, tenantId: string, groups: readonly { id: string; definition_version: number }[],
  changes: Updateable<CustomerGroupsTable>, state?: RecomputeState): Promise<string[]> {
  if (groups.length === 0) return [];
  // A recompute's state need not wait for the disk: lost, it leaves the group queued or running, which the
  // sweep picks up (relaxedCommit, set from the statement's condition, for the statement's own transaction when
  // it has none, as the recompute's range transactions already are).
  const rows = await db.updateTable('customer_groups').set(changes).where('tenant_id', '=', tenantId)
    .where(sql<boolean>`(id, definition_version) in (select * from unnest(${sql.val(groups.map((g) => g.id))}::uuid[], ${sql.val(groups.map((g) => g.definition_version))}::int[]))`)
    .$if(state !== undefined, (query) => query.where('recompute_state', '=', state!))
    .where(sql<boolean>`${relaxedCommit} is not null`)
    .returning('id').execute();
  return rows.map((row) => row.id);
}

export async function deleteGroup(tx: Tx, tenantId: string, id: string): Promise<number> {
  const members = await tx.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', id).executeTakeFirst();
  await tx.deleteFrom('customer_groups').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return Number(members.numDeletedRows);
}

export async function replaceLevels(tx: Tx, tenantId: string, groupId: string, levels: Omit<GroupLevelsTable, 'tenant_id' | 'group_id'>[]) {
  await tx.deleteFrom('group_levels').where('tenant_id', '=', tenantId).where('group_id', '=', groupId).execute();
  if (levels.length === 0) return;
  await tx.insertInto('group_levels').values(levels.map((level) => ({ ...level, tenant_id: tenantId, group_id: groupId }))).execute();
}

export async function replaceGroupTags(tx: Tx, tenantId: string, groupId: string, tagIds: readonly string[], actor: Actor) {
  await tx.deleteFrom('group_tags').where('tenant_id', '=', tenantId).where('group_id', '=', groupId)
    .where('tag_id', '<>', sql<string>`all(${sql.val([...tagIds])}::uuid[])`).execute();
  if (tagIds.length === 0) return;
  await tx.insertInto('group_tags').values(tagIds.map((tagId) => ({
    tenant_id: tenantId, group_id: groupId, tag_id: tagId, assigned_by_kind: actor.kind, assigned_by_id: actor.kind === 'system' ? null : actor.id,
  }))).onConflict((oc) => oc.doNothing()).execute();
}

/** The store's frequency groups (or those of `ids`) with their rules and levels: what evaluating them reads. */
export function frequencyGroupsQuery(db: Db, tenantId: string, ids?: readonly string[]) {
  let query = db.selectFrom('customer_groups').select(['id', 'metric', 'active_from', 'window', 'vip', 'name', 'code', 'definition_version', 'evaluated_on']).select(levelsOf)
    .where('tenant_id', '=', tenantId).where('kind', '=', 'frequency');
  if (ids) query = query.where('id', '=', uuids(ids));
  return query.orderBy('number');
}

export function frequencyGroups(db: Db, tenantId: string, ids?: readonly string[]) {
  return frequencyGroupsQuery(db, tenantId, ids).execute();
}

export type FrequencyGroupRow = Awaited<ReturnType<typeof frequencyGroups>>[number];

/** Across stores (maintenance): rolling-window groups not evaluated on their store's today, and recomputes left unfinished. */
export function groupsToSweep(db: Db, stuckBefore: Date) {
  return db.selectFrom('customer_groups as g').innerJoin('stores as s', 's.tenant_id', 'g.tenant_id').select(['g.tenant_id', 'g.id'])
    .where('g.kind', '=', 'frequency')
    .where((eb) => eb.or([
      eb.and([eb('g.window', '=', 'rolling_12_months'), eb('g.recompute_state', 'in', ['idle', 'failed']),
        eb.or([eb('g.evaluated_on', 'is', null), eb('g.evaluated_on', '<', sql<string>`(now() at time zone s.time_zone)::date`)])]),
      eb.and([eb('g.recompute_state', 'in', ['queued', 'running']), eb(sql`coalesce(g.recompute_started_at, g.updated_at)`, '<', stuckBefore)]),
    ]))
    .orderBy('g.tenant_id').orderBy('g.number').execute();
}
