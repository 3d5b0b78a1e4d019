import { type Static, type TSchema, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';
import { Actor } from '../tags/schema.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const DateOnly = (description: string) => Type.String({ format: 'date', description });
const Amount = (description: string) => Type.Integer({ minimum: -1e13, maximum: 1e13, description });

export const GROUP_KINDS = ['static', 'frequency'] as const;
export const GROUP_METRICS = ['sales', 'gross_margin', 'transactions'] as const;
export const GROUP_WINDOWS = ['rolling_12_months', 'never_reset'] as const;

export const Level = Type.Object({
  number: Type.Integer({ description: '1, 2, 3... from the lowest minimum up.' }),
  description: Type.String(),
  min: Type.Integer({ description: 'The lowest figure of the level, included: minor units for sales and gross margin, a count for transactions.' }),
  max: Nullable(Type.Integer({ description: 'The highest figure, included; null for open-ended.' })),
  vip: Type.Boolean({ description: 'Members at this level are VIP.' }),
});
export const LevelInput = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 100 }),
  min: Amount('The lowest figure of the level, included (minor units, or a count of transactions).'),
  max: Type.Optional(Nullable(Amount('The highest figure, included; null or left out for open-ended.'))),
  vip: Type.Optional(Type.Boolean({ default: false })),
}, { additionalProperties: false });

export const RecomputeStatus = Type.Object({
  state: StringEnum(['idle', 'queued', 'running', 'failed'], { description: 'A frequency group recomputes after each change of its definition, in the background.' }),
  done: Type.Integer({ description: 'Customers evaluated so far.' }),
  total: Type.Integer({ description: 'Customers to evaluate.' }),
  started_at: Nullable(Timestamp),
  finished_at: Nullable(Timestamp),
  error: Nullable(Type.String()),
});

export const Group = Type.Object({
  id: Uuid,
  kind: StringEnum(GROUP_KINDS, { description: 'static: members put in by hand; frequency: members qualify by what they buy.' }),
  number: Type.Integer({ description: 'The store-wide creation order (1, 2, 3...): among several groups, pricing applies the one created last.' }),
  name: Type.String(),
  code: Nullable(Type.String({ description: 'Unique in the store, without regard to case.' })),
  description: Nullable(Type.String()),
  erp_id: Nullable(Type.String({ description: 'The group\'s id in the ERP; unique in the store. Imports match groups by it.' })),
  segment: StringEnum(['b2b', 'b2c']),
  vip: Type.Boolean({ description: 'Every member is VIP.' }),
  tag_ids: Type.Array(Uuid),
  metric: Nullable(StringEnum(GROUP_METRICS, { description: 'Frequency groups: what qualifies a customer (sales and gross margin net of returns, in minor units; transactions: sales made, returns and cancellations not counted).' })),
  active_from: Nullable(DateOnly('Frequency groups: sales from this day on (store time zone) count.')),
  window: Nullable(StringEnum(GROUP_WINDOWS, { description: 'never_reset: everything since active_from; rolling_12_months: the 12 months up to the day of evaluation, not before active_from.' })),
  levels: Type.Array(Level),
  member_count: Type.Integer(),
  recompute: Nullable(RecomputeStatus),
  version: Type.Integer({ description: 'Goes up with each change; send it as If-Match to guard against lost updates.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const groupFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50, description: 'Unique in the store, without regard to case.' }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  erp_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'Unique in the store when set.' }))),
  segment: Type.Optional(StringEnum(['b2b', 'b2c'], { description: 'Default b2c.' })),
  vip: Type.Optional(Type.Boolean()),
  tag_ids: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true })),
  metric: Type.Optional(StringEnum(GROUP_METRICS)),
  active_from: Type.Optional(DateOnly('YYYY-MM-DD, in the store\'s time zone.')),
  window: Type.Optional(StringEnum(GROUP_WINDOWS)),
  levels: Type.Optional(Type.Array(LevelInput, { minItems: 1, maxItems: 50, description: 'Frequency groups: levels may not overlap; gaps are allowed.' })),
};
export const GroupCreate = Type.Object({
  kind: StringEnum(GROUP_KINDS),
  ...groupFields,
}, { additionalProperties: false, description: 'A frequency group needs metric, active_from, window and levels; a static group takes none of them.' });
export const GroupUpdate = Type.Partial(Type.Object(groupFields), { additionalProperties: false, description: 'Changing metric, active_from, window or levels recomputes the group in the background.' });

export const GROUP_SORT_KEYS = ['name', 'code', 'number', 'kind', 'segment', 'vip', 'erp_id', 'member_count', 'created_at', 'updated_at'] as const;
export const GroupListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Any part of the name, code or ERP id.' })),
  kind: Type.Optional(StringEnum(GROUP_KINDS)),
  segment: Type.Optional(StringEnum(['b2b', 'b2c'])),
  vip: Type.Optional(Type.Boolean()),
  tag_id: Type.Optional(Type.String({ format: 'uuid', description: 'Groups carrying this tag.' })),
  sort: Type.Optional(Type.String({
    pattern: `^-?(${GROUP_SORT_KEYS.join('|')})(,-?(${GROUP_SORT_KEYS.join('|')}))*$`,
    description: `Comma-separated keys, each optionally prefixed by - for descending: ${GROUP_SORT_KEYS.join(', ')}. Default name.`,
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false });
export const GroupList = List(Group, 'Groups, filtered and sorted.');
export const GroupDeleted = Type.Object({ members_removed: Type.Integer({ description: 'How many customers the group held.' }) });

export const Member = Type.Object({
  customer_id: Uuid,
  name: Type.String({ description: 'The customer\'s name.' }),
  level: Nullable(Type.String({ description: 'The description of the member\'s level; null in a static group.' })),
  level_number: Nullable(Type.Integer()),
  vip: Type.Boolean(),
  figure: Nullable(Type.Integer({ description: 'Frequency groups: the metric\'s value that qualified the member, as of the evaluation.' })),
  since: Nullable(Timestamp),
});
export const MemberListQuery = Type.Object({
  as_of: Type.Optional(DateOnly('Membership at the end of this day (store time zone): static groups from the ledger, frequency groups by their rules over the sales up to that day.')),
  level: Type.Optional(Type.Integer({ minimum: 1, description: 'Members at this level number only.' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Any part of the customer\'s name, email, phone or code.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String()),
  format: Type.Optional(StringEnum(['json', 'csv'], { description: 'csv streams every member (Accept: text/csv does the same).' })),
}, { additionalProperties: false });
export const MemberList = List(Member, 'The group\'s members by name.');
export const MembersChange = Type.Object({
  customer_ids: Type.Array(Uuid, { minItems: 1, maxItems: 10_000, uniqueItems: true }),
}, { additionalProperties: false });
export const MembersChanged = Type.Object({
  changed: Type.Integer({ description: 'Customers who entered (POST) or left (DELETE) the group.' }),
  moved: Type.Integer({ description: 'With the store\'s one-group rule on: customers taken out of their other static group.' }),
});

export const MembershipChange = Type.Object({
  id: Type.Integer(),
  group_id: Uuid,
  group_name: Type.String(),
  customer_id: Uuid,
  customer_name: Type.String(),
  change: StringEnum(['entered', 'level_changed', 'left']),
  level_before: Nullable(Type.Integer()),
  level_after: Nullable(Type.Integer()),
  level: Nullable(Type.String({ description: 'The description of the level entered (or left, on exit).' })),
  effective_at: Timestamp,
  recorded_at: Timestamp,
  reason: StringEnum(['rule', 'manual', 'import', 'one_group_rule', 'definition_changed']),
  figure: Nullable(Type.Integer()),
  rule: Nullable(Type.String({ description: 'The rule and the figure that qualified the customer, in words.' })),
  sale_id: Nullable(Uuid),
  import_job_id: Nullable(Uuid),
  by: Actor,
});
export const HistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false });
export const MembershipHistory = List(MembershipChange, 'Membership changes, newest first.');

/** A customer's memberships as GET /v1/customers/{id} shows them. */
export const CustomerMembership = Type.Object({
  group_id: Uuid,
  name: Type.String(),
  kind: StringEnum(GROUP_KINDS),
  level: Nullable(Type.String()),
  level_number: Nullable(Type.Integer()),
  vip: Type.Boolean(),
  since: Timestamp,
});

export const CustomerGroupsBulk = Type.Object({
  add: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: 'Static groups to put every matching customer in.' })),
  remove: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: 'Static groups to take every matching customer out of.' })),
}, { additionalProperties: false });

export type Level = Static<typeof Level>;
export type LevelInput = Static<typeof LevelInput>;
export type Group = Static<typeof Group>;
export type GroupCreate = Static<typeof GroupCreate>;
export type GroupUpdate = Static<typeof GroupUpdate>;
export type GroupListQuery = Static<typeof GroupListQuery>;
export type GroupList = Static<typeof GroupList>;
export type GroupSortKey = typeof GROUP_SORT_KEYS[number];
export type Member = Static<typeof Member>;
export type MemberListQuery = Static<typeof MemberListQuery>;
export type MemberList = Static<typeof MemberList>;
export type MembersChange = Static<typeof MembersChange>;
export type MembersChanged = Static<typeof MembersChanged>;
export type MembershipChange = Static<typeof MembershipChange>;
export type MembershipHistory = Static<typeof MembershipHistory>;
export type CustomerMembership = Static<typeof CustomerMembership>;
export type CustomerGroupsBulk = Static<typeof CustomerGroupsBulk>;
