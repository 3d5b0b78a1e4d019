import { hash } from '@node-rs/argon2';
import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from './context.ts';
import * as queries from './queries.ts';
import type { User, UserCreate, UserUpdate } from './schema.ts';

type UserRow = NonNullable<Awaited<ReturnType<typeof queries.findUser>>>;

export function hashPassword(password: string): Promise<string> {
  // Argon2id with the library's defaults (OWASP's recommended parameters).
  return hash(password);
}

export async function listUsers(ctx: Ctx): Promise<User[]> {
  requireRight(ctx, 'manage_users');
  const rows = await queries.listUsers(ctx.db, ctx.tenantId);
  return withRoles(ctx, rows);
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  requireRight(ctx, 'manage_users');
  return (await withRoles(ctx, [await findUserOrThrow(ctx, id)]))[0]!;
}

export async function createUser(ctx: Ctx, input: UserCreate): Promise<User> {
  requireRight(ctx, 'manage_users');
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    if (await queries.findUserByEmail(tx.db, tx.tenantId, input.email)) {
      throw new ClienteleError('conflict', 'user.email_taken', 'A user with this email already exists in this store.', { field: '/email' });
    }
    await assertRolesExist(tx, input.role_ids);
    const row = await queries.insertUser(tx.db, {
      tenant_id: tx.tenantId, email: input.email.trim(), name: input.name.trim(), password_hash: passwordHash,
      locale: input.locale ?? null,
    });
    await queries.replaceUserRoles(tx.db, tx.tenantId, row.id, input.role_ids);
    return (await withRoles(tx, [row]))[0]!;
  });
}

export async function updateUser(ctx: Ctx, id: string, changes: UserUpdate): Promise<User> {
  requireRight(ctx, 'manage_users');
  return applyUserChanges(ctx, id, changes);
}

/** The signed-in user changes their own name, password or language. */
export async function updateMe(ctx: Ctx, changes: Pick<UserUpdate, 'name' | 'password' | 'locale'>): Promise<User> {
  if (ctx.actor.kind !== 'user') {
    throw new ClienteleError('forbidden', 'auth.user_required', 'Only a signed-in user has their own settings; an API key does not.');
  }
  return applyUserChanges(ctx, ctx.actor.id, changes);
}

async function applyUserChanges(ctx: Ctx, id: string, changes: UserUpdate): Promise<User> {
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    await findUserOrThrow(tx, id);
    if (changes.role_ids) await assertRolesExist(tx, changes.role_ids);
    const row = await queries.updateUser(tx.db, tx.tenantId, id, {
      name: changes.name?.trim(),
      locale: changes.locale,
      password_hash: passwordHash,
      disabled_at: changes.disabled === undefined ? undefined : changes.disabled ? new Date() : null,
    });
    if (changes.role_ids) await queries.replaceUserRoles(tx.db, tx.tenantId, id, changes.role_ids);
    // A disabled user, or one whose password changed, is signed out everywhere.
    if (changes.disabled || passwordHash) await queries.deleteUserSessions(tx.db, tx.tenantId, id);
    return (await withRoles(tx, [row!]))[0]!;
  });
}

export async function deleteUser(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'manage_users');
  if (ctx.actor.kind === 'user' && ctx.actor.id === id) {
    throw new ClienteleError('unprocessable', 'user.delete_self', 'You cannot delete yourself; ask another user with the right.');
  }
  const result = await queries.deleteUser(ctx.db, ctx.tenantId, id);
  if (result.numDeletedRows === 0n) throw ClienteleError.notFound('user');
}

async function findUserOrThrow(ctx: Ctx, id: string): Promise<UserRow> {
  const row = await queries.findUser(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('user');
  return row;
}

async function assertRolesExist(ctx: TxCtx, roleIds: string[]) {
  const unique = [...new Set(roleIds)];
  const { count } = await queries.countRoles(ctx.db, ctx.tenantId, unique);
  if (Number(count) !== unique.length) {
    throw ClienteleError.invalid([{ field: '/role_ids', code: 'user.role_unknown', message: 'One of the roles does not exist in this store.' }]);
  }
}

async function withRoles(ctx: Ctx, rows: UserRow[]): Promise<User[]> {
  const links = await queries.listUserRoleIds(ctx.db, ctx.tenantId, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id, email: row.email, name: row.name, locale: row.locale as User['locale'],
    role_ids: links.filter((link) => link.user_id === row.id).map((link) => link.role_id),
    disabled: row.disabled_at !== null, created_at: row.created_at.toISOString(),
  }));
}
