import { type Insertable, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Db, PREPARED, relaxedCommit, type Tx } from '../../db/database.ts';
import { containsPattern } from '../../lib/like.ts';
import { type FrequencyGroupRow, frequencyGroupsQuery } from './queries.ts';
import type { GroupMembersTable, GroupMembershipChangesTable, GroupMetric } from './tables.ts';

// Who is in which group: the members as they stand, the ledger of changes, and the figures frequency rules read.

const uuids = (ids: readonly string[]) => sql<string>`any(${sql.val([...ids])}::uuid[])`;

export function existingCustomerIds(db: Db, tenantId: string, ids: readonly string[]) {
  return db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', uuids(ids)).execute();
}

export function currentMemberRows(db: Db, tenantId: string, groupId: string) {
  return db.selectFrom('group_members').select(['customer_id', 'level_number']).where('tenant_id', '=', tenantId).where('group_id', '=', groupId).execute();
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

/** Appends to the ledger in one statement whatever the number of rows: one array parameter a column. */
export async function insertChanges(tx: Tx, tenantId: string, rows: Omit<Insertable<GroupMembershipChangesTable>, 'tenant_id'>[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof (typeof rows)[number]>(key: K) => sql.val(rows.map((row) => row[key] ?? null));
  await sql`
    insert into group_membership_changes (tenant_id, group_id, customer_id, change, level_before, level_after, level_description, effective_at,
      reason, figure, rule, sale_id, import_job_id, actor_kind, actor_id)
    select ${tenantId}, * from unnest(${column('group_id')}::uuid[], ${column('customer_id')}::uuid[], ${column('change')}::text[],
      ${column('level_before')}::smallint[], ${column('level_after')}::smallint[], ${column('level_description')}::text[],
      ${sql.val(rows.map((row) => new Date(row.effective_at as Date | string).toISOString()))}::timestamptz[], ${column('reason')}::text[],
      ${column('figure')}::bigint[], ${column('rule')}::text[], ${column('sale_id')}::uuid[], ${column('import_job_id')}::uuid[],
      ${column('actor_kind')}::text[], ${column('actor_id')}::uuid[])`.execute(tx);
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

// Evaluating frequency groups. One SQL, built here, serves every path: after a sale for its customers, the full
// recompute for ranges of customers, and the members as of a past day. The group's window is computed in SQL
// from its row, so a sale's upkeep only needs the groups' ids, which its lock statement answers.

/** A frequency group as an evaluation reads it: the metric picks the sums, the levels the level each figure falls in. */
export interface EvaluatedGroup {
  id: string;
  metric: GroupMetric;
  vip: boolean;
  levels: readonly { number: number; min: number; max: number | null; vip: boolean }[];
}

/** Which frequency groups and customers an evaluation covers, and as of which day of the store. */
export interface EvaluationScope {
  /** The store's time zone: windows start at its midnight. */
  timeZone: string;
  /** The store day evaluated (YYYY-MM-DD): today, or the as_of day. */
  day: string;
  /** Sales after `day` do not count (as_of); otherwise every sale recorded so far counts. */
  asOf: boolean;
  /** The frequency groups evaluated (at least one), as read in the evaluation's transaction. */
  groups: readonly EvaluatedGroup[];
  customers?: CustomerScope;
}

/** Some customers, or a range of customer ids (after, up to], null for open. */
export type CustomerScope = { ids: readonly string[] } | { after: string | null; upTo: string | null };

function customerCondition(column: RawBuilder<unknown>, scope: CustomerScope | undefined): RawBuilder<unknown> {
  if (!scope) return sql``;
  if ('ids' in scope) return sql`and ${column} = ${uuids(scope.ids)}`;
  return sql`${scope.after ? sql`and ${column} > ${scope.after}::uuid` : sql``} ${scope.upTo ? sql`and ${column} <= ${scope.upTo}::uuid` : sql``}`;
}

/** The SQL of a metric on a sales row `s`: net sales, gross margin, or 1 per sale made (returns and cancellations are not visits). */
const metricAmount = (metric: RawBuilder<unknown>) =>
  sql`case ${metric} when 'sales' then s.net when 'gross_margin' then s.gross_margin else case when s.kind = 'sale' then 1 else 0 end end`;

/** The level a figure falls in (levels never overlap), null in a gap or below the lowest. */
function levelOfFigure(figure: RawBuilder<unknown>, group: EvaluatedGroup): RawBuilder<unknown> {
  if (group.levels.length === 0) return sql`null::smallint`;
  return sql`case ${sql.join(group.levels.map((level) => sql`when ${figure} >= ${level.min}::bigint
    ${level.max === null ? sql`` : sql`and ${figure} <= ${level.max}::bigint`} then ${level.number}::smallint`), sql` `)} end`;
}

/** A member's VIP flag: the group's, or the level's. */
function vipOf(level: RawBuilder<unknown>, group: EvaluatedGroup): RawBuilder<unknown> {
  const vipLevels = group.levels.filter((l) => l.vip).map((l) => l.number);
  return sql`(${group.vip}::boolean or coalesce(${level} = any(${sql.val(vipLevels)}::smallint[]), false))`;
}

// Evaluations keep one row per customer with a column per group (figure_0, level_0, ...) until the rows that
// changed are known: the sales are read once for every group, as one plain GROUP BY customer does, and the
// members are compared per customer. Only the changed rows become one row per group and customer.
const column = (name: string, i: number, table?: string) => sql.ref(table ? `${table}.${name}_${i}` : `${name}_${i}`);

/**
 * CTEs w (each group's window: from the start of active_from, or for a rolling window from the day after the
 * same date 12 months before the day evaluated if later, up to the end of that day for as_of), and e: per
 * customer with a sale, return or cancellation in some group's window, figure_i and level_i per group i (a
 * figure is null outside the group's window). A group deleted meanwhile has no window, so its figures stay null.
 */
function figureCtes(tenantId: string, scope: EvaluationScope): RawBuilder<unknown> {
  const ends = scope.asOf ? sql`((${scope.day}::date + 1)::timestamp at time zone ${scope.timeZone})` : sql`null::timestamptz`;
  const groups = scope.groups.map((group, i) => ({ group, i }));
  const ids = scope.groups.map((group) => group.id);
  // Each bound is a subquery PostgreSQL runs once (an InitPlan), not a join: the sums are a plain GROUP BY.
  const windowOf = (group: EvaluatedGroup, bound: 'starts' | 'ends') => sql`(select ${sql.ref(bound)} from w where group_id = ${group.id}::uuid)`;
  return sql`
    w as (
      select g.id as group_id, g.metric,
        greatest(g.active_from::date, case when g."window" = 'rolling_12_months' then (${scope.day}::date - interval '12 months')::date + 1 end)::timestamp
          at time zone ${scope.timeZone} as starts,
        ${ends} as ends
      from customer_groups g
      where g.tenant_id = ${tenantId} and g.kind = 'frequency' and g.id = ${uuids(ids)}
    ),
    sums as (
      select s.customer_id, ${sql.join(groups.map(({ group, i }) => sql`
        sum(${metricAmount(sql.val(group.metric))}) filter (where s.occurred_at >= ${windowOf(group, 'starts')}
          ${scope.asOf ? sql`and s.occurred_at < ${windowOf(group, 'ends')}` : sql``})::bigint as ${column('figure', i)}`))}
      from sales s
      where s.tenant_id = ${tenantId} and s.customer_id is not null and s.occurred_at >= (select min(starts) from w)
        ${customerCondition(sql`s.customer_id`, scope.customers)}
      group by s.customer_id
    ),
    e as (
      select customer_id, ${sql.join(groups.map(({ group, i }) => sql`${column('figure', i)}, ${levelOfFigure(column('figure', i), group)} as ${column('level', i)}`))}
      from sums
    )`;
}

/** A frequency group's members by its rules, as of the end of a past day (a member source, see below). */
export function membersByRule(tenantId: string, scope: EvaluationScope): RawBuilder<unknown> {
  return sql`
    with ${figureCtes(tenantId, scope)}
    select e.customer_id, x.level_number, x.vip, x.figure, null::timestamptz as since
    from e cross join lateral (values ${sql.join(scope.groups.map((group, i) => sql`(${column('level', i, 'e')}, ${vipOf(column('level', i, 'e'), group)},
      ${column('figure', i, 'e')})`))}) as x(level_number, vip, figure)
    where x.level_number is not null`;
}

/** What moved the members: sales (the latest of each customer), or a recompute, which dates each move from the sales. */
export type EvaluationCause =
  | { kind: 'sales'; sales: readonly { customer_id: string; sale_id: string; occurred_at: string }[] }
  | { kind: 'recompute' };

/** An entry (level_before null), level change or exit (level_after null), as written to group_members. */
export interface MemberMove {
  group_id: string;
  customer_id: string;
  level_before: number | null;
  level_after: number | null;
  figure: number;
  vip: boolean;
  /** The sale after which the move took effect, and when; null for an exit found by a recompute (it takes effect now). */
  sale_id: string | null;
  effective_at: Date | null;
}

/**
 * When each move took effect (CTE dated). After sales: the customer's sale. In a recompute, an entry or level
 * change dates from the sale after which the customer's running figure stayed in the new level (in a rolling
 * window, counted from the window's start).
 */
function datedCte(tenantId: string, cause: EvaluationCause): RawBuilder<unknown> {
  if (cause.kind === 'sales') {
    const column = <K extends 'customer_id' | 'sale_id' | 'occurred_at'>(key: K) => sql.val(cause.sales.map((sale) => sale[key]));
    return sql`
      dated as (
        select d.group_id, d.customer_id, x.sale_id, x.occurred_at from d
        join unnest(${column('customer_id')}::uuid[], ${column('sale_id')}::uuid[], ${column('occurred_at')}::timestamptz[]) as x(customer_id, sale_id, occurred_at)
          on x.customer_id = d.customer_id
      )`;
  }
  return sql`
    runs as (
      select d.group_id, d.customer_id, s.id as sale_id, s.occurred_at, l.min, l.max,
        sum(${metricAmount(sql`w.metric`)}) over (partition by d.group_id, d.customer_id order by s.occurred_at, s.id) as running,
        row_number() over (partition by d.group_id, d.customer_id order by s.occurred_at, s.id) as n
      from d join w on w.group_id = d.group_id
      join group_levels l on l.tenant_id = ${tenantId} and l.group_id = d.group_id and l.number = d.level_after
      join sales s on s.tenant_id = ${tenantId} and s.customer_id = d.customer_id and s.occurred_at >= w.starts and (w.ends is null or s.occurred_at < w.ends)
      where d.level_before is distinct from d.level_after
    ),
    dated as (
      select group_id, customer_id, sale_id, occurred_at from (
        select r.*, max(case when r.running < r.min or r.running > r.max then r.n end) over (partition by r.group_id, r.customer_id) as last_out from runs r
      ) x where n = coalesce(last_out, 0) + 1
    )`;
}

/**
 * Evaluates the scope's customers in its groups as of now and writes the members that changed, in one
 * statement: entries and level changes with their date, new figures (a member whose level holds keeps its
 * `since`), exits. Answers the moves (not the figure-only updates) for the ledger and the event feed.
 */
export async function evaluateMembers(tx: Tx, tenantId: string, scope: EvaluationScope, cause: EvaluationCause): Promise<MemberMove[]> {
  const moves: MemberMove[] = [];
  for (let start = 0; start < scope.groups.length; start += GROUPS_PER_STATEMENT) {
    const groups = scope.groups.slice(start, start + GROUPS_PER_STATEMENT);
    const { rows } = await evaluation(tenantId, { ...scope, groups }, cause).execute(tx);
    for (const row of rows) moves.push({ ...row, figure: Number(row.figure) });
  }
  return moves;
}

/** A statement has four columns a group, and PostgreSQL allows 1,664 in a select list: a store with more groups takes several. */
const GROUPS_PER_STATEMENT = 100;

/** The statement evaluateMembers runs (apart for EXPLAIN). */
export function evaluation(tenantId: string, scope: EvaluationScope, cause: EvaluationCause): RawBuilder<MemberMove> {
  const groups = scope.groups.map((group, i) => ({ group, i }));
  // Group i of a customer changed: an entry, a new level or figure, or an exit (no figure or a figure in no
  // level). A member of a frequency group is always in a level, so a level before says they were a member.
  const changed = (before: RawBuilder<unknown>, figureBefore: RawBuilder<unknown>, after: RawBuilder<unknown>, figure: RawBuilder<unknown>) =>
    sql`(${after} is not null and (${before} is distinct from ${after} or ${figureBefore} is distinct from ${figure})) or (${before} is not null and ${after} is null)`;
  // After sales, the text is the same for every batch of a store's groups: prepared once per connection (see
  // takeUpkeepLock for the plan). A recompute's ranges are planned each, as their sizes differ.
  return sql<MemberMove>`${cause.kind === 'sales' ? PREPARED : sql``}
    with ${figureCtes(tenantId, scope)},
    current as (
      select m.customer_id, ${sql.join(groups.map(({ group, i }) => sql`
        max(m.level_number) filter (where m.group_id = ${group.id}::uuid) as ${column('level_before', i)},
        max(m.figure) filter (where m.group_id = ${group.id}::uuid) as ${column('figure_before', i)}`))}
      from group_members m
      where m.tenant_id = ${tenantId} and m.group_id = ${uuids(scope.groups.map((group) => group.id))} ${customerCondition(sql`m.customer_id`, scope.customers)}
      group by m.customer_id
    ),
    changed as (
      select coalesce(e.customer_id, c.customer_id) as customer_id, ${sql.join(groups.map(({ i }) => sql`${column('level_before', i, 'c')},
        ${column('figure_before', i, 'c')}, ${column('level', i, 'e')}, ${column('figure', i, 'e')}`))}
      from e full join current c on c.customer_id = e.customer_id
      where ${sql.join(groups.map(({ i }) => changed(column('level_before', i, 'c'), column('figure_before', i, 'c'),
        column('level', i, 'e'), column('figure', i, 'e'))), sql` or `)}
    ),
    d as (
      select x.group_id, ch.customer_id, x.level_before, x.level_after, coalesce(x.figure, 0) as figure, x.vip
      from changed ch cross join lateral (values ${sql.join(groups.map(({ group, i }) => sql`(${group.id}::uuid, ${column('level_before', i, 'ch')}, ${column('figure_before', i, 'ch')}, ${column('level', i, 'ch')}, ${column('figure', i, 'ch')},
        ${vipOf(column('level', i, 'ch'), group)})`))}) as x(group_id, level_before, figure_before, level_after, figure, vip)
      where ${changed(sql`x.level_before`, sql`x.figure_before`, sql`x.level_after`, sql`x.figure`)}
    ),
    ${datedCte(tenantId, cause)},
    kept as (
      insert into group_members (tenant_id, group_id, customer_id, level_number, vip, figure, since)
      select ${tenantId}, d.group_id, d.customer_id, d.level_after, d.vip, d.figure, coalesce(t.occurred_at, now())
      from d left join dated t on t.group_id = d.group_id and t.customer_id = d.customer_id
      where d.level_after is not null
      on conflict (tenant_id, group_id, customer_id) do update set level_number = excluded.level_number, vip = excluded.vip, figure = excluded.figure,
        since = case when group_members.level_number is not distinct from excluded.level_number then group_members.since else excluded.since end
    ),
    gone as (
      delete from group_members m using d
      where m.tenant_id = ${tenantId} and m.group_id = d.group_id and m.customer_id = d.customer_id and d.level_after is null
    )
    select d.group_id, d.customer_id, d.level_before, d.level_after, d.figure, d.vip, t.sale_id, t.occurred_at as effective_at
    from d left join dated t on t.group_id = d.group_id and t.customer_id = d.customer_id
    where d.level_before is distinct from d.level_after`;
}

// Sales and recomputes take turns on the store's upkeep lock, an advisory lock held until the transaction
// ends: shared by sales, exclusive for a recompute range, so the sale's upkeep reads the range's result or
// the range reads the sale. It is taken in a statement of its own, so the statements after it read what the
// other transaction committed.
const upkeepKey = (tenantId: string) => sql`hashtextextended(${`${tenantId}/groups`}, 0)`;

/**
 * A sale's upkeep lock (shared); answers the store's frequency groups with their rules and levels, what the
 * upkeep evaluates and the ledger words, in the same statement.
 *
 * `oneCustomer`: the upkeep of one customer's sale, the till's commonest request, whose evaluation is the
 * same statement every time. Prepared (evaluation, above), PostgreSQL would still plan it at each execution:
 * its estimate for a plan without the values (arrays of unknown length) stays above a custom plan's. So for
 * the rest of this transaction (the evaluation, then at most the ledger's and the feed's inserts) it uses the
 * plan it made once: planning took 0.6 ms of the statement's 0.7 ms.
 */
export async function takeUpkeepLock(tx: Tx, tenantId: string, oneCustomer: boolean): Promise<FrequencyGroupRow[]> {
  const { rows } = await sql<{ groups: FrequencyGroupRow[] }>`${PREPARED}
    select pg_advisory_xact_lock_shared(${upkeepKey(tenantId)}),
      ${oneCustomer ? sql`set_config('plan_cache_mode', 'force_generic_plan', true),` : sql``}
      coalesce((select json_agg(g) from (${frequencyGroupsQuery(tx, tenantId)}) g), '[]') as groups`.execute(tx);
  return rows[0]!.groups;
}

/**
 * A recompute range's locks, in one statement: first the groups' rows (two recomputes of one group, a change's
 * and the sweep's, take turns), then the store's upkeep lock, exclusive. Answers each group's definition
 * version, so a range can drop a group whose rules changed meanwhile.
 */
export async function lockForRecompute(tx: Tx, tenantId: string, groupIds: readonly string[]): Promise<Map<string, number>> {
  // A recompute sums and sorts many sales per statement: room to do it in memory. The planner's estimate of
  // its cost passes the JIT threshold though it runs in milliseconds: compiling took 40 ms of a 55 ms
  // evaluation of the Online Retail history. What it writes can be computed again: if a crash loses it, the
  // group is left queued or running and the sweep recomputes it, so its commits need not wait for the disk.
  // The row locks are in FROM, taken before the select list, and so before the advisory lock.
  const { rows } = await sql<{ versions: { id: string; definition_version: number }[] }>`
    select pg_advisory_xact_lock(${upkeepKey(tenantId)}), set_config('work_mem', '256MB', true), set_config('jit', 'off', true), ${relaxedCommit},
      locked.versions
    from (select coalesce(json_agg(json_build_object('id', g.id, 'definition_version', g.definition_version)), '[]') as versions
      from (select id, definition_version from customer_groups where tenant_id = ${tenantId} and id = ${uuids(groupIds)} order by id for update) g) locked`.execute(tx);
  return new Map(rows[0]!.versions.map((row) => [row.id, row.definition_version]));
}

/**
 * Fresh statistics for group_members after a recompute that moved many customers. Planned with statistics from
 * before a new group's first computation, the next recompute took the group's members for a handful and read
 * them through the primary key: 74 ms where a scan takes 4 (Online Retail history). PGlite runs no autovacuum,
 * and on a server it comes later. Statistics are per table, so this spans stores.
 */
export async function analyzeMembers(db: Db): Promise<void> {
  await sql`analyze group_members`.execute(db);
}

/** Customer ids cutting the store's customers into ranges of `size` for a recompute, and how many customers there are. */
export async function customerRanges(db: Db, tenantId: string, size: number): Promise<{ total: number; ranges: { after: string | null; upTo: string | null }[] }> {
  const counted = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  if (total <= size) return { total, ranges: [{ after: null, upTo: null }] };
  const { rows: bounds } = await sql<{ id: string }>`
    select id from (select id, row_number() over (order by id) as n from customers where tenant_id = ${tenantId}) x
    where n % ${size} = 0 order by id`.execute(db);
  const cuts = [null, ...bounds.map((row) => row.id), null];
  return { total, ranges: cuts.slice(1).map((upTo, i) => ({ after: cuts[i]!, upTo })) };
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
