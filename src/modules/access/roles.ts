import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, inTransaction, requireRight } from './context.ts';
import * as queries from './queries.ts';
import { ALL_RIGHTS, DEFAULT_ROLES, RIGHTS, type Right } from './rights.ts';

const BUILTIN_ORDER = Object.keys(DEFAULT_ROLES);
import type { Role, RoleCreate, RoleUpdate } from './schema.ts';

export function listRights(): { code: Right; name: string }[] {
  return ALL_RIGHTS.map((code) => ({ code, name: RIGHTS[code] }));
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  requireRight(ctx, 'manage_users');
  const rows = await queries.listRoles(ctx.db, ctx.tenantId);
  // Built-in roles first, from most to least powerful; then the store's own, oldest first.
  const rank = (row: { builtin: boolean; name: string }) => (row.builtin ? BUILTIN_ORDER.indexOf(row.name) : BUILTIN_ORDER.length);
  return rows.map((row, i) => ({ row, i })).sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i).map(({ row }) => toRole(row));
}

export async function getRole(ctx: Ctx, id: string): Promise<Role> {
  requireRight(ctx, 'manage_users');
  const row = await queries.findRole(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('role');
  return toRole(row);
}

export async function createRole(ctx: Ctx, input: RoleCreate): Promise<Role> {
  requireRight(ctx, 'manage_users');
  return inTransaction(ctx, async (tx) => {
    await assertNameFree(tx, input.name);
    const [row] = await queries.insertRoles(tx.db, [{ tenant_id: tx.tenantId, name: input.name.trim(), rights: input.rights }]);
    return toRole(row!);
  });
}

export async function updateRole(ctx: Ctx, id: string, changes: RoleUpdate): Promise<Role> {
  requireRight(ctx, 'manage_users');
  return inTransaction(ctx, async (tx) => {
    const existing = await queries.findRole(tx.db, tx.tenantId, id);
    if (!existing) throw ClienteleError.notFound('role');
    if (existing.builtin) throw builtinError();
    if (changes.name !== undefined) await assertNameFree(tx, changes.name, id);
    const row = await queries.updateRole(tx.db, tx.tenantId, id, { ...changes, name: changes.name?.trim() });
    return toRole(row!);
  });
}

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'manage_users');
  await inTransaction(ctx, async (tx) => {
    const existing = await queries.findRole(tx.db, tx.tenantId, id);
    if (!existing) throw ClienteleError.notFound('role');
    if (existing.builtin) throw builtinError();
    const { count } = await queries.countUsersWithRole(tx.db, tx.tenantId, id);
    if (Number(count) > 0) {
      throw new ClienteleError('conflict', 'role.in_use', `${count} user(s) have this role; give them another role first.`);
    }
    await queries.deleteRole(tx.db, tx.tenantId, id);
  });
}

async function assertNameFree(ctx: Ctx, name: string, exceptId?: string) {
  const clash = await queries.findRoleByName(ctx.db, ctx.tenantId, name.trim());
  if (clash && clash.id !== exceptId) {
    throw new ClienteleError('conflict', 'role.name_taken', `A role named "${name.trim()}" already exists.`, { field: '/name' });
  }
}

function builtinError() {
  return new ClienteleError('unprocessable', 'role.builtin', 'Built-in roles cannot be changed or deleted; create a role of your own.');
}

function toRole(row: { id: string; name: string; rights: string[]; builtin: boolean }): Role {
  return { id: row.id, name: row.name, rights: row.rights as Right[], builtin: row.builtin };
}
