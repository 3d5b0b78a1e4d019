import { ClienteleError } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight } from '../access/context.ts';
import * as queries from './queries.ts';
import type {
  Tag, TagCategory, TagCategoryCreate, TagCategoryDeleted, TagCategoryUpdate, TagCreate, TagDeleted, TagList, TagListQuery, TagMerged,
  TagUpdate,
} from './schema.ts';

type CategoryRow = NonNullable<Awaited<ReturnType<typeof queries.findCategory>>>;
type TagRow = NonNullable<Awaited<ReturnType<typeof queries.findTag>>>;

// Categories
export async function listCategories(ctx: Ctx): Promise<TagCategory[]> {
  requireRight(ctx, 'view_customers');
  return (await queries.listCategories(ctx.db, ctx.tenantId)).map(toCategory);
}

export async function getCategory(ctx: Ctx, id: string): Promise<TagCategory> {
  requireRight(ctx, 'view_customers');
  return toCategory(await categoryOrThrow(ctx, id));
}

export async function createCategory(ctx: Ctx, input: TagCategoryCreate): Promise<TagCategory> {
  requireRight(ctx, 'manage_customer_tags');
  const name = input.name.trim();
  await assertCategoryNameFree(ctx, name);
  const { id } = await queries.insertCategory(ctx.db, {
    tenant_id: ctx.tenantId, name, description: input.description ?? null, colour: input.colour ?? null,
    sort_order: input.sort_order ?? 0, single_choice: input.single_choice ?? false,
  });
  return getCategory(ctx, id);
}

export async function updateCategory(ctx: Ctx, id: string, changes: TagCategoryUpdate): Promise<TagCategory> {
  requireRight(ctx, 'manage_customer_tags');
  return inTransaction(ctx, async (tx) => {
    const current = await categoryOrThrow(tx, id);
    const name = changes.name?.trim();
    if (name !== undefined && name.toLowerCase() !== current.name.toLowerCase()) await assertCategoryNameFree(tx, name);
    if (changes.single_choice && !current.single_choice) {
      const several = await queries.customersWithSeveralTagsOf(tx.db, tx.tenantId, id, 100);
      if (several.length > 0) {
        throw new ClienteleError('conflict', 'tag_category.single_choice_conflict',
          `${several.length === 100 ? 'At least 100' : several.length} customer(s) carry more than one tag of "${current.name}"; `
          + 'leave them one each before making it single-choice.', { field: '/single_choice', extra: { customer_ids: several.map((row) => row.customer_id) } });
      }
    }
    await queries.updateCategory(tx.db, tx.tenantId, id, { ...changes, name });
    return getCategory(tx, id);
  });
}

/** Deletes the category, its tags and their assignments, answering how much went with it. */
export async function deleteCategory(ctx: Ctx, id: string): Promise<TagCategoryDeleted> {
  requireRight(ctx, 'manage_customer_tags');
  return inTransaction(ctx, async (tx) => {
    await categoryOrThrow(tx, id);
    const tagIds = (await queries.tagIdsOfCategory(tx.db, tx.tenantId, id)).map((row) => row.id);
    const customers = queries.customersWithAnyTag(tx.db, tx.tenantId, tagIds);
    const { changed } = await queries.changeCustomerTags(tx.db, tx.tenantId, { customers, add: [], remove: tagIds, actor: tx.actor });
    await queries.deleteCategory(tx.db, tx.tenantId, id);
    return { tags_deleted: tagIds.length, customers_touched: changed };
  });
}

// Tags
export async function listTags(ctx: Ctx, query: TagListQuery): Promise<TagList> {
  requireRight(ctx, 'view_customers');
  const filter: queries.TagFilter = { categoryId: query.category_id, archived: query.archived, q: query.q };
  const limit = query.limit ?? MAX_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, 2) as [string, string] : undefined;
  const [rows, total] = await Promise.all([
    queries.listTagPage(ctx.db, ctx.tenantId, filter, limit + 1, after),
    queries.countTags(ctx.db, ctx.tenantId, filter),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toTag), total, next_cursor: rows.length > limit && last ? encodeCursor([last.sort_name, last.id]) : null };
}

export async function getTag(ctx: Ctx, id: string): Promise<Tag> {
  requireRight(ctx, 'view_customers');
  return toTag(await tagOrThrow(ctx, id));
}

export async function createTag(ctx: Ctx, input: TagCreate): Promise<Tag> {
  requireRight(ctx, 'manage_customer_tags');
  const name = input.name.trim();
  const category = await queries.findCategory(ctx.db, ctx.tenantId, input.category_id);
  if (!category) throw new ClienteleError('unprocessable', 'tag_category.unknown', 'No tag category with this id in this store.', { field: '/category_id' });
  await assertTagNameFree(ctx, input.category_id, name, '/name');
  const { id } = await queries.insertTag(ctx.db, {
    tenant_id: ctx.tenantId, category_id: input.category_id, name, colour: input.colour ?? null, archived: input.archived ?? false,
  });
  return getTag(ctx, id);
}

export async function updateTag(ctx: Ctx, id: string, changes: TagUpdate): Promise<Tag> {
  requireRight(ctx, 'manage_customer_tags');
  return inTransaction(ctx, async (tx) => {
    const current = await tagOrThrow(tx, id);
    const categoryId = changes.category_id ?? current.category_id;
    const name = changes.name?.trim() ?? current.name;
    if (categoryId !== current.category_id) {
      const target = await queries.findCategory(tx.db, tx.tenantId, categoryId);
      if (!target) throw new ClienteleError('unprocessable', 'tag_category.unknown', 'No tag category with this id in this store.', { field: '/category_id' });
      if (target.single_choice) await assertMoveKeepsSingleChoice(tx, id, categoryId, target.name);
    }
    if (categoryId !== current.category_id || name.toLowerCase() !== current.name.toLowerCase()) {
      await assertTagNameFree(tx, categoryId, name, changes.name !== undefined ? '/name' : '/category_id');
    }
    await queries.updateTag(tx.db, tx.tenantId, id, { ...changes, name });
    return getTag(tx, id);
  });
}

/** Deletes the tag and its assignments, answering how many customers lost it. */
export async function deleteTag(ctx: Ctx, id: string): Promise<TagDeleted> {
  requireRight(ctx, 'manage_customer_tags');
  return inTransaction(ctx, async (tx) => {
    await tagOrThrow(tx, id);
    const { changed } = await queries.changeCustomerTags(tx.db, tx.tenantId, {
      customers: queries.customersWithTag(tx.db, tx.tenantId, id), add: [], remove: [id], actor: tx.actor,
    });
    await queries.deleteTag(tx.db, tx.tenantId, id);
    return { customers_touched: changed };
  });
}

/**
 * Folds tag `id` into `intoId`: its customers get the kept tag (once), saved searches point at it, and the
 * merged tag is deleted. The kept tag's category rules: merging into a single-choice category's tag is
 * refused when a customer would end up with two of its tags.
 */
export async function mergeTag(ctx: Ctx, id: string, intoId: string): Promise<TagMerged> {
  requireRight(ctx, 'manage_customer_tags');
  if (id === intoId) throw new ClienteleError('unprocessable', 'tag.merge_same', 'A tag cannot be merged into itself.', { field: '/into_tag_id' });
  return inTransaction(ctx, async (tx) => {
    const merged = await tagOrThrow(tx, id);
    const kept = await queries.findTag(tx.db, tx.tenantId, intoId);
    if (!kept) throw new ClienteleError('unprocessable', 'tag.unknown', 'No tag with this id in this store.', { field: '/into_tag_id' });
    const category = (await queries.findCategory(tx.db, tx.tenantId, kept.category_id))!;
    if (category.single_choice && merged.category_id !== kept.category_id) await assertMoveKeepsSingleChoice(tx, id, kept.category_id, category.name, intoId);
    const customers = queries.customersWithTag(tx.db, tx.tenantId, id);
    const { added } = await queries.changeCustomerTags(tx.db, tx.tenantId, { customers, add: [intoId], remove: [], actor: tx.actor });
    const { changed } = await queries.changeCustomerTags(tx.db, tx.tenantId, { customers, add: [], remove: [id], actor: tx.actor });
    await queries.replaceTagInSavedSearches(tx.db, tx.tenantId, id, intoId);
    await queries.deleteTag(tx.db, tx.tenantId, id);
    return { tag: await getTag(tx, intoId), customers_moved: added, customers_touched: changed };
  });
}

async function assertMoveKeepsSingleChoice(ctx: Ctx, tagId: string, categoryId: string, categoryName: string, exceptTagId?: string) {
  const others = (await queries.tagIdsOfCategory(ctx.db, ctx.tenantId, categoryId)).map((row) => row.id).filter((other) => other !== exceptTagId);
  if (others.length === 0) return;
  const clashes = await queries.countCustomersWithTagAndAnyOf(ctx.db, ctx.tenantId, tagId, others);
  if (clashes > 0) {
    throw new ClienteleError('conflict', 'tag.single_choice_conflict',
      `${clashes} customer(s) would carry two tags of the single-choice category "${categoryName}".`, { field: '/category_id' });
  }
}

async function categoryOrThrow(ctx: Ctx, id: string): Promise<CategoryRow> {
  const row = await queries.findCategory(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('tag_category');
  return row;
}

async function tagOrThrow(ctx: Ctx, id: string): Promise<TagRow> {
  const row = await queries.findTag(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('tag');
  return row;
}

async function assertCategoryNameFree(ctx: Ctx, name: string) {
  if (await queries.findCategoryByName(ctx.db, ctx.tenantId, name)) {
    throw new ClienteleError('conflict', 'tag_category.name_taken', `A tag category named "${name}" already exists.`, { field: '/name' });
  }
}

async function assertTagNameFree(ctx: Ctx, categoryId: string, name: string, field: string) {
  if (await queries.findTagByName(ctx.db, ctx.tenantId, categoryId, name)) {
    throw new ClienteleError('conflict', 'tag.name_taken', `The category already has a tag named "${name}".`, { field });
  }
}

function toCategory(row: CategoryRow): TagCategory {
  return {
    id: row.id, name: row.name, description: row.description, colour: row.colour, sort_order: row.sort_order,
    single_choice: row.single_choice, tag_count: Number(row.tag_count ?? 0),
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}

function toTag(row: TagRow): Tag {
  return {
    id: row.id, category_id: row.category_id, name: row.name, colour: row.colour, archived: row.archived, customers: Number(row.customers),
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}
