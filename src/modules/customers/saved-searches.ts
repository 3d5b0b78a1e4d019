import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import { resolveTagCondition } from '../tags/condition.ts';
import * as queries from './queries.ts';
import type { SavedSearch, SavedSearchBody, SavedSearchCreate, SavedSearchUpdate } from './schema.ts';
import { parseSort } from './service.ts';

type SavedSearchRow = NonNullable<Awaited<ReturnType<typeof queries.findSavedSearch>>>;

// A saved search is the store's, not one user's: the till and the back office see the same list.
export async function listSavedSearches(ctx: Ctx): Promise<SavedSearch[]> {
  requireRight(ctx, 'view_customers');
  return (await queries.listSavedSearches(ctx.db, ctx.tenantId)).map(toSavedSearch);
}

export async function getSavedSearch(ctx: Ctx, id: string): Promise<SavedSearch> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findSavedSearch(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('saved_search');
  return toSavedSearch(row);
}

export async function createSavedSearch(ctx: Ctx, input: SavedSearchCreate): Promise<SavedSearch> {
  requireRight(ctx, 'view_customers');
  const name = input.name.trim();
  await assertNameFree(ctx, name);
  await checkSearch(ctx, input.search);
  const row = await queries.insertSavedSearch(ctx.db, {
    tenant_id: ctx.tenantId, name, search: JSON.stringify(input.search),
    created_by_kind: ctx.actor.kind, created_by_id: ctx.actor.kind === 'system' ? null : ctx.actor.id,
  });
  return toSavedSearch(row);
}

export async function updateSavedSearch(ctx: Ctx, id: string, changes: SavedSearchUpdate): Promise<SavedSearch> {
  const current = await getSavedSearch(ctx, id);
  const name = changes.name?.trim();
  if (name !== undefined && name.toLowerCase() !== current.name.toLowerCase()) await assertNameFree(ctx, name);
  if (changes.search) await checkSearch(ctx, changes.search);
  const row = await queries.updateSavedSearch(ctx.db, ctx.tenantId, id, {
    name, search: changes.search === undefined ? undefined : JSON.stringify(changes.search),
  });
  if (!row) throw ClienteleError.notFound('saved_search');
  return toSavedSearch(row);
}

export async function deleteSavedSearch(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'view_customers');
  const result = await queries.deleteSavedSearch(ctx.db, ctx.tenantId, id);
  if (result.numDeletedRows === 0n) throw ClienteleError.notFound('saved_search');
}

/** The search must run today: its sort is valid and its tags are the store's. */
async function checkSearch(ctx: Ctx, search: SavedSearchBody) {
  parseSort(search.sort, '/search');
  await resolveTagCondition(ctx, search, '/search');
}

async function assertNameFree(ctx: Ctx, name: string) {
  if (await queries.findSavedSearchByName(ctx.db, ctx.tenantId, name)) {
    throw new ClienteleError('conflict', 'saved_search.name_taken', `A saved search named "${name}" already exists.`, { field: '/name' });
  }
}

function toSavedSearch(row: SavedSearchRow): SavedSearch {
  return {
    id: row.id, name: row.name, search: row.search as SavedSearchBody,
    created_by: { kind: row.created_by_kind, id: row.created_by_id },
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}
