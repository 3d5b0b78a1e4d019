import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { ApiKeysTable, RolesTable, StoresTable, UsersTable } from './tables.ts';

// Stores: the tenant itself, so its key is tenant_id.
export function insertStore(db: Db, store: Insertable<StoresTable>) {
  return db.insertInto('stores').values(store).returningAll().executeTakeFirstOrThrow();
}

export function findStore(db: Db, tenantId: string) {
  return db.selectFrom('stores').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export function updateStore(db: Db, tenantId: string, changes: Updateable<StoresTable>) {
  return db.updateTable('stores').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenantId)
    .returningAll().executeTakeFirst();
}

export async function storeHasSales(db: Db, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('sales').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  return row !== undefined;
}

// Roles
export function insertRoles(db: Db, roles: Insertable<RolesTable>[]) {
  return db.insertInto('roles').values(roles).returningAll().execute();
}

export function listRoles(db: Db, tenantId: string) {
  return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId)
    .orderBy('builtin', 'desc').orderBy('created_at').orderBy('id').execute();
}

export function findRole(db: Db, tenantId: string, id: string) {
  return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findRoleByName(db: Db, tenantId: string, name: string) {
  return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export function countRoles(db: Db, tenantId: string, ids: string[]) {
  return db.selectFrom('roles').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', tenantId).where('id', 'in', ids).executeTakeFirstOrThrow();
}

export function updateRole(db: Db, tenantId: string, id: string, changes: Updateable<RolesTable>) {
  return db.updateTable('roles').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id)
    .returningAll().executeTakeFirst();
}

export function deleteRole(db: Db, tenantId: string, id: string) {
  return db.deleteFrom('roles').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function countUsersWithRole(db: Db, tenantId: string, roleId: string) {
  return db.selectFrom('user_roles').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', tenantId).where('role_id', '=', roleId).executeTakeFirstOrThrow();
}

// Users
export function insertUser(db: Db, user: Insertable<UsersTable>) {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function listUsers(db: Db, tenantId: string) {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

export function findUser(db: Db, tenantId: string, id: string) {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, tenantId: string, email: string) {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

/**
 * Login knows the email before the store: the one query not scoped to a store. It answers only
 * enabled users with that exact email, and the caller checks each one's password before saying anything.
 */
export function findLoginCandidates(db: Db, email: string) {
  return db.selectFrom('users').innerJoin('stores', 'stores.tenant_id', 'users.tenant_id')
    .select(['users.tenant_id', 'users.id', 'users.password_hash', 'stores.name as store_name'])
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.toLowerCase()))
    .where('users.disabled_at', 'is', null).limit(20).execute();
}

export function updateUser(db: Db, tenantId: string, id: string, changes: Updateable<UsersTable>) {
  return db.updateTable('users').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenantId)
    .where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteUser(db: Db, tenantId: string, id: string) {
  return db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listUserRoleIds(db: Db, tenantId: string, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('user_roles').select(['user_id', 'role_id']).where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds).execute();
}

export async function replaceUserRoles(tx: Tx, tenantId: string, userId: string, roleIds: string[]) {
  await tx.deleteFrom('user_roles').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (roleIds.length === 0) return;
  await tx.insertInto('user_roles').values(roleIds.map((roleId) => ({ tenant_id: tenantId, user_id: userId, role_id: roleId })))
    .execute();
}

export async function listUserRights(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_roles')
    .innerJoin('roles', (join) => join.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'))
    .select('roles.rights').where('user_roles.tenant_id', '=', tenantId).where('user_roles.user_id', '=', userId).execute();
  return rows.flatMap((row) => row.rights);
}

// Sessions
export function insertSession(db: Db, session: { tenant_id: string; token_hash: string; user_id: string; csrf_token: string; expires_at: Date }) {
  return db.insertInto('sessions').values(session).execute();
}

export function findSession(db: Db, tenantId: string, tokenHash: string) {
  return db.selectFrom('sessions')
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'sessions.tenant_id').onRef('users.id', '=', 'sessions.user_id'))
    .select(['sessions.user_id', 'sessions.csrf_token', 'sessions.expires_at', 'users.disabled_at'])
    .where('sessions.tenant_id', '=', tenantId).where('sessions.token_hash', '=', tokenHash).executeTakeFirst();
}

export function deleteSession(db: Db, tenantId: string, tokenHash: string) {
  return db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).execute();
}

export function deleteUserSessions(db: Db, tenantId: string, userId: string) {
  return db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

// API keys
export function insertApiKey(db: Db, key: Insertable<ApiKeysTable>) {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export function listApiKeys(db: Db, tenantId: string) {
  return db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export function findApiKeyBySecret(db: Db, tenantId: string, secretHash: string) {
  return db.selectFrom('api_keys').select(['id', 'rights', 'revoked_at'])
    .where('tenant_id', '=', tenantId).where('secret_hash', '=', secretHash).executeTakeFirst();
}

export function revokeApiKey(db: Db, tenantId: string, id: string) {
  return db.updateTable('api_keys').set({ revoked_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id)
    .where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

export function findApiKey(db: Db, tenantId: string, id: string) {
  return db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function touchApiKey(db: Db, tenantId: string, id: string, at: Date) {
  return db.updateTable('api_keys').set({ last_used_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Delivered to other processes' listeners when the transaction commits. */
export function notifyKeyRevoked(db: Db, channel: string, payload: string) {
  return sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
