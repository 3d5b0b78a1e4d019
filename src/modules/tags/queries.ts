import { type Expression, type ExpressionBuilder, type Insertable, sql, type Updateable } from 'kysely';
import type { Database, Db, Tx } from '../../db/database.ts';
import { containsPattern } from '../../lib/like.ts';
import type { Actor } from '../access/context.ts';
import type { TagCategoriesTable, TagsTable } from './tables.ts';

// Categories
function tagCountOf(eb: ExpressionBuilder<Database, 'tag_categories'>) {
  return eb.selectFrom('tags').select(eb.fn.countAll<number>().as('n'))
    .whereRef('tags.tenant_id', '=', 'tag_categories.tenant_id').whereRef('tags.category_id', '=', 'tag_categories.id').as('tag_count');
}

export function listCategories(db: Db, tenantId: string) {
  return db.selectFrom('tag_categories').selectAll('tag_categories')
    .select(tagCountOf)
    .where('tenant_id', '=', tenantId).orderBy('sort_order').orderBy(sql`lower(name)`).orderBy('id').execute();
}

export function findCategory(db: Db, tenantId: string, id: string) {
  return db.selectFrom('tag_categories').selectAll('tag_categories')
    .select(tagCountOf)
    .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findCategoryByName(db: Db, tenantId: string, name: string) {
  return db.selectFrom('tag_categories').selectAll().where('tenant_id', '=', tenantId)
    .where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export function insertCategory(db: Db, category: Insertable<TagCategoriesTable>) {
  return db.insertInto('tag_categories').values(category).returning('id').executeTakeFirstOrThrow();
}

export function updateCategory(db: Db, tenantId: string, id: string, changes: Updateable<TagCategoriesTable>) {
  return db.updateTable('tag_categories').set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function deleteCategory(tx: Tx, tenantId: string, id: string) {
  return tx.deleteFrom('tag_categories').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Customers who carry two or more tags of the category: what makes it impossible to make it single-choice. */
export function customersWithSeveralTagsOf(db: Db, tenantId: string, categoryId: string, limit: number) {
  return db.selectFrom('customer_tags').innerJoin('tags', (join) => join.onRef('tags.tenant_id', '=', 'customer_tags.tenant_id')
    .onRef('tags.id', '=', 'customer_tags.tag_id'))
    .select('customer_tags.customer_id')
    .where('customer_tags.tenant_id', '=', tenantId).where('tags.category_id', '=', categoryId)
    .groupBy('customer_tags.customer_id').having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('customer_tags.customer_id').limit(limit).execute();
}

// Tags
export interface TagFilter {
  categoryId?: string;
  archived?: boolean;
  q?: string;
}

export function listTagPage(db: Db, tenantId: string, filter: TagFilter, limit: number, after?: [string, string]) {
  let query = db.selectFrom('tags').selectAll().select(sql<string>`lower(name)`.as('sort_name')).where('tenant_id', '=', tenantId);
  if (filter.categoryId) query = query.where('category_id', '=', filter.categoryId);
  if (filter.archived !== undefined) query = query.where('archived', '=', filter.archived);
  if (filter.q?.trim()) query = query.where(sql`lower(name)`, 'like', containsPattern(filter.q.trim().toLowerCase()));
  if (after) query = query.where(sql`(lower(name), id)`, '>', sql`(${after[0]}, ${after[1]}::uuid)`);
  return query.orderBy(sql`lower(name)`).orderBy('id').limit(limit).execute();
}

export async function countTags(db: Db, tenantId: string, filter: TagFilter): Promise<number> {
  let query = db.selectFrom('tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId);
  if (filter.categoryId) query = query.where('category_id', '=', filter.categoryId);
  if (filter.archived !== undefined) query = query.where('archived', '=', filter.archived);
  if (filter.q?.trim()) query = query.where(sql`lower(name)`, 'like', containsPattern(filter.q.trim().toLowerCase()));
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export function findTag(db: Db, tenantId: string, id: string) {
  return db.selectFrom('tags').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The tags with these ids, with their category's single-choice flag; ids of other stores are simply absent. */
export function findTags(db: Db, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').innerJoin('tag_categories as category', (join) => join
    .onRef('category.tenant_id', '=', 'tags.tenant_id').onRef('category.id', '=', 'tags.category_id'))
    .select(['tags.id', 'tags.number', 'tags.name', 'tags.archived', 'tags.category_id', 'category.name as category_name',
      'category.single_choice'])
    .where('tags.tenant_id', '=', tenantId).where('tags.id', 'in', ids).execute();
}

/** Every tag with its category, for an export's "Category: Tag" column and an import's lookups. */
export function listAllTags(db: Db, tenantId: string) {
  return db.selectFrom('tags').innerJoin('tag_categories as category', (join) => join
    .onRef('category.tenant_id', '=', 'tags.tenant_id').onRef('category.id', '=', 'tags.category_id'))
    .select(['tags.id', 'tags.number', 'tags.name', 'tags.archived', 'tags.category_id', 'category.name as category_name',
      'category.single_choice', 'category.sort_order as category_sort_order'])
    .where('tags.tenant_id', '=', tenantId).execute();
}

export function findTagByName(db: Db, tenantId: string, categoryId: string, name: string) {
  return db.selectFrom('tags').selectAll().where('tenant_id', '=', tenantId).where('category_id', '=', categoryId)
    .where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export function tagIdsOfCategory(db: Db, tenantId: string, categoryId: string) {
  return db.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where('category_id', '=', categoryId).execute();
}

export function insertTag(db: Db, tag: Insertable<TagsTable>) {
  return db.insertInto('tags').values(tag).returning('id').executeTakeFirstOrThrow();
}

export function updateTag(db: Db, tenantId: string, id: string, changes: Updateable<TagsTable>) {
  return db.updateTable('tags').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function deleteTag(tx: Tx, tenantId: string, id: string) {
  return tx.deleteFrom('tags').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A customer's tags with who assigned each, by category order then name. */
export function listCustomerTags(db: Db, tenantId: string, customerId: string) {
  return db.selectFrom('customer_tags')
    .innerJoin('tags', (join) => join.onRef('tags.tenant_id', '=', 'customer_tags.tenant_id').onRef('tags.id', '=', 'customer_tags.tag_id'))
    .innerJoin('tag_categories as category', (join) => join
      .onRef('category.tenant_id', '=', 'tags.tenant_id').onRef('category.id', '=', 'tags.category_id'))
    .select(['customer_tags.tag_id', 'tags.name', 'tags.category_id', 'category.name as category_name', 'tags.colour', 'tags.archived',
      'customer_tags.assigned_by_kind', 'customer_tags.assigned_by_id', 'customer_tags.assigned_at'])
    .where('customer_tags.tenant_id', '=', tenantId).where('customer_tags.customer_id', '=', customerId)
    .orderBy('category.sort_order').orderBy(sql`lower(category.name)`).orderBy(sql`lower(tags.name)`).execute();
}

export function tagIdsOfCustomer(db: Db, tenantId: string, customerId: string) {
  return db.selectFrom('customer_tags').select('tag_id').where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).execute();
}

export interface TagChanges {
  /** The customers to change: a query whose one column is the customer id. */
  customers: Expression<unknown>;
  add: readonly string[];
  remove: readonly string[];
  actor: Actor;
}

/**
 * The one statement that gives and takes tags. Every customer selected gets `add` and loses `remove`; in the
 * same statement the tags' customer counts, their bits (customer_tag_bits) and each changed customer's tag_numbers
 * copy, version and updated_at follow, so no path can leave them out of step. `add` and `remove` must not share a
 * tag (so a block of a tag's bits only gains or only loses in one statement).
 */
export async function changeCustomerTags(tx: Tx, tenantId: string, changes: TagChanges) {
  const add = sql`${sql.val([...changes.add])}::uuid[]`;
  const remove = sql`${sql.val([...changes.remove])}::uuid[]`;
  const actorId = changes.actor.kind === 'system' ? null : changes.actor.id;
  const result = await sql<{ matched: number; changed: number; added: number; removed: number }>`
    with selected as (${changes.customers}),
    targets as (select distinct selected.id from selected),
    removed as (
      delete from customer_tags ct using targets
      where ct.tenant_id = ${tenantId} and ct.customer_id = targets.id and ct.tag_id = any(${remove})
      returning ct.customer_id, ct.tag_id),
    added as (
      insert into customer_tags (tenant_id, customer_id, tag_id, assigned_by_kind, assigned_by_id)
      select ${tenantId}::uuid, targets.id, tag_id, ${changes.actor.kind}, ${actorId}::uuid
      from targets cross join unnest(${add}) as tag_id
      on conflict do nothing
      returning customer_id, tag_id),
    changes as (
      select customer_id, tag_id, 1 as delta from added
      union all select customer_id, tag_id, -1 from removed),
    counted as (
      update tags set customers = tags.customers + totals.delta
      from (select tag_id, sum(delta) as delta from changes group by tag_id) totals
      where tags.tenant_id = ${tenantId} and tags.id = totals.tag_id),
    per_customer as (
      select changes.customer_id,
        coalesce(array_agg(tags.number) filter (where changes.delta = 1), '{}') as adds,
        coalesce(array_agg(tags.number) filter (where changes.delta = -1), '{}') as removes
      from changes join tags on tags.tenant_id = ${tenantId} and tags.id = changes.tag_id
      group by changes.customer_id),
    bit_changes as (
      select tags.number as tag_number, customers.number / 8192 as block,
        bit_or(B'1'::bit(8192) >> (customers.number % 8192)) filter (where changes.delta = 1) as adds,
        bit_or(B'1'::bit(8192) >> (customers.number % 8192)) filter (where changes.delta = -1) as removes
      from changes
      join tags on tags.tenant_id = ${tenantId} and tags.id = changes.tag_id
      join customers on customers.tenant_id = ${tenantId} and customers.id = changes.customer_id
      group by 1, 2),
    bits_added as (
      insert into customer_tag_bits (tenant_id, tag_number, block, bits)
      select ${tenantId}::uuid, tag_number, block, adds from bit_changes where adds is not null
      on conflict (tenant_id, tag_number, block) do update set bits = customer_tag_bits.bits | excluded.bits),
    bits_removed as (
      update customer_tag_bits set bits = customer_tag_bits.bits & ~bit_changes.removes
      from bit_changes
      where customer_tag_bits.tenant_id = ${tenantId} and customer_tag_bits.tag_number = bit_changes.tag_number
        and customer_tag_bits.block = bit_changes.block and bit_changes.removes is not null),
    updated as (
      update customers set
        tag_numbers = array(select distinct n from unnest(customers.tag_numbers || per_customer.adds) as n
          where n <> all(per_customer.removes) order by n),
        version = customers.version + 1, updated_at = now()
      from per_customer
      where customers.tenant_id = ${tenantId} and customers.id = per_customer.customer_id
      returning 1)
    select (select count(*) from targets)::int as matched, (select count(*) from updated)::int as changed,
      (select count(*) from added)::int as added, (select count(*) from removed)::int as removed`.execute(tx);
  return result.rows[0]!;
}

/** Customers who carry the tag, as a query `changeCustomerTags` takes. */
export function customersWithTag(db: Db, tenantId: string, tagId: string) {
  return db.selectFrom('customer_tags').select('customer_id as id').where('tenant_id', '=', tenantId).where('tag_id', '=', tagId);
}

/** Customers who carry any of the tags. */
export function customersWithAnyTag(db: Db, tenantId: string, tagIds: readonly string[]) {
  return db.selectFrom('customer_tags').select('customer_id as id').where('tenant_id', '=', tenantId)
    .where('tag_id', '=', sql<string>`any(${sql.val([...tagIds])}::uuid[])`);
}

/** How many customers carry `tagId` and also one of `others`. */
export async function countCustomersWithTagAndAnyOf(db: Db, tenantId: string, tagId: string, others: readonly string[]): Promise<number> {
  const row = await db.selectFrom('customer_tags as mine').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mine.tenant_id', '=', tenantId).where('mine.tag_id', '=', tagId)
    .where((eb) => eb.exists(eb.selectFrom('customer_tags as theirs').select('theirs.tag_id')
      .whereRef('theirs.tenant_id', '=', 'mine.tenant_id').whereRef('theirs.customer_id', '=', 'mine.customer_id')
      .where('theirs.tag_id', '=', sql<string>`any(${sql.val([...others])}::uuid[])`)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** These customers of the store, as a query `changeCustomerTags` takes; unknown ids select nothing. */
export function customersWithIds(db: Db, tenantId: string, ids: readonly string[]) {
  return db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId)
    .where('id', '=', sql<string>`any(${sql.val([...ids])}::uuid[])`);
}

/** Saved searches name tags by id: a merge points them at the tag that stays. */
export function replaceTagInSavedSearches(tx: Tx, tenantId: string, fromId: string, toId: string) {
  return sql`
    update saved_searches set search = search || (
      select coalesce(jsonb_object_agg(key, (
        select coalesce(jsonb_agg(distinct case when value #>> '{}' = ${fromId} then to_jsonb(${toId}::text) else value end), '[]'::jsonb)
        from jsonb_array_elements(list))), '{}'::jsonb)
      from jsonb_each(search) as entry(key, list)
      where key in ('all', 'any', 'none') and jsonb_typeof(list) = 'array'),
      updated_at = now()
    where tenant_id = ${tenantId} and (search -> 'all' ? ${fromId} or search -> 'any' ? ${fromId} or search -> 'none' ? ${fromId})`.execute(tx);
}
