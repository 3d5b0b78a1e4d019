import { type Insertable, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { containsPattern } from '../../lib/like.ts';
import type { GroupMembersTable, GroupMembershipChangesTable, GroupMetric } from './tables.ts';

// Who is in which group: the members as they stand, the ledger of changes, and the figures frequency rules read.

const uuids = (ids: readonly string[]) => sql<string>`any(${sql.val([...ids])}::uuid[])`;

export function existingCustomerIds(db: Db, tenantId: string, ids: readonly string[]) {
  return db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', uuids(ids)).execute();
}

/**
 * Holds the customers' rows until the transaction ends, so a recompute and a sale of the same customer take
 * turns: a sale updates its customer's tallies, which waits for this lock, and its own upkeep then reads the
 * recompute's result; the recompute waits for a sale already running to commit, then reads its sale.
 */
export async function holdCustomers(tx: Tx, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', uuids(ids)).orderBy('id').forShare().execute();
}

export function membersOf(db: Db, tenantId: string, groupIds: readonly string[], customerIds: readonly string[]) {
  return db.selectFrom('group_members').selectAll().where('tenant_id', '=', tenantId)
    .where('group_id', '=', uuids(groupIds)).where('customer_id', '=', uuids(customerIds)).execute();
}

export function currentMemberRows(db: Db, tenantId: string, groupId: string) {
  return db.selectFrom('group_members').select(['customer_id', 'level_number']).where('tenant_id', '=', tenantId).where('group_id', '=', groupId).execute();
}

/** Every current member of a group: what a full recompute compares its result with. */
export function allMemberIds(db: Db, tenantId: string, groupId: string) {
  return db.selectFrom('group_members').select('customer_id').where('tenant_id', '=', tenantId).where('group_id', '=', groupId).execute();
}

/** The static groups each of these customers is in. */
export function staticMemberships(db: Db, tenantId: string, customerIds: readonly string[]) {
  return db.selectFrom('group_members').innerJoin('customer_groups', (join) => join.onRef('customer_groups.tenant_id', '=', 'group_members.tenant_id')
    .onRef('customer_groups.id', '=', 'group_members.group_id'))
    .select(['group_members.customer_id', 'group_members.group_id', 'customer_groups.name'])
    .where('group_members.tenant_id', '=', tenantId).where('customer_groups.kind', '=', 'static')
    .where('group_members.customer_id', '=', uuids(customerIds)).execute();
}

/** Every group a customer is in, with the level's description: what the customer's page shows. */
export function membershipsOfCustomer(db: Db, tenantId: string, customerId: string) {
  return db.selectFrom('group_members')
    .innerJoin('customer_groups as g', (join) => join.onRef('g.tenant_id', '=', 'group_members.tenant_id').onRef('g.id', '=', 'group_members.group_id'))
    .leftJoin('group_levels as l', (join) => join.onRef('l.tenant_id', '=', 'group_members.tenant_id')
      .onRef('l.group_id', '=', 'group_members.group_id').onRef('l.number', '=', 'group_members.level_number'))
    .select(['group_members.group_id', 'g.name', 'g.kind', 'g.number as group_number', 'l.description as level', 'group_members.level_number',
      'group_members.vip', 'group_members.since'])
    .where('group_members.tenant_id', '=', tenantId).where('group_members.customer_id', '=', customerId)
    .orderBy('g.number').execute();
}

/** Customers in two static groups or more: what keeps the store from turning on "one group per customer". */
export function customersInSeveralStaticGroups(db: Db, tenantId: string, limit: number) {
  return db.selectFrom('group_members').innerJoin('customer_groups as g', (join) => join.onRef('g.tenant_id', '=', 'group_members.tenant_id')
    .onRef('g.id', '=', 'group_members.group_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.tenant_id', '=', 'group_members.tenant_id').onRef('c.id', '=', 'group_members.customer_id'))
    .select(['group_members.customer_id', 'c.name', sql<number>`count(*)`.as('groups')])
    .where('group_members.tenant_id', '=', tenantId).where('g.kind', '=', 'static')
    .groupBy(['group_members.customer_id', 'c.name']).having(sql`count(*)`, '>', 1)
    .orderBy('c.name').limit(limit).execute();
}

/** Adds or moves members; a member whose level is unchanged keeps `since` and gets the new figure. */
export async function upsertMembers(tx: Tx, rows: Insertable<GroupMembersTable>[]): Promise<void> {
  // 7 parameters a row: slices keep each statement under PostgreSQL's 65,535.
  for (let start = 0; start < rows.length; start += 5000) await upsertSlice(tx, rows.slice(start, start + 5000));
}

async function upsertSlice(tx: Tx, rows: Insertable<GroupMembersTable>[]): Promise<void> {
  await tx.insertInto('group_members').values(rows).onConflict((oc) => oc.columns(['tenant_id', 'group_id', 'customer_id']).doUpdateSet({
    level_number: sql`excluded.level_number`, vip: sql`excluded.vip`, figure: sql`excluded.figure`,
    since: sql`case when group_members.level_number is not distinct from excluded.level_number then group_members.since else excluded.since end`,
  })).execute();
}

export async function deleteMembers(tx: Tx, tenantId: string, groupId: string, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const rows = await tx.deleteFrom('group_members').where('tenant_id', '=', tenantId).where('group_id', '=', groupId)
    .where('customer_id', '=', uuids(customerIds)).returning('customer_id').execute();
  return rows.map((row) => row.customer_id);
}

/** After a group's VIP flag changes: each member's flag is the group's or its level's. */
export function refreshMembersVip(tx: Tx, tenantId: string, groupId: string) {
  return sql`
    update group_members m set vip = g.vip or coalesce(l.vip, false)
    from customer_groups g
    left join group_levels l on l.tenant_id = g.tenant_id and l.group_id = g.id
    where g.tenant_id = ${tenantId} and g.id = ${groupId} and m.tenant_id = g.tenant_id and m.group_id = g.id
      and (l.number is null and m.level_number is null or l.number = m.level_number)`.execute(tx);
}

export async function insertChanges(tx: Tx, rows: Insertable<GroupMembershipChangesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await tx.insertInto('group_membership_changes').values(rows.slice(i, i + 2000)).execute();
}

export interface HistoryFilter {
  groupId?: string;
  customerId?: string;
}

export function historyPage(db: Db, tenantId: string, filter: HistoryFilter, limit: number, beforeId?: number) {
  let query = db.selectFrom('group_membership_changes as h')
    .innerJoin('customer_groups as g', (join) => join.onRef('g.tenant_id', '=', 'h.tenant_id').onRef('g.id', '=', 'h.group_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.tenant_id', '=', 'h.tenant_id').onRef('c.id', '=', 'h.customer_id'))
    .selectAll('h').select(['g.name as group_name', 'c.name as customer_name'])
    .where('h.tenant_id', '=', tenantId);
  if (filter.groupId) query = query.where('h.group_id', '=', filter.groupId);
  if (filter.customerId) query = query.where('h.customer_id', '=', filter.customerId);
  if (beforeId !== undefined) query = query.where('h.id', '<', beforeId);
  return query.orderBy('h.id', 'desc').limit(limit).execute();
}

export async function countHistory(db: Db, tenantId: string, filter: HistoryFilter): Promise<number> {
  let query = db.selectFrom('group_membership_changes').select((eb) => eb.fn.countAll<number>().as('total')).where('tenant_id', '=', tenantId);
  if (filter.groupId) query = query.where('group_id', '=', filter.groupId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return Number((await query.executeTakeFirstOrThrow()).total);
}

// Member lists. Each source answers (customer_id, level_number, vip, figure, since) for one group.

/** The members as they stand. */
export function currentMembers(tenantId: string, groupId: string): RawBuilder<unknown> {
  return sql`select customer_id, level_number, vip, figure, since from group_members where tenant_id = ${tenantId} and group_id = ${groupId}`;
}

/** A static group's members just before `before`, replayed from the ledger: the last change of each customer decides. */
export function membersFromLedger(tenantId: string, groupId: string, before: Date): RawBuilder<unknown> {
  return sql`
    select customer_id, level_after as level_number, vip, null::bigint as figure, effective_at as since from (
      select distinct on (h.customer_id) h.customer_id, h.change, h.level_after, h.effective_at, g.vip
      from group_membership_changes h join customer_groups g on g.tenant_id = h.tenant_id and g.id = h.group_id
      where h.tenant_id = ${tenantId} and h.group_id = ${groupId} and h.effective_at < ${before}
      order by h.customer_id, h.effective_at desc, h.id desc
    ) last where change <> 'left'`;
}

/** The SQL of a metric on a sales row: net sales, gross margin, or 1 per sale made (returns and cancellations are not visits). */
export function metricAmount(metric: GroupMetric | RawBuilder<unknown>): RawBuilder<number> {
  if (typeof metric === 'string') {
    return metric === 'sales' ? sql`s.net` : metric === 'gross_margin' ? sql`s.gross_margin` : sql`case when s.kind = 'sale' then 1 else 0 end`;
  }
  return sql`case ${metric} when 'sales' then s.net when 'gross_margin' then s.gross_margin else case when s.kind = 'sale' then 1 else 0 end end`;
}

export interface RuleWindow {
  groupId: string;
  metric: GroupMetric;
  from: Date;
  to: Date | null;
}

/**
 * Each customer's figure per group over the group's window, with the level it falls in (none in a gap):
 * only customers with a sale, return or cancellation in the window. `customerIds` limits it to those customers.
 */
export function figuresQuery(tenantId: string, windows: readonly RuleWindow[], customerIds?: readonly string[]): RawBuilder<unknown> {
  const rows = sql.join(windows.map((w) => sql`(${w.groupId}::uuid, ${w.metric}::text, ${w.from}::timestamptz, ${w.to}::timestamptz)`));
  const customers = customerIds ? sql`and s.customer_id = ${uuids(customerIds)}` : sql``;
  return sql`
    with w(group_id, metric, starts, ends) as (values ${rows}),
    f as (
      select w.group_id, s.customer_id, sum(${metricAmount(sql`w.metric`)})::bigint as figure, max(s.occurred_at) as last_at
      from w join sales s on s.tenant_id = ${tenantId} and s.customer_id is not null and s.occurred_at >= w.starts
        and (w.ends is null or s.occurred_at < w.ends) ${customers}
      group by w.group_id, s.customer_id
    )
    select f.group_id, f.customer_id, f.figure, f.last_at, l.number as level_number, (g.vip or coalesce(l.vip, false)) as vip
    from f join customer_groups g on g.tenant_id = ${tenantId} and g.id = f.group_id
    left join group_levels l on l.tenant_id = ${tenantId} and l.group_id = f.group_id and f.figure >= l.min and (l.max is null or f.figure <= l.max)`;
}

export interface FigureRow {
  group_id: string;
  customer_id: string;
  figure: number;
  last_at: Date;
  level_number: number | null;
  vip: boolean;
}

export async function figures(db: Db, tenantId: string, windows: readonly RuleWindow[], customerIds?: readonly string[]): Promise<FigureRow[]> {
  if (windows.length === 0 || customerIds?.length === 0) return [];
  return (await sql<FigureRow>`${figuresQuery(tenantId, windows, customerIds)}`.execute(db)).rows;
}

/** A frequency group's members as of a day, by its rules: the figures that fall in a level. */
export function membersByRule(tenantId: string, window: RuleWindow): RawBuilder<unknown> {
  return sql`
    select customer_id, level_number, vip, figure, null::timestamptz as since
    from (${figuresQuery(tenantId, [window])}) e where level_number is not null`;
}

/** Customers with a sale in the window: with the current members, what a full recompute evaluates. */
export async function customersWithSales(db: Db, tenantId: string, from: Date, to: Date | null): Promise<string[]> {
  const rows = await sql<{ customer_id: string }>`
    select distinct customer_id from sales
    where tenant_id = ${tenantId} and customer_id is not null and occurred_at >= ${from} ${to ? sql`and occurred_at < ${to}` : sql``}`.execute(db);
  return rows.rows.map((row) => row.customer_id);
}

/** The customers' sales in a window, in order, with the metric's amount: to find when each reached their level. */
export async function salesInWindow(db: Db, tenantId: string, window: RuleWindow, customerIds: readonly string[]) {
  if (customerIds.length === 0) return [];
  const rows = await sql<{ customer_id: string; id: string; occurred_at: Date; amount: number }>`
    select s.customer_id, s.id, s.occurred_at, ${metricAmount(window.metric)}::bigint as amount from sales s
    where s.tenant_id = ${tenantId} and s.customer_id = ${uuids(customerIds)} and s.occurred_at >= ${window.from}
      ${window.to ? sql`and s.occurred_at < ${window.to}` : sql``}
    order by s.customer_id, s.occurred_at, s.id`.execute(db);
  return rows.rows;
}

export interface MemberPageFilter {
  q?: string | undefined;
  level?: number | undefined;
}

/** A page of a member source by customer name, with the customer's name and the level's description. */
export function memberPage(db: Db, tenantId: string, groupId: string, source: RawBuilder<unknown>, filter: MemberPageFilter, limit: number, after?: [string, string]) {
  return sql<{ customer_id: string; name: string; code: string | null; email: string | null; level_number: number | null; level: string | null; vip: boolean; figure: number | null; since: Date | null; sort_name: string }>`
    select m.customer_id, c.name, c.code, (select ct.email from customer_contacts ct where ct.tenant_id = c.tenant_id and ct.customer_id = c.id order by ct.position limit 1) as email,
      m.level_number, l.description as level, m.vip, m.figure, m.since, lower(c.name) as sort_name
    from (${source}) m
    join customers c on c.tenant_id = ${tenantId} and c.id = m.customer_id
    left join group_levels l on l.tenant_id = ${tenantId} and l.group_id = ${groupId} and l.number = m.level_number
    where ${memberConditions(filter)} ${after ? sql`and (lower(c.name), c.id) > (${after[0]}, ${after[1]}::uuid)` : sql``}
    order by lower(c.name), c.id limit ${limit}`.execute(db);
}

export async function countMembers(db: Db, tenantId: string, source: RawBuilder<unknown>, filter: MemberPageFilter): Promise<number> {
  const rows = await sql<{ total: number }>`
    select count(*)::int as total from (${source}) m join customers c on c.tenant_id = ${tenantId} and c.id = m.customer_id
    where ${memberConditions(filter)}`.execute(db);
  return rows.rows[0]!.total;
}

function memberConditions(filter: MemberPageFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.level !== undefined) parts.push(sql`m.level_number = ${filter.level}`);
  const text = filter.q?.trim().toLowerCase();
  if (text) parts.push(sql`c.search_text like ${containsPattern(text)}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}
