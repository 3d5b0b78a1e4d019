import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import type { Ctx } from '../access/context.ts';
import * as queries from './queries.ts';
import type { TagCondition } from './schema.ts';

/** A tag condition with its tag ids checked and turned into the numbers customers.tag_numbers holds. */
export interface ResolvedTagCondition {
  all: number[];
  any: number[];
  none: number[];
}

const PARTS = ['all', 'any', 'none'] as const;

/**
 * Checks that every tag of the condition is the store's, answering 422 with the pointer of each unknown one
 * (`pointer` is where the condition sits in the request, '' when its lists are top-level members).
 */
export async function resolveTagCondition(ctx: Ctx, condition: TagCondition, pointer = ''): Promise<ResolvedTagCondition | undefined> {
  const ids = PARTS.flatMap((part) => condition[part] ?? []);
  if (ids.length === 0) return undefined;
  const numbers = new Map((await queries.findTags(ctx.db, ctx.tenantId, [...new Set(ids)])).map((tag) => [tag.id, tag.number]));
  const errors: FieldError[] = [];
  const resolved: ResolvedTagCondition = { all: [], any: [], none: [] };
  for (const part of PARTS) {
    (condition[part] ?? []).forEach((id, i) => {
      const number = numbers.get(id);
      if (number === undefined) errors.push({ field: `${pointer}/${part}/${i}`, code: 'tag.unknown', message: `No tag with id ${id} in this store.` });
      else resolved[part].push(number);
    });
  }
  if (errors.length > 0) {
    throw new ClienteleError('unprocessable', 'tag.unknown', errors.length === 1 ? errors[0]!.message : `${errors.length} tags are unknown.`, {
      field: errors[0]!.field, errors,
    });
  }
  return resolved;
}

/**
 * The condition as SQL on a customers row, for any module's queries: AND is containment, OR is overlap, NONE
 * is no overlap, all on the GIN-indexed tag_numbers, so each reads the index (NONE reads the rows it keeps).
 */
export function customerMatches(condition: ResolvedTagCondition, tagNumbers = sql.ref('customers.tag_numbers')): Expression<SqlBool> {
  const parts = [];
  if (condition.all.length > 0) parts.push(sql`${tagNumbers} @> ${sql.val(condition.all)}::int[]`);
  if (condition.any.length > 0) parts.push(sql`${tagNumbers} && ${sql.val(condition.any)}::int[]`);
  if (condition.none.length > 0) parts.push(sql`not (${tagNumbers} && ${sql.val(condition.none)}::int[])`);
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/**
 * How many of the store's customers meet the condition, counted from the tags' bits (customer_tag_bits, migration
 * 20261202T0900_tag_bits): per block of 8,192 customers, AND is bit_and of the block's bit strings, OR is bit_or,
 * NONE takes away the bits of its tags, and the count is bit_count. A few KiB per tag are read however many
 * customers match; through tag_numbers, a broad condition's count examined every customer of the store.
 * `storeCustomers` answers how many customers the store has; it is asked only when the condition is NONE alone.
 */
export async function countMatchingCustomers(db: Db, tenantId: string, condition: ResolvedTagCondition, storeCustomers: () => Promise<number>): Promise<number> {
  const all = [...new Set(condition.all)];
  const any = [...new Set(condition.any)];
  const none = [...new Set(condition.none)];
  const zero = sql`B'0'::bit(8192)`;
  // A block counts only where it holds every AND tag (a tag with no customer there has no row) and some OR tag.
  const kept = [];
  const where = [];
  if (all.length > 0) {
    kept.push(sql`all_bits`);
    where.push(sql`all_found = ${all.length}`);
  }
  if (any.length > 0) {
    kept.push(sql`any_bits`);
    where.push(sql`any_bits is not null`);
  }
  const positive = kept.length > 0 ? sql.join(kept, sql` & `) : sql`none_bits`;
  const counted = kept.length > 0 && none.length > 0 ? sql`${positive} & ~coalesce(none_bits, ${zero})` : positive;
  const { rows } = await sql<{ n: string | null }>`
    select sum(bit_count(${counted})) as n
    from (
      select
        bit_and(bits) filter (where tag_number = any(${sql.val(all)}::int[])) as all_bits,
        count(*) filter (where tag_number = any(${sql.val(all)}::int[])) as all_found,
        bit_or(bits) filter (where tag_number = any(${sql.val(any)}::int[])) as any_bits,
        bit_or(bits) filter (where tag_number = any(${sql.val(none)}::int[])) as none_bits
      from customer_tag_bits
      where tenant_id = ${tenantId} and tag_number = any(${sql.val([...all, ...any, ...none])}::int[])
      group by block) blocks
    where ${where.length > 0 ? sql.join(where, sql` and `) : sql`true`}`.execute(db);
  const matched = Number(rows[0]?.n ?? 0);
  return kept.length > 0 ? matched : (await storeCustomers()) - matched;
}
