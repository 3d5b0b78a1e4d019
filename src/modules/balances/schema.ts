import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';
import { Actor } from '../tags/schema.ts';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BALANCE_NAMES = ['store_credit', 'on_account', 'loyalty_points'] as const;
export const BalanceName = StringEnum(BALANCE_NAMES, {
  description: 'store_credit (money the store owes the customer; never below 0), on_account (what the customer owes is negative; not below -credit_limit), loyalty_points (points, not money).',
});
export const ENTRY_TYPES = ['adjustment', 'issue', 'redemption', 'earning', 'sale_payment', 'account_payment'] as const;
export const EntryType = StringEnum(ENTRY_TYPES, {
  description: 'adjustment (either sign, needs "Adjust balances"); issue (store credit or points given, needs "Adjust balances"); '
    + 'redemption (spent, negative); account_payment (the customer pays off their account, positive); '
    + 'earning and sale_payment are written by recorded sales.',
});

export const Balances = Type.Object({
  customer_id: Type.String({ format: 'uuid' }),
  currency: Type.String(),
  store_credit: Type.Integer({ description: 'Minor units.' }),
  on_account: Type.Integer({ description: 'Minor units; negative when the customer owes the store.' }),
  credit_limit: Type.Integer({ description: 'How far below zero on_account may go, in minor units.' }),
  available_on_account: Type.Integer({ description: 'on_account + credit_limit: what the customer may still charge to their account.' }),
  loyalty_points: Type.Integer(),
});
export const BalancesUpdate = Type.Object({
  credit_limit: Type.Integer({ minimum: 0, maximum: 1e13, description: 'Minor units. Refused when the account already owes more than the new limit.' }),
}, { additionalProperties: false });

export const BalanceEntry = Type.Object({
  id: Type.Integer({ description: 'Rises with every entry in the store: the ledger\'s order.' }),
  customer_id: Type.String({ format: 'uuid' }),
  balance: BalanceName,
  entry_type: EntryType,
  amount: Type.Integer({ description: 'Minor units (points for loyalty_points); positive adds to the balance.' }),
  balance_after: Type.Integer(),
  reason: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  sale_id: Nullable(Type.String({ format: 'uuid' })),
  created_by: Actor,
  created_at: Timestamp,
});
export const BalanceEntryCreate = Type.Object({
  balance: BalanceName,
  entry_type: StringEnum(['adjustment', 'issue', 'redemption', 'account_payment'] as const),
  amount: Type.Integer({ minimum: -1e13, maximum: 1e13, not: { const: 0 }, description: 'Positive adds, negative takes off.' }),
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why, in the merchant\'s words; required for an adjustment.' })),
  reference: Type.Optional(Type.String({ maxLength: 200, description: 'A receipt, voucher or invoice number.' })),
}, { additionalProperties: false });
export const BalanceEntryListQuery = Type.Object({
  balance: Type.Optional(BalanceName),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });
export const BalanceEntryList = List(BalanceEntry, 'A page of ledger entries, newest first.');
export const BalanceEntryCreated = Type.Object({ entry: BalanceEntry, balances: Balances });

export type Balances = Static<typeof Balances>;
export type BalancesUpdate = Static<typeof BalancesUpdate>;
export type BalanceEntry = Static<typeof BalanceEntry>;
export type BalanceEntryCreate = Static<typeof BalanceEntryCreate>;
export type BalanceEntryListQuery = Static<typeof BalanceEntryListQuery>;
export type BalanceEntryList = Static<typeof BalanceEntryList>;
export type BalanceEntryCreated = Static<typeof BalanceEntryCreated>;
