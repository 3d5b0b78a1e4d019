import type { ColumnType, Generated } from 'kysely';

export type GroupKind = 'static' | 'frequency';
export type GroupMetric = 'sales' | 'gross_margin' | 'transactions';
export type GroupWindow = 'rolling_12_months' | 'never_reset';
export type RecomputeState = 'idle' | 'queued' | 'running' | 'failed';
export type MembershipChangeKind = 'entered' | 'level_changed' | 'left';
/** Why a membership changed: a frequency rule, a person, an import, the store's one-group rule, or the group's new definition. */
export type MembershipReason = 'rule' | 'manual' | 'import' | 'one_group_rule' | 'definition_changed';
type ActorKind = 'user' | 'api_key' | 'system';
/** A date column: read as 'YYYY-MM-DD' (the connection parses no dates), written as the same text. */
type DateText = ColumnType<string, string, string>;

export interface CustomerGroupsTable {
  tenant_id: string;
  id: Generated<string>;
  /** The store-wide creation order, 1, 2, 3...: pricing picks "the group created last" by it. */
  number: number;
  kind: GroupKind;
  name: string;
  code: string | null;
  description: string | null;
  erp_id: string | null;
  segment: 'b2b' | 'b2c';
  vip: boolean;
  metric: GroupMetric | null;
  active_from: DateText | null;
  window: GroupWindow | null;
  /** Goes up with each change of metric, window, active from or levels: a recompute runs for one version. */
  definition_version: Generated<number>;
  /** The store day a frequency group's members were last evaluated as of; rolling windows move daily. */
  evaluated_on: DateText | null;
  recompute_state: Generated<RecomputeState>;
  recompute_done: Generated<number>;
  recompute_total: Generated<number>;
  recompute_started_at: Date | null;
  recompute_finished_at: Date | null;
  recompute_error: string | null;
  version: Generated<number>;
  created_by_kind: ActorKind;
  created_by_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupLevelsTable {
  tenant_id: string;
  group_id: string;
  /** 1, 2, 3... from the lowest minimum up. */
  number: number;
  description: string;
  min: number;
  max: number | null;
  vip: boolean;
}

export interface GroupTagsTable {
  tenant_id: string;
  group_id: string;
  tag_id: string;
  assigned_by_kind: ActorKind;
  assigned_by_id: string | null;
  assigned_at: Generated<Date>;
}

export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  customer_id: string;
  /** The level of a frequency group's member; null in a static group. */
  level_number: number | null;
  /** The group's VIP flag or the level's. */
  vip: boolean;
  /** The metric's value that qualified a frequency group's member, as of the last evaluation. */
  figure: number | null;
  since: Date;
}

export interface GroupMembershipChangesTable {
  tenant_id: string;
  id: Generated<number>;
  group_id: string;
  customer_id: string;
  change: MembershipChangeKind;
  level_before: number | null;
  level_after: number | null;
  level_description: string | null;
  /** When the change took effect in the merchant's timeline: the qualifying sale's time, or when it was made. */
  effective_at: Date;
  recorded_at: Generated<Date>;
  reason: MembershipReason;
  figure: number | null;
  /** The rule as a sentence, e.g. "sales since 2010-12-01: 1204.50 GBP, level Gold (1000.00 GBP and more)". */
  rule: string | null;
  sale_id: string | null;
  import_job_id: string | null;
  actor_kind: ActorKind;
  actor_id: string | null;
}
