import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { BalanceEntriesTable, BalanceName, EntryType } from './tables.ts';

export function findBalances(db: Db, tenantId: string, customerId: string) {
  return db.selectFrom('customers').select(['id', 'store_credit', 'on_account', 'credit_limit', 'loyalty_points'])
    .where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
}

export interface EntryDraft {
  customer_id: string;
  balance: BalanceName;
  entry_type: EntryType;
  amount: number;
  reason?: string | null | undefined;
  reference?: string | null | undefined;
  sale_id?: string | null | undefined;
  created_by_kind: BalanceEntriesTable['created_by_kind'];
  created_by_id: string | null;
}

// The floor each balance keeps: store credit and points never below zero, on-account not below -credit_limit.
const FLOOR = {
  store_credit: sql`0`,
  on_account: sql`-credit_limit`,
  loyalty_points: sql`0`,
} as const;

/**
 * Moves one balance by `amount` and appends its ledger entry, in one statement. The UPDATE takes the
 * customer's row lock, so concurrent entries queue and none is lost; the floor is checked on the new value
 * (a `checkFloor` of false lets a returned sale take back points already spent). Answers undefined when
 * the customer is missing or the floor would be crossed.
 */
export async function appendEntry(tx: Tx, tenantId: string, entry: EntryDraft, checkFloor = true) {
  const column = sql.ref(entry.balance);
  const floorCondition = checkFloor ? sql`and ${column} + ${entry.amount} >= ${FLOOR[entry.balance]}` : sql``;
  const result = await sql<{ id: number; balance_after: number; created_at: Date }>`
    with moved as (
      update customers set ${column} = ${column} + ${entry.amount}::bigint, version = version + 1
      where tenant_id = ${tenantId} and id = ${entry.customer_id} ${floorCondition}
      returning ${column} as balance_after)
    insert into balance_entries (tenant_id, customer_id, balance, entry_type, amount, balance_after, reason, reference, sale_id,
      created_by_kind, created_by_id)
    select ${tenantId}::uuid, ${entry.customer_id}::uuid, ${entry.balance}::text, ${entry.entry_type}::text, ${entry.amount}::bigint,
      balance_after, ${entry.reason ?? null}::text, ${entry.reference ?? null}::text, ${entry.sale_id ?? null}::uuid,
      ${entry.created_by_kind}::text, ${entry.created_by_id}::uuid
    from moved
    returning id, balance_after, created_at`.execute(tx);
  return result.rows[0];
}

export function setCreditLimit(tx: Tx, tenantId: string, customerId: string, creditLimit: number) {
  return tx.updateTable('customers').set({ credit_limit: creditLimit, version: sql`version + 1` })
    .where('tenant_id', '=', tenantId).where('id', '=', customerId).where('on_account', '>=', -creditLimit)
    .returning('id').executeTakeFirst();
}

export function listEntryPage(db: Db, tenantId: string, customerId: string, balance: BalanceName | undefined, limit: number, beforeId?: number) {
  let query = db.selectFrom('balance_entries').selectAll().where('tenant_id', '=', tenantId).where('customer_id', '=', customerId);
  if (balance) query = query.where('balance', '=', balance);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

export async function countEntries(db: Db, tenantId: string, customerId: string, balance: BalanceName | undefined): Promise<number> {
  let query = db.selectFrom('balance_entries').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId).where('customer_id', '=', customerId);
  if (balance) query = query.where('balance', '=', balance);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export function findEntry(db: Db, tenantId: string, id: number) {
  return db.selectFrom('balance_entries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
}
