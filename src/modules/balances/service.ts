import type { Selectable } from 'kysely';
import { ClienteleError } from '../../lib/errors.ts';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import * as queries from './queries.ts';
import type {
  BalanceEntry, BalanceEntryCreate, BalanceEntryCreated, BalanceEntryList, BalanceEntryListQuery, Balances, BalancesUpdate,
} from './schema.ts';
import type { BalanceEntriesTable, BalanceName } from './tables.ts';

export async function getBalances(ctx: Ctx, customerId: string): Promise<Balances> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findBalances(ctx.db, ctx.tenantId, customerId);
  if (!row) throw ClienteleError.notFound('customer');
  return toBalances(row, (await getStore(ctx)).currency);
}

export async function updateBalances(ctx: Ctx, customerId: string, changes: BalancesUpdate): Promise<Balances> {
  requireRight(ctx, 'adjust_balances');
  await inTransaction(ctx, async (tx) => {
    if (await queries.setCreditLimit(tx.db, tx.tenantId, customerId, changes.credit_limit)) return;
    if (!await queries.findBalances(tx.db, tx.tenantId, customerId)) throw ClienteleError.notFound('customer');
    throw new ClienteleError('conflict', 'balance.credit_limit_below_owed',
      'The customer already owes more on account than this credit limit; record their payment first.', { field: '/credit_limit' });
  });
  return getBalances(ctx, customerId);
}

export async function listEntries(ctx: Ctx, customerId: string, query: BalanceEntryListQuery): Promise<BalanceEntryList> {
  requireRight(ctx, 'view_customers');
  if (!await queries.findBalances(ctx.db, ctx.tenantId, customerId)) throw ClienteleError.notFound('customer');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const before = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : undefined;
  const [rows, total] = await Promise.all([
    queries.listEntryPage(ctx.db, ctx.tenantId, customerId, query.balance, limit + 1, before),
    queries.countEntries(ctx.db, ctx.tenantId, customerId, query.balance),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toEntry), total, next_cursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

// What each entry type a person can post may do: on which balances, with which sign, with which rights.
const MANUAL_ENTRIES = {
  adjustment: { balances: ['store_credit', 'on_account', 'loyalty_points'], sign: 0, rights: ['adjust_balances'] },
  issue: { balances: ['store_credit', 'loyalty_points'], sign: 1, rights: ['adjust_balances'] },
  redemption: { balances: ['store_credit', 'loyalty_points'], sign: -1, rights: ['record_sales', 'adjust_balances'] },
  account_payment: { balances: ['on_account'], sign: 1, rights: ['record_sales', 'adjust_balances'] },
} as const;

export async function addEntry(ctx: Ctx, customerId: string, input: BalanceEntryCreate): Promise<BalanceEntryCreated> {
  const rule = MANUAL_ENTRIES[input.entry_type];
  const granted = rule.rights.find((right) => ctx.rights.has(right));
  if (!granted) requireRight(ctx, rule.rights[0]);
  if (!(rule.balances as readonly string[]).includes(input.balance)) {
    throw new ClienteleError('unprocessable', 'balance.entry_type_invalid',
      `A ${input.entry_type} entry applies to ${rule.balances.join(' or ')}, not ${input.balance}.`, { field: '/entry_type' });
  }
  if (rule.sign !== 0 && Math.sign(input.amount) !== rule.sign) {
    throw new ClienteleError('unprocessable', 'balance.amount_sign',
      `A ${input.entry_type} entry is ${rule.sign > 0 ? 'positive' : 'negative'}.`, { field: '/amount' });
  }
  const reason = input.reason?.trim() || null;
  if (input.entry_type === 'adjustment' && !reason) {
    throw new ClienteleError('unprocessable', 'balance.reason_required', 'Say why the balance is adjusted.', { field: '/reason' });
  }
  const id = await inTransaction(ctx, (tx) => postEntry(tx, {
    customer_id: customerId, balance: input.balance, entry_type: input.entry_type, amount: input.amount,
    reason, reference: input.reference?.trim() || null,
  }, '/amount'));
  const entry = await queries.findEntry(ctx.db, ctx.tenantId, id);
  return { entry: toEntry(entry), balances: await getBalances(ctx, customerId) };
}

type PostedEntry = Omit<queries.EntryDraft, 'created_by_kind' | 'created_by_id'>;

/**
 * Posts one entry inside the caller's transaction: a manual entry, or a sale paid with (or refunded to) store
 * credit or the account. Throws a clear error, pointing at `field`, when the balance would cross its floor.
 */
export async function postEntry(tx: TxCtx, entry: PostedEntry, field: string): Promise<number> {
  const posted = await queries.appendEntry(tx.db, tx.tenantId, { ...entry, ...createdBy(tx) });
  if (posted) return posted.id;
  const balances = await queries.findBalances(tx.db, tx.tenantId, entry.customer_id);
  if (!balances) throw ClienteleError.notFound('customer');
  throw floorError(entry.balance, balances, field);
}

function floorError(balance: BalanceName, balances: { store_credit: number; on_account: number; credit_limit: number; loyalty_points: number }, field: string) {
  if (balance === 'on_account') {
    return new ClienteleError('unprocessable', 'balance.credit_limit_exceeded',
      `This would take the account past its credit limit: ${balances.on_account + balances.credit_limit} is available.`, { field, extra: { available: balances.on_account + balances.credit_limit } });
  }
  const available = balance === 'store_credit' ? balances.store_credit : balances.loyalty_points;
  return new ClienteleError('unprocessable', 'balance.insufficient',
    `The customer has ${available} ${balance === 'store_credit' ? 'in store credit (minor units)' : 'loyalty points'}; a balance cannot go below zero.`,
    { field, extra: { available } });
}

function createdBy(ctx: Ctx): Pick<queries.EntryDraft, 'created_by_kind' | 'created_by_id'> {
  return { created_by_kind: ctx.actor.kind, created_by_id: ctx.actor.kind === 'system' ? null : ctx.actor.id };
}

function toBalances(row: { id: string; store_credit: number; on_account: number; credit_limit: number; loyalty_points: number }, currency: string): Balances {
  return {
    customer_id: row.id, currency, store_credit: row.store_credit, on_account: row.on_account, credit_limit: row.credit_limit,
    available_on_account: row.on_account + row.credit_limit, loyalty_points: row.loyalty_points,
  };
}

function toEntry(row: Selectable<BalanceEntriesTable>): BalanceEntry {
  return {
    id: row.id, customer_id: row.customer_id, balance: row.balance, entry_type: row.entry_type, amount: row.amount,
    balance_after: row.balance_after, reason: row.reason, reference: row.reference, sale_id: row.sale_id,
    created_by: { kind: row.created_by_kind, id: row.created_by_id }, created_at: row.created_at.toISOString(),
  };
}
