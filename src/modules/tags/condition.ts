import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
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
 * The condition as rows of tag bits for a count or a page read from bits (customers/bits.ts): (block, kind, bits)
 * from customer_tag_bits (migration 20261202T0900_tag_bits), kind 'all', 'any' or 'none' as the tag's part. Per
 * block a match has the bits of all `all` rows (a block holds a row only for the tags some of its customers
 * carry, so one short of `allTags` rows matches none), of some `any` row, and of no `none` row.
 */
export function tagBitRows(tenantId: string, condition: ResolvedTagCondition): { rows: RawBuilder<BitRow>[]; allTags: number } {
  const all = [...new Set(condition.all)];
  const any = [...new Set(condition.any)];
  const none = [...new Set(condition.none)];
  const rows = (kind: BitRow['kind'], numbers: number[]) => sql<BitRow>`select block, ${kind}::text as kind, bits from customer_tag_bits
    where tenant_id = ${tenantId} and tag_number = any(${sql.val(numbers)}::int[])`;
  return {
    rows: [...(all.length > 0 ? [rows('all', all)] : []), ...(any.length > 0 ? [rows('any', any)] : []), ...(none.length > 0 ? [rows('none', none)] : [])],
    allTags: all.length,
  };
}

/** One block of bits, and what it stands for in a search: a tag's part, or a facet of the customers (customers/bits.ts). */
export interface BitRow { block: number; kind: 'all' | 'any' | 'none' | 'facet' | 'created' | 'everyone'; bits: string }
