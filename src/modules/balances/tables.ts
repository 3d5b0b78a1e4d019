import type { Generated } from 'kysely';

export type BalanceName = 'store_credit' | 'on_account' | 'loyalty_points';
export type EntryType = 'adjustment' | 'issue' | 'redemption' | 'earning' | 'sale_payment' | 'account_payment';

/** Append-only: a customer's balance is the last entry's balance_after (and customers.<balance> caches it). */
export interface BalanceEntriesTable {
  tenant_id: string;
  id: Generated<number>;
  customer_id: string;
  balance: BalanceName;
  entry_type: EntryType;
  amount: number;
  balance_after: number;
  reason: string | null;
  reference: string | null;
  sale_id: string | null;
  created_by_kind: 'user' | 'api_key' | 'system';
  created_by_id: string | null;
  created_at: Generated<Date>;
}
