import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { assertOneGroupPossible } from '../groups/membership.ts';
import { type Ctx, inTransaction, requireRight } from './context.ts';
import * as queries from './queries.ts';
import { ALL_RIGHTS, DEFAULT_ROLES } from './rights.ts';
import type { Store, StoreUpdate } from './schema.ts';
import type { StoresTable } from './tables.ts';
import { newApiKeySecret } from './secrets.ts';

export interface StoreCreate {
  name: string;
  currency: string;
  locale: 'en' | 'fr';
}

/**
 * A new store with its four built-in roles and an owner API key (every right), shown once.
 * Used by the CLI: creating stores is the operator's job, not a store's.
 */
export async function createStore(db: Db, input: StoreCreate): Promise<{ store: Store; api_key: string; owner_role_id: string }> {
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    throw ClienteleError.invalid([{ field: '/currency', code: 'store.currency_invalid', message: 'Currency must be an ISO 4217 code such as GBP.' }]);
  }
  if (!input.name.trim()) throw ClienteleError.invalid([{ field: '/name', code: 'store.name_required', message: 'A store needs a name.' }]);
  return db.transaction().execute(async (tx) => {
    const row = await queries.insertStore(tx, { name: input.name.trim(), currency: input.currency, locale: input.locale });
    const roles = await queries.insertRoles(tx, Object.entries(DEFAULT_ROLES).map(([name, rights]) => ({
      tenant_id: row.tenant_id, name, rights, builtin: true,
    })));
    const key = newApiKeySecret(row.tenant_id);
    await queries.insertApiKey(tx, {
      tenant_id: row.tenant_id, name: 'Owner key', secret_hash: key.secretHash, last_four: key.lastFour, rights: ALL_RIGHTS,
    });
    const ownerRole = roles.find((role) => role.name === 'owner')!;
    return { store: toStore(row), api_key: key.secret, owner_role_id: ownerRole.id };
  });
}

export async function getStore(ctx: Ctx): Promise<Store> {
  const row = await queries.findStore(ctx.db, ctx.tenantId);
  if (!row) throw ClienteleError.notFound('store');
  return toStore(row);
}

export async function updateStore(ctx: Ctx, changes: StoreUpdate): Promise<Store> {
  requireRight(ctx, 'manage_store_settings');
  return inTransaction(ctx, async (tx) => {
    if (changes.time_zone !== undefined && !isTimeZone(changes.time_zone)) {
      throw ClienteleError.invalid([{ field: '/time_zone', code: 'store.time_zone_invalid', message: `"${changes.time_zone}" is not an IANA time zone such as Europe/London.` }]);
    }
    const current = await queries.findStore(tx.db, tx.tenantId);
    if (!current) throw ClienteleError.notFound('store');
    if (changes.currency && changes.currency !== current.currency && await queries.storeHasSales(tx.db, tx.tenantId)) {
      throw new ClienteleError('conflict', 'store.currency_in_use', 'The currency cannot change once the store has recorded sales in it.', { field: '/currency' });
    }
    if (changes.one_group_per_customer && !current.one_group_per_customer) await assertOneGroupPossible(tx);
    const row = await queries.updateStore(tx.db, tx.tenantId, changes);
    if (!row) throw ClienteleError.notFound('store');
    return toStore(row);
  });
}

export function toStore(row: Selectable<StoresTable>): Store {
  return {
    id: row.tenant_id, name: row.name, currency: row.currency, locale: row.locale as Store['locale'],
    default_margin_bp: row.default_margin_bp, loyalty_points_per_unit: row.loyalty_points_per_unit, time_zone: row.time_zone,
    one_group_per_customer: row.one_group_per_customer, created_at: row.created_at.toISOString(),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
