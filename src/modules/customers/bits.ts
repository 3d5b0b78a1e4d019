import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { type BitRow, tagBitRows } from '../tags/condition.ts';
import type { CustomerFilter } from './queries.ts';

// A search answered from bits. Each customer has a number in its store (customers.number), and for each block of
// BLOCK numbers the tags (customer_tag_bits) and the facets (customer_facet_bits: type, country, month of creation)
// keep a bit string of their customers. A search of tags, type, country and whole months of creation is then a few
// & and | per block: its total is bit_count, and when it is small its customers' numbers are read off the bits.

/** Customers per block: the bits' type is bit(8192), so changing it is a migration (20261202T0900_tag_bits). */
const BLOCK = 8192;

/** A customer's facets, as customer_facet_bits names them: 'type:business', 'country:FR', 'created:2024-03'. */
const FACETS_OF = (customers: RawBuilder<unknown>) => sql`(values ('type:' || ${customers}.type), ('country:' || ${customers}.country),
  ('created:' || to_char(${customers}.created_at at time zone 'UTC', 'YYYY-MM'))) as facets (facet)`;

/**
 * Sets the facet bits of the store's customers whose numbers are `first` to `last`, just inserted (a single customer,
 * an import's thousands); one statement.
 */
export async function addFacets(tx: Tx, tenantId: string, first: number, last: number): Promise<void> {
  await sql`
    insert into customer_facet_bits (tenant_id, facet, block, bits)
    select ${tenantId}::uuid, facets.facet, customers.number / ${BLOCK}, bit_or(B'1'::bit(8192) >> (customers.number % ${BLOCK}))
    from customers cross join lateral ${FACETS_OF(sql`customers`)}
    where customers.tenant_id = ${tenantId} and customers.number between ${first} and ${last} and facets.facet is not null
    group by 1, 2, 3
    on conflict (tenant_id, facet, block) do update set bits = customer_facet_bits.bits | excluded.bits`.execute(tx);
}

/** A customer as its facets see it. */
export interface FacetedCustomer { number: number; type: string; country: string | null; created_at: Date }

/**
 * Moves a customer's bits from the facets of `before` to those of `after` (a change of type or country), or clears
 * them (`after` undefined: a deletion). Only the facets that differ are touched.
 */
export async function moveFacets(tx: Tx, tenantId: string, before: FacetedCustomer, after?: FacetedCustomer): Promise<void> {
  const facets = (customer: FacetedCustomer) => [`type:${customer.type}`, ...(customer.country ? [`country:${customer.country}`] : []),
    `created:${customer.created_at.toISOString().slice(0, 7)}`];
  const old = facets(before);
  const now = after ? facets(after) : [];
  const cleared = old.filter((facet) => !now.includes(facet));
  const set = now.filter((facet) => !old.includes(facet));
  const bit = (number: number) => sql`(B'1'::bit(8192) >> ${number % BLOCK})`;
  if (cleared.length > 0) {
    await sql`update customer_facet_bits set bits = bits & ~${bit(before.number)}
      where tenant_id = ${tenantId} and facet = any(${sql.val(cleared)}::text[]) and block = ${Math.floor(before.number / BLOCK)}`.execute(tx);
  }
  if (after && set.length > 0) {
    await sql`insert into customer_facet_bits (tenant_id, facet, block, bits)
      select ${tenantId}::uuid, facet, ${Math.floor(after.number / BLOCK)}, ${bit(after.number)} from unnest(${sql.val(set)}::text[]) as facet
      on conflict (tenant_id, facet, block) do update set bits = customer_facet_bits.bits | excluded.bits`.execute(tx);
  }
}

/** The first of a month ('2024-03') when `at` is one at midnight UTC; undefined otherwise. */
function wholeMonth(at: string): string | undefined {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return undefined;
  const month = date.toISOString().slice(0, 7);
  return date.getTime() === Date.parse(`${month}-01T00:00:00Z`) ? month : undefined;
}

/**
 * Whether the bits answer the filter: a tag condition or a created range, besides type and country, and no text,
 * VIP or group (kept elsewhere); a created range must run from and to the first of a month (UTC), as the month
 * facets do. Other searches are counted and paged from the customers table.
 */
export function answeredByBits(filter: CustomerFilter): boolean {
  if (filter.q?.trim() || filter.vip !== undefined || filter.groupId) return false;
  if (!filter.tags && !filter.createdFrom && !filter.createdTo) return false;
  return (!filter.createdFrom || wholeMonth(filter.createdFrom) !== undefined) && (!filter.createdTo || wholeMonth(filter.createdTo) !== undefined);
}

/**
 * What walking one customer of the sort's index costs against reading one match by its number. A walk for a page
 * reads about slice x page / matches customers, where the slice is what the walked index range holds (the store, or
 * one country through the country index); reading by number reads one index entry per match. So a page reads its
 * matches by number when there are fewer than sqrt(slice x page x WALK_COST), and walks otherwise. Measured at 1M
 * customers on the server (BENCHMARKS.md, tag search, eleventh pass): store-wide, the two met near 1,240 matches with
 * the cache cold (0.03) and near 2,000 warm (0.08); in France (110,000 customers, walked in name order through the
 * country index), 1,612 matches walked in 15 ms against 25 by number. At 1M customers and a page of 51 this reads up
 * to about 1,430 matches by number store-wide, about 470 in France.
 */
const WALK_COST = 0.04;

/**
 * With a sort that no index walks (code, country, type), a page reads its matches by number up to this many; more,
 * it sorts every match read from its row, which costs at least as much a match.
 */
const UNWALKED_BY_NUMBER = 3_000;

/**
 * How the planner reads a search answered from bits: its bits statement and its page, in one transaction
 * (withPlannerSettings, db/database.ts).
 * - No parallel workers. The bits statement reads about a thousand rows in 2-5 ms, but its aggregates of 1 KiB bit
 *   strings are costed high enough that the planner handed a created range's rows to two workers, whose start took
 *   35-50 ms on a 2-core server (BENCHMARKS.md, tag search, eleventh pass).
 * - No bitmap scans. Misled by its estimate of a tag condition (350 where 3,152 matched), the planner would read
 *   every match of a walked page through the GIN index (15 ms at 1M customers) where the walk takes 2-5 ms.
 */
export const BITS_PLANNER = { max_parallel_workers_per_gather: '0', enable_bitmapscan: 'off' } as const;

/** What the bits say of a search: its total, and its customers' numbers when they are few enough to read by number (WALK_COST). */
export interface BitMatches {
  total: number;
  numbers?: number[];
}

/**
 * The customers the filter matches (answeredByBits must hold), from bits, in one statement and one pass over the
 * rows: per block, the AND of what a match must have (each AND tag, some OR tag, the type and the country, some month
 * of the range) less the NONE tags; a NONE-only condition keeps every customer of the store (its two types). The
 * numbers come back when a page of `page` rows reads them faster than a walk of `walked` (WALK_COST; walkedSlice in
 * queries.ts), as each block's bits in binary (varbit_send); the slice is counted from customer_tallies in the same
 * statement.
 */
export async function matchBits(db: Db, tenantId: string, filter: CustomerFilter, page: number, walked: 'store' | 'country' | undefined): Promise<BitMatches> {
  const tags = filter.tags ? tagBitRows(tenantId, filter.tags) : { rows: [], allTags: 0 };
  const rows: RawBuilder<BitRow>[] = [...tags.rows];
  const facetRows = (kind: BitRow['kind'], where: RawBuilder<unknown>) =>
    rows.push(sql<BitRow>`select block, ${kind}::text as kind, bits from customer_facet_bits where tenant_id = ${tenantId} and ${where}`);
  // One row per block for each of type and country: a match has the bits of every one.
  const facets = [...(filter.type ? [`type:${filter.type}`] : []), ...(filter.country ? [`country:${filter.country}`] : [])];
  if (facets.length > 0) facetRows('facet', sql`facet = any(${sql.val(facets)}::text[])`);
  const created = Boolean(filter.createdFrom || filter.createdTo);
  if (created) {
    // Months as text sort as they follow each other: 'created:2024-01' to, not including, 'created:2024-07'.
    const from = filter.createdFrom ? `created:${wholeMonth(filter.createdFrom)}` : 'created:';
    const to = filter.createdTo ? `created:${wholeMonth(filter.createdTo)}` : 'created;';
    facetRows('created', sql`facet >= ${from} and facet < ${to}`);
  }
  const positive = tags.allTags > 0 || Boolean(filter.tags?.any.length) || facets.length > 0 || created;
  if (!positive) facetRows('everyone', sql`facet in ('type:consumer', 'type:business')`);

  // Per block, in one pass: the parts a match must have (present in the block, or it matches none), and-ed.
  const kept = [];
  const where = [];
  if (tags.allTags > 0) {
    kept.push(sql`bit_and(bits) filter (where kind = 'all')`);
    where.push(sql`count(*) filter (where kind = 'all') = ${tags.allTags}`);
  }
  if (facets.length > 0) {
    kept.push(sql`bit_and(bits) filter (where kind = 'facet')`);
    where.push(sql`count(*) filter (where kind = 'facet') = ${facets.length}`);
  }
  const someOf = (kind: BitRow['kind']) => {
    kept.push(sql`bit_or(bits) filter (where kind = ${kind})`);
    where.push(sql`bool_or(kind = ${kind})`);
  };
  if (filter.tags?.any.length) someOf('any');
  if (created) someOf('created');
  if (!positive) someOf('everyone');
  const matched = filter.tags?.none.length
    ? sql`${sql.join(kept, sql` & `)} & ~coalesce(bit_or(bits) filter (where kind = 'none'), B'0'::bit(8192))`
    : sql.join(kept, sql` & `);
  const slice = sql`(select coalesce(sum(customers), 0) from customer_tallies where tenant_id = ${tenantId}
    ${walked === 'country' ? sql`and country = ${filter.country}` : sql``})`;
  const byNumberUpTo = walked ? sql`sqrt(${slice} * ${page}::float8 * ${WALK_COST}::float8)` : sql`${UNWALKED_BY_NUMBER}`;
  const { rows: blocks } = await sql<{ block: number; n: number; bytes: Uint8Array | null }>`
    with matched as (
      select block, ${matched} as bits from (${sql.join(rows, sql` union all `)}) as term_rows
      group by block having ${sql.join(where, sql` and `)}),
    counted as (select block, bits, bit_count(bits)::int as n from matched)
    select block, n, case when sum(n) over () <= ${byNumberUpTo} then varbit_send(bits) end as bytes
    from counted where n > 0`.execute(db);
  const total = blocks.reduce((sum, block) => sum + Number(block.n), 0);
  // The window gives every row the same answer: no bits on the first, a walk.
  if (blocks.length > 0 && blocks[0]!.bytes === null) return { total };
  const numbers: number[] = [];
  for (const { block, bytes } of blocks) {
    // varbit_send: a 4-byte bit length, then the bits, the first one the highest of its byte.
    for (let i = 4; i < bytes!.length; i++) {
      const byte = bytes![i]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) numbers.push(block * BLOCK + (i - 4) * 8 + bit);
    }
  }
  return { total, numbers };
}
