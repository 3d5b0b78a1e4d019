import type { Expression } from 'kysely';
import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import * as queries from './queries.ts';
import type { CustomerTag } from './schema.ts';

type KnownTag = Awaited<ReturnType<typeof queries.findTags>>[number];

/** A customer's tags with who assigned each and when. */
export async function listCustomerTags(ctx: Ctx, customerId: string): Promise<CustomerTag[]> {
  requireRight(ctx, 'view_customers');
  const rows = await queries.listCustomerTags(ctx.db, ctx.tenantId, customerId);
  return rows.map((row) => ({
    tag_id: row.tag_id, name: row.name, category_id: row.category_id, category_name: row.category_name, colour: row.colour,
    archived: row.archived, assigned_by: { kind: row.assigned_by_kind, id: row.assigned_by_id }, assigned_at: row.assigned_at.toISOString(),
  }));
}

/**
 * Makes `tagIds` the customer's tags (the customer must exist in the store). Tags it already carries keep
 * who assigned them and when; an archived tag may stay but not be added; one tag per single-choice category.
 */
export async function setCustomerTags(tx: TxCtx, customerId: string, tagIds: readonly string[], pointer = '/tag_ids'): Promise<void> {
  requireRight(tx, 'assign_customer_tags');
  const current = new Set((await queries.tagIdsOfCustomer(tx.db, tx.tenantId, customerId)).map((row) => row.tag_id));
  const tags = await knownTags(tx, tagIds, pointer);
  const errors: FieldError[] = [];
  tagIds.forEach((id, i) => {
    const tag = tags.get(id)!;
    if (tag.archived && !current.has(id)) errors.push(archivedError(tag, `${pointer}/${i}`));
  });
  errors.push(...singleChoiceErrors(tagIds, tags, pointer));
  if (errors.length > 0) throw unprocessable(errors);
  const add = tagIds.filter((id) => !current.has(id));
  const remove = [...current].filter((id) => !tagIds.includes(id));
  if (add.length === 0 && remove.length === 0) return;
  await queries.changeCustomerTags(tx.db, tx.tenantId, {
    customers: queries.customersWithIds(tx.db, tx.tenantId, [customerId]), add, remove, actor: tx.actor,
  });
}

/** Takes every tag off the customer, so the tags' counts stay right when the customer is deleted. */
export async function removeAllCustomerTags(tx: TxCtx, customerId: string): Promise<void> {
  const current = (await queries.tagIdsOfCustomer(tx.db, tx.tenantId, customerId)).map((row) => row.tag_id);
  if (current.length === 0) return;
  await queries.changeCustomerTags(tx.db, tx.tenantId, {
    customers: queries.customersWithIds(tx.db, tx.tenantId, [customerId]), add: [], remove: current, actor: tx.actor,
  });
}

/**
 * Gives `add` to and takes `remove` from every customer `customers` selects (a query of customer ids), in one
 * transaction. A tag of a single-choice category replaces the customer's other tag of that category.
 */
export async function changeTagsOfCustomers(
  ctx: Ctx, customers: readonly string[] | ((ctx: TxCtx) => Expression<unknown>), add: readonly string[], remove: readonly string[],
): Promise<{ matched: number; changed: number; replaced: number; added: number }> {
  requireRight(ctx, 'assign_customer_tags');
  return inTransaction(ctx, async (tx) => {
    const tags = await knownTags(tx, [...add, ...remove], '', (i) => (i < add.length ? `/add/${i}` : `/remove/${i - add.length}`));
    const errors: FieldError[] = [];
    add.forEach((id, i) => {
      if (tags.get(id)!.archived) errors.push(archivedError(tags.get(id)!, `/add/${i}`));
      if (remove.includes(id)) errors.push({ field: `/add/${i}`, code: 'tag.add_and_remove', message: 'A tag cannot be both added and removed.' });
    });
    errors.push(...singleChoiceErrors(add, tags, '/add'));
    if (errors.length > 0) throw unprocessable(errors);
    // The customer's other tag of a single-choice category goes when the new one comes.
    const replaced = new Set<string>();
    for (const id of add) {
      const tag = tags.get(id)!;
      if (!tag.single_choice) continue;
      for (const other of await queries.tagIdsOfCategory(tx.db, tx.tenantId, tag.category_id)) if (other.id !== id) replaced.add(other.id);
    }
    const result = await queries.changeCustomerTags(tx.db, tx.tenantId, {
      customers: typeof customers === 'function' ? customers(tx) : queries.customersWithIds(tx.db, tx.tenantId, customers),
      add, remove: [...new Set([...remove, ...replaced])], actor: tx.actor,
    });
    return { matched: result.matched, changed: result.changed, replaced: result.removed, added: result.added };
  });
}

async function knownTags(ctx: Ctx, ids: readonly string[], pointer: string, fieldOf = (i: number) => `${pointer}/${i}`) {
  const tags = new Map((await queries.findTags(ctx.db, ctx.tenantId, [...new Set(ids)])).map((tag) => [tag.id, tag]));
  const errors = ids.flatMap((id, i) => (tags.has(id) ? [] : [{ field: fieldOf(i), code: 'tag.unknown', message: `No tag with id ${id} in this store.` }]));
  if (errors.length > 0) throw unprocessable(errors);
  return tags;
}

function singleChoiceErrors(ids: readonly string[], tags: Map<string, KnownTag>, pointer: string): FieldError[] {
  const seen = new Map<string, string>();
  return ids.flatMap((id, i) => {
    const tag = tags.get(id)!;
    if (!tag.single_choice) return [];
    const first = seen.get(tag.category_id);
    seen.set(tag.category_id, tag.name);
    return first === undefined ? [] : [{
      field: `${pointer}/${i}`, code: 'tag.single_choice_conflict',
      message: `"${tag.category_name}" allows one tag per customer: "${first}" and "${tag.name}" were both given.`,
    }];
  });
}

function archivedError(tag: KnownTag, field: string): FieldError {
  return { field, code: 'tag.archived', message: `The tag "${tag.name}" is archived: it stays where it is but cannot be given to more customers.` };
}

function unprocessable(errors: FieldError[]): ClienteleError {
  const first = errors[0]!;
  return new ClienteleError('unprocessable', first.code, errors.length === 1 ? first.message : `${errors.length} tags cannot be used.`, {
    field: first.field, errors,
  });
}

/** Every tag of the store with its category's name and single-choice flag. */
export function listTagsWithCategories(ctx: Ctx) {
  requireRight(ctx, 'view_customers');
  return queries.listAllTags(ctx.db, ctx.tenantId);
}

/** "Category: Tag" for every tag of the store, by number: how an export names a customer's tags. */
export async function tagLabels(ctx: Ctx): Promise<Map<number, string>> {
  const tags = await listTagsWithCategories(ctx);
  return new Map(tags.map((tag) => [tag.number, `${tag.category_name}: ${tag.name}`]));
}

/**
 * Checks tags given to something other than a customer (a group): each must be the store's, an archived one
 * only where `current` already has it. 422 with the pointer of each that cannot be used.
 */
export async function checkAssignableTags(ctx: Ctx, tagIds: readonly string[], current: ReadonlySet<string>, pointer = '/tag_ids'): Promise<void> {
  const tags = await knownTags(ctx, tagIds, pointer);
  const errors = tagIds.flatMap((id, i) => {
    const tag = tags.get(id)!;
    return tag.archived && !current.has(id) ? [archivedError(tag, `${pointer}/${i}`)] : [];
  });
  if (errors.length > 0) throw unprocessable(errors);
}
