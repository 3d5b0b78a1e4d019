import type { Readable } from 'node:stream';
import type { Expression } from 'kysely';
import { csvStream } from '../../lib/csv.ts';
import { addDays, startOfDay } from '../../lib/dates.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { cursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, keysetBatches } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { type MembershipChange, recordChanges } from './ledger.ts';
import * as members from './membership-queries.ts';
import * as queries from './queries.ts';
import type { CustomerMembership, Member, MemberList, MemberListQuery, MembersChanged, MembershipHistory } from './schema.ts';

type StaticGroup = { id: string; name: string; code: string | null; vip: boolean };

// Static membership: customers put in and taken out by hand, from the group, the customer, or a search result.

/** Puts customers in a static group. With the store's one-group rule on, they leave their other static group. */
export async function addMembers(ctx: Ctx, groupId: string, customerIds: readonly string[]): Promise<MembersChanged> {
  requireRight(ctx, 'assign_customers_to_groups');
  return inTransaction(ctx, async (tx) => {
    const group = await staticGroup(tx, groupId);
    await assertCustomers(tx, customerIds);
    return changeMemberships(tx, customerIds, [group], [], (await getStore(tx)).one_group_per_customer);
  });
}

export async function removeMembers(ctx: Ctx, groupId: string, customerIds: readonly string[]): Promise<MembersChanged> {
  requireRight(ctx, 'assign_customers_to_groups');
  return inTransaction(ctx, async (tx) => {
    const group = await staticGroup(tx, groupId);
    return changeMemberships(tx, customerIds, [], [group], false);
  });
}

/** Makes `groupIds` the customer's static groups (PATCH /v1/customers/{id} group_ids). */
export async function setCustomerGroups(tx: TxCtx, customerId: string, groupIds: readonly string[], pointer = '/group_ids'): Promise<void> {
  requireRight(tx, 'assign_customers_to_groups');
  const wanted = await staticGroups(tx, groupIds, pointer);
  const store = await getStore(tx);
  if (store.one_group_per_customer && wanted.length > 1) {
    throw new ClienteleError('unprocessable', 'group.one_group_only', 'This store puts a customer in one group only (Settings > Store).', { field: `${pointer}/1` });
  }
  const current = await members.staticMemberships(tx.db, tx.tenantId, [customerId]);
  const currentIds = new Set(current.map((row) => row.group_id));
  const leave = await staticGroups(tx, [...currentIds].filter((id) => !groupIds.includes(id)), pointer);
  await changeMemberships(tx, [customerId], wanted.filter((g) => !currentIds.has(g.id)), leave, store.one_group_per_customer);
}

/** Adds and removes static groups for every customer `customers` selects, in one transaction (bulk action on a search). */
export async function changeGroupsOfCustomers(ctx: Ctx, customers: (tx: TxCtx) => Expression<unknown>, add: readonly string[], remove: readonly string[]):
  Promise<{ matched: number; changed: number }> {
  requireRight(ctx, 'assign_customers_to_groups');
  return inTransaction(ctx, async (tx) => {
    const adding = await staticGroups(tx, add, '/add');
    const removing = await staticGroups(tx, remove, '/remove');
    const both = add.findIndex((id) => remove.includes(id));
    if (both >= 0) throw ClienteleError.invalid([{ field: `/add/${both}`, code: 'group.add_and_remove', message: 'A group cannot be both added and removed.' }]);
    const ids = (await tx.db.selectNoFrom((eb) => eb.fn<string[]>('array', [customers(tx)]).as('ids')).executeTakeFirstOrThrow()).ids ?? [];
    const oneGroup = adding.length > 0 && (await getStore(tx)).one_group_per_customer;
    const result = await changeMemberships(tx, ids, adding, removing, oneGroup);
    return { matched: ids.length, changed: result.changed };
  });
}

/**
 * Writes entries and exits with their ledger rows and events. Only real changes count: a customer already in a
 * group it is added to, or not in one it is taken out of, is left alone. `oneGroup` is the store's one-group rule.
 */
async function changeMemberships(tx: TxCtx, customerIds: readonly string[], add: readonly StaticGroup[], remove: readonly StaticGroup[],
  oneGroup: boolean): Promise<MembersChanged> {
  if (customerIds.length === 0) return { changed: 0, moved: 0 };
  if (oneGroup && add.length > 1) {
    throw new ClienteleError('unprocessable', 'group.one_group_only', 'This store puts a customer in one group only (Settings > Store).', { field: '/add/1' });
  }
  const now = new Date();
  const changes: MembershipChange[] = [];
  const touched = new Set<string>();
  let moved = 0;
  const existing = await members.staticMemberships(tx.db, tx.tenantId, customerIds);
  const inGroup = (groupId: string) => new Set(existing.filter((row) => row.group_id === groupId).map((row) => row.customer_id));
  const leave = async (group: StaticGroup, ids: string[], reason: 'manual' | 'one_group_rule') => {
    const gone = await members.deleteMembers(tx.db, tx.tenantId, group.id, ids);
    for (const id of gone) {
      touched.add(id);
      changes.push({ group, customer_id: id, change: 'left', level_before: null, level_after: null, level_description: null, vip: false, effective_at: now, reason });
    }
    return gone.length;
  };
  for (const group of remove) await leave(group, customerIds.filter((id) => inGroup(group.id).has(id)), 'manual');
  for (const group of add) {
    const already = inGroup(group.id);
    const newcomers = customerIds.filter((id) => !already.has(id));
    if (oneGroup) {
      // The one-group rule: a customer put in this group leaves their other static group.
      const others = existing.filter((row) => row.group_id !== group.id && newcomers.includes(row.customer_id));
      for (const groupId of new Set(others.map((row) => row.group_id))) {
        const [other] = await staticGroups(tx, [groupId], '');
        moved += await leave(other!, others.filter((row) => row.group_id === groupId).map((row) => row.customer_id), 'one_group_rule');
      }
    }
    await members.upsertMembers(tx.db, newcomers.map((id) => ({
      tenant_id: tx.tenantId, group_id: group.id, customer_id: id, level_number: null, vip: group.vip, figure: null, since: now,
    })));
    for (const id of newcomers) {
      touched.add(id);
      changes.push({ group, customer_id: id, change: 'entered', level_before: null, level_after: null, level_description: null, vip: group.vip, effective_at: now, reason: 'manual' });
    }
  }
  await recordChanges(tx, changes);
  return { changed: touched.size, moved };
}

async function staticGroup(ctx: Ctx, groupId: string): Promise<StaticGroup> {
  const [group] = await queries.findGroups(ctx.db, ctx.tenantId, [groupId]);
  if (!group) throw ClienteleError.notFound('group');
  if (group.kind !== 'static') {
    throw new ClienteleError('conflict', 'group.not_static', `"${group.name}" is a frequency group: its customers qualify by what they buy and cannot be put in or taken out by hand.`);
  }
  return group;
}

async function staticGroups(ctx: Ctx, ids: readonly string[], pointer: string): Promise<StaticGroup[]> {
  if (ids.length === 0) return [];
  const found = new Map((await queries.findGroups(ctx.db, ctx.tenantId, ids)).map((g) => [g.id, g]));
  const errors = ids.flatMap((id, i) => {
    const group = found.get(id);
    if (!group) return [{ field: `${pointer}/${i}`, code: 'group.unknown', message: `No group with id ${id} in this store.` }];
    if (group.kind !== 'static') return [{ field: `${pointer}/${i}`, code: 'group.not_static', message: `"${group.name}" is a frequency group: its members qualify by what they buy.` }];
    return [];
  });
  if (errors.length > 0) {
    throw new ClienteleError('unprocessable', errors[0]!.code, errors.length === 1 ? errors[0]!.message : `${errors.length} groups cannot be used.`, { field: errors[0]!.field, errors });
  }
  return ids.map((id) => found.get(id)!);
}

async function assertCustomers(ctx: Ctx, ids: readonly string[]): Promise<void> {
  const known = new Set((await members.existingCustomerIds(ctx.db, ctx.tenantId, ids)).map((row) => row.id));
  const errors = ids.flatMap((id, i) => (known.has(id) ? [] : [{ field: `/customer_ids/${i}`, code: 'customer.unknown', message: `No customer with id ${id} in this store.` }]));
  if (errors.length > 0) {
    throw new ClienteleError('unprocessable', 'customer.unknown', errors.length === 1 ? errors[0]!.message : `${errors.length} customers are unknown.`, { field: errors[0]!.field, errors });
  }
}

/** Refuses the one-group rule while customers are in several static groups, naming them (the first 100). */
export async function assertOneGroupPossible(ctx: Ctx): Promise<void> {
  const rows = await members.customersInSeveralStaticGroups(ctx.db, ctx.tenantId, 100);
  if (rows.length === 0) return;
  throw new ClienteleError('conflict', 'group.one_group_conflict',
    `${rows.length === 100 ? 'At least 100' : rows.length} customer${rows.length === 1 ? ' is' : 's are'} in several static groups; take them out of all but one first.`, {
      field: '/one_group_per_customer',
      errors: rows.map((row) => ({ field: `/customers/${row.customer_id}`, code: 'group.one_group_conflict', message: `${row.name} is in ${row.groups} static groups.` })),
      extra: { customers: rows.map((row) => ({ id: row.customer_id, name: row.name, static_groups: Number(row.groups) })) },
    });
}

/** Every group the customer is in, for the customer's page. */
export async function customerMemberships(ctx: Ctx, customerId: string): Promise<CustomerMembership[]> {
  const rows = await members.membershipsOfCustomer(ctx.db, ctx.tenantId, customerId);
  return rows.map((row) => ({
    group_id: row.group_id, name: row.name, kind: row.kind, level: row.level, level_number: row.level_number, vip: row.vip, since: row.since.toISOString(),
  }));
}

// Member lists

async function memberSource(ctx: Ctx, groupId: string, asOf: string | undefined) {
  const group = await queries.findGroup(ctx.db, ctx.tenantId, groupId);
  if (!group) throw ClienteleError.notFound('group');
  if (asOf === undefined) return { group, source: members.currentMembers(ctx.tenantId, groupId) };
  const store = await getStore(ctx);
  if (group.kind === 'static') return { group, source: members.membersFromLedger(ctx.tenantId, groupId, startOfDay(addDays(asOf, 1), store.time_zone)) };
  const rule = { id: group.id, metric: group.metric!, vip: group.vip, levels: group.levels };
  return { group, source: members.membersByRule(ctx.tenantId, { timeZone: store.time_zone, day: asOf, asOf: true, groups: [rule] }) };
}

export async function listMembers(ctx: Ctx, groupId: string, query: MemberListQuery): Promise<MemberList> {
  requireRight(ctx, 'view_customers');
  const { source } = await memberSource(ctx, groupId, query.as_of);
  const filter = { q: query.q, level: query.level };
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, 2) as [string, string] : undefined;
  const [page, total] = await Promise.all([
    members.memberPage(ctx.db, ctx.tenantId, groupId, source, filter, limit + 1, after),
    members.countMembers(ctx.db, ctx.tenantId, source, filter),
  ]);
  const rows = page.rows.slice(0, limit);
  const last = rows.at(-1);
  return { items: rows.map(toMember), total, next_cursor: page.rows.length > limit && last ? encodeCursor([cursorValue(last.sort_name), last.customer_id]) : null };
}

/** Members per statement of the CSV export. */
const BATCH = 1000;

export const MEMBER_COLUMNS = ['customer_id', 'name', 'code', 'email', 'level', 'vip', 'figure', 'since'] as const;

/** Every member as CSV, read page by page so memory stays flat. */
export async function exportMembers(ctx: Ctx, groupId: string, query: MemberListQuery): Promise<Readable> {
  requireRight(ctx, 'export_data');
  const { source } = await memberSource(ctx, groupId, query.as_of);
  const filter = { q: query.q, level: query.level };
  const read = async (after: unknown[] | undefined) =>
    (await members.memberPage(ctx.db, ctx.tenantId, groupId, source, filter, BATCH, after as [string, string] | undefined)).rows;
  async function* batches() {
    for await (const page of keysetBatches(read, BATCH, (last) => [last.sort_name, last.customer_id])) {
      yield page.map((row) => [row.customer_id, row.name, row.code, row.email, row.level, row.vip, row.figure, row.since?.toISOString() ?? null]);
    }
  }
  return csvStream(MEMBER_COLUMNS, batches());
}

function toMember(row: Awaited<ReturnType<typeof members.memberPage>>['rows'][number]): Member {
  return {
    customer_id: row.customer_id, name: row.name, level: row.level, level_number: row.level_number, vip: row.vip,
    figure: row.figure === null ? null : Number(row.figure), since: row.since ? new Date(row.since).toISOString() : null,
  };
}

// The ledger

export async function membershipHistory(ctx: Ctx, filter: members.HistoryFilter, query: { limit?: number | undefined; cursor?: string | undefined }): Promise<MembershipHistory> {
  requireRight(ctx, 'view_customers');
  if (filter.groupId && !(await queries.findGroups(ctx.db, ctx.tenantId, [filter.groupId])).length) throw ClienteleError.notFound('group');
  if (filter.customerId && !(await members.existingCustomerIds(ctx.db, ctx.tenantId, [filter.customerId])).length) throw ClienteleError.notFound('customer');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const before = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : undefined;
  const [rows, total] = await Promise.all([
    members.historyPage(ctx.db, ctx.tenantId, filter, limit + 1, before),
    members.countHistory(ctx.db, ctx.tenantId, filter),
  ]);
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: Number(row.id), group_id: row.group_id, group_name: row.group_name, customer_id: row.customer_id, customer_name: row.customer_name,
      change: row.change, level_before: row.level_before, level_after: row.level_after, level: row.level_description,
      effective_at: row.effective_at.toISOString(), recorded_at: row.recorded_at.toISOString(), reason: row.reason,
      figure: row.figure === null ? null : Number(row.figure), rule: row.rule, sale_id: row.sale_id, import_job_id: row.import_job_id,
      by: { kind: row.actor_kind, id: row.actor_id },
    })),
    total,
    next_cursor: rows.length > limit ? encodeCursor([Number(page.at(-1)!.id)]) : null,
  };
}
