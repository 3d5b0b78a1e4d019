import type { TxCtx } from '../access/context.ts';
import { publish } from '../events/service.ts';
import * as members from './membership-queries.ts';
import type { MembershipChangeKind, MembershipReason } from './tables.ts';

/** One entry, level change or exit, as the ledger records it and the event feed announces it. */
export interface MembershipChange {
  group: { id: string; name: string; code: string | null };
  customer_id: string;
  change: MembershipChangeKind;
  level_before: number | null;
  level_after: number | null;
  /** The level entered, or left on exit. */
  level_description: string | null;
  previous_level_description?: string | null;
  /** The customer is VIP in this group after the change. */
  vip: boolean;
  effective_at: Date;
  reason: MembershipReason;
  figure?: number | null;
  rule?: string | null;
  sale_id?: string | null;
  import_job_id?: string | null;
}

const EVENT_TYPE: Record<MembershipChangeKind, string> = {
  entered: 'group.member_entered', level_changed: 'group.member_level_changed', left: 'group.member_left',
};

/** Appends the changes to the ledger and publishes them as events, in the caller's transaction. */
export async function recordChanges(tx: TxCtx, changes: readonly MembershipChange[]): Promise<void> {
  if (changes.length === 0) return;
  const actorId = tx.actor.kind === 'system' ? null : tx.actor.id;
  await members.insertChanges(tx.db, tx.tenantId, changes.map((c) => ({
    group_id: c.group.id, customer_id: c.customer_id, change: c.change, level_before: c.level_before,
    level_after: c.level_after, level_description: c.level_description, effective_at: c.effective_at, reason: c.reason,
    figure: c.figure ?? null, rule: c.rule ?? null, sale_id: c.sale_id ?? null, import_job_id: c.import_job_id ?? null,
    actor_kind: tx.actor.kind, actor_id: actorId,
  })));
  await publish(tx, changes.map((c) => ({
    type: EVENT_TYPE[c.change],
    data: {
      group_id: c.group.id, group_code: c.group.code, group_name: c.group.name, customer_id: c.customer_id,
      level: c.change === 'left' ? null : c.level_description, level_number: c.level_after,
      previous_level: c.change === 'left' ? c.level_description : c.previous_level_description ?? null, previous_level_number: c.level_before,
      vip: c.vip, reason: c.reason, effective_at: c.effective_at.toISOString(),
    },
  })));
}
