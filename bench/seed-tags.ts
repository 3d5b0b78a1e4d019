// The seeded tags of the main store: 200 tags in 10 categories, each customer carrying 0-8 of them, skewed as real
// tags are (a Zipf-like head of tags on many customers and a long tail on few), and correlated with the country
// where it makes sense (a "Market" tag per country). Written straight with SQL, in a few set statements, from the
// generated customers' own ids: which tags a customer carries is a hash of its id, so the same on every database
// and every run. Idempotent: reused when the store holds exactly the tags recorded in bench/data/<size>/<kind>-tags.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import type { Dataset } from './generate.ts';
import { BENCH_DIR, shuffled } from './harness.ts';
import { COUNTRIES } from './names.ts';

/** Bump when the tag data changes, so cached stores are seeded again. */
const TAG_SEED_VERSION = 2;
const HASH_SEED = 20261123;
/** Slots of the Zipf wheel: a tag of weight w takes about w / total of them (the tail gets at least one). */
const WHEEL = 20_000;
const ZIPF_EXPONENT = 1;
/** Share of a country's customers whose first tag is their country's "Market" tag. */
const MARKET_SHARE = 0.35;
/** How many tags a customer carries: P(k) for k = 0..8 (mean 2.26). */
const TAGS_PER_CUSTOMER = [0.25, 0.2, 0.17, 0.13, 0.09, 0.06, 0.05, 0.03, 0.02];

const CATEGORIES: { name: string; tags: string[] }[] = [
  { name: 'Loyalty', tags: ['VIP', 'Gold', 'Silver', 'Bronze', 'Ambassador', 'Founding member', 'Staff', 'Friends and family', 'Card holder', 'App user', 'Points collector', 'Reviewer', 'Referrer', 'Birthday club', 'Early access', 'Press', 'Influencer', 'Partner', 'Lapsed member', 'Student'] },
  { name: 'Interests', tags: ['Knitting', 'Gardening', 'Cooking', 'Baking', 'Wine', 'Cycling', 'Running', 'Hiking', 'Camping', 'Fishing', 'Photography', 'Painting', 'Reading', 'Board games', 'Pets', 'Home decor', 'Fashion', 'Tech', 'Music', 'Travel'] },
  { name: 'Channel', tags: ['Online', 'In store', 'Marketplace', 'Phone order', 'Click and collect', 'Wholesale portal', 'Pop-up', 'Trade show', 'Catalogue', 'Social shop', 'Kiosk', 'Mobile app', 'Email order', 'Market stall', 'Franchise', 'Outlet', 'Concession', 'Drop-ship', 'B2B EDI', 'Subscription box'] },
  { name: 'Market', tags: [...COUNTRIES.map((c) => `Market ${c.code}`), 'Cross-border', 'Expat', 'Tourist', 'Duty free', 'EU VAT', 'Non-EU', 'Islands', 'Rural', 'Urban', 'Coastal', 'Capital city', 'Overseas territory'].slice(0, 20) },
  { name: 'Consent', tags: ['Newsletter', 'SMS', 'Post', 'Phone calls', 'Partners', 'Profiling', 'Surveys', 'Events invites', 'Product news', 'Sales alerts', 'Back in stock', 'Price drop', 'Weekly digest', 'Monthly digest', 'Catalogue by post', 'WhatsApp', 'Push', 'Loyalty news', 'Recipes', 'Tips'] },
  { name: 'Lifecycle', tags: ['New', 'Active', 'Repeat', 'Loyal', 'At risk', 'Lapsed', 'Won back', 'Churned', 'One-off', 'Seasonal', 'Big spender', 'Bargain hunter', 'Returns a lot', 'First order pending', 'Cart abandoner', 'Gift buyer', 'Bulk buyer', 'Sleeping', 'Reactivated', 'Prospect'] },
  { name: 'Payment', tags: ['Card', 'Invoice', 'Direct debit', 'PayPal', 'Bank transfer', 'Cash', 'Gift card', 'Store credit', 'Instalments', 'Credit hold', 'Pro forma', 'Cheque', 'Apple Pay', 'Google Pay', 'Klarna', 'Net 30 approved', 'Net 60 approved', 'Deposit required', 'Tax exempt', 'Late payer'] },
  { name: 'Trade', tags: ['Retailer', 'Wholesaler', 'Café owner', 'Restaurant', 'Hotel', 'School', 'Charity', 'Council', 'Hospital', 'Architect', 'Designer', 'Builder', 'Reseller', 'Distributor', 'Corporate gifts', 'Event planner', 'Florist', 'Salon', 'Gym', 'Office'] },
  { name: 'Events', tags: ['Spring fair 2025', 'Summer sale 2025', 'Black Friday 2025', 'Christmas 2025', 'Workshop', 'Tasting', 'Book signing', 'Launch night', 'Webinar', 'Open day', 'Charity run', 'Masterclass', 'Meet the maker', 'Spring fair 2026', 'Summer sale 2026', 'Black Friday 2024', 'Christmas 2024', 'Anniversary', 'Supper club', 'Late opening'] },
  { name: 'Service', tags: ['Complaint open', 'Complaint closed', 'Needs call back', 'Prefers email', 'Prefers phone', 'Large print', 'Accessibility needs', 'Delivery notes', 'Fragile items', 'Weekend delivery', 'Key account', 'Do not contact', 'Fraud check', 'Address issue', 'Warranty', 'Repair', 'Personal shopper', 'Alterations', 'Gift wrap', 'Interpreter'] },
];

export interface SeededTag {
  id: string;
  number: number;
  name: string;
  category: string;
  /** 1 = the most common tag of the Zipf wheel; null for a country's Market tag. */
  rank: number | null;
  /** The country a Market tag follows. */
  country: string | null;
  customers: number;
}

export interface TagManifest {
  version: number;
  tenantId: string;
  seededAt: string;
  seconds: number;
  assignments: number;
  tagged: number;
  tags: SeededTag[];
}

const manifestPath = (dataset: Dataset) => join(BENCH_DIR, 'data', dataset.manifest.size, `${dataset.manifest.kind}-tags.json`);

/** The main store's tags: reused when the database holds what the manifest says, seeded afresh otherwise. */
export async function seedTags(dataset: Dataset): Promise<TagManifest> {
  const path = manifestPath(dataset);
  const tenantId = dataset.manifest.main.id;
  const cached = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as TagManifest : undefined;
  if (cached && cached.version === TAG_SEED_VERSION && cached.tenantId === tenantId && await holds(dataset.connection.db, cached)) return cached;
  console.log(`seeding tags for ${dataset.manifest.size} on ${dataset.manifest.kind}`);
  const manifest = await seed(dataset.connection.db, tenantId);
  writeFileSync(path, JSON.stringify(manifest, null, 1));
  return manifest;
}

async function holds(db: Kysely<Database>, manifest: TagManifest): Promise<boolean> {
  const { rows } = await sql<{ tags: number; assignments: number; tagged: number }>`
    select (select count(*) from tags where tenant_id = ${manifest.tenantId} and id = any(${manifest.tags.map((t) => t.id)}::uuid[]))::int as tags,
      (select count(*) from customer_tags where tenant_id = ${manifest.tenantId})::int as assignments,
      (select count(*) from customers where tenant_id = ${manifest.tenantId} and tag_numbers <> '{}')::int as tagged`.execute(db);
  const row = rows[0]!;
  return row.tags === manifest.tags.length && row.assignments === manifest.assignments && row.tagged === manifest.tagged;
}

async function seed(db: Kysely<Database>, tenantId: string): Promise<TagManifest> {
  const started = performance.now();
  const step = (what: string) => console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // Whatever an earlier seed left: its tags (customer_tags go with them) and the customers' copies of their numbers.
  await sql`delete from tag_categories where tenant_id = ${tenantId}`.execute(db);
  await sql`update customers set tag_numbers = '{}' where tenant_id = ${tenantId} and tag_numbers <> '{}'`.execute(db);

  const categories = await db.insertInto('tag_categories')
    .values(CATEGORIES.map((c, i) => ({ tenant_id: tenantId, name: c.name, sort_order: i, single_choice: false })))
    .returning(['id', 'name']).execute();
  const categoryId = new Map(categories.map((c) => [c.name, c.id]));
  const all = CATEGORIES.flatMap((c) => c.tags.map((name) => ({ category: c.name, name })));
  const inserted: { id: string; number: number; name: string; category_id: string }[] = [];
  for (const tag of all) { // one at a time, so numbers follow this order
    inserted.push(await db.insertInto('tags').values({ tenant_id: tenantId, category_id: categoryId.get(tag.category)!, name: tag.name })
      .returning(['id', 'number', 'name', 'category_id']).executeTakeFirstOrThrow());
  }
  const countryOf = (name: string) => COUNTRIES.find((c) => name === `Market ${c.code}`)?.code ?? null;
  const tags: SeededTag[] = inserted.map((t, i) => ({
    id: t.id, number: t.number, name: t.name, category: all[i]!.category, rank: null, country: all[i]!.category === 'Market' ? countryOf(t.name) : null, customers: 0,
  }));
  // Popularity is spread over the categories: a seeded shuffle of the tags that do not follow a country.
  const ranked = shuffled(tags.filter((t) => !t.country), 11);
  ranked.forEach((t, i) => (t.rank = i + 1));
  const weights = ranked.map((_, i) => 1 / (i + 1) ** ZIPF_EXPONENT);
  const total = weights.reduce((a, b) => a + b, 0);
  const slots = weights.map((w) => Math.max(1, Math.round((w / total) * WHEEL)));
  const wheel = ranked.flatMap((t, i) => Array<number>(slots[i]!).fill(t.number));
  const markets = tags.filter((t) => t.country);
  step('tags');

  // u(label): a uniform number in [0, 1) from the customer's id, the same on every database.
  const u = (label: ReturnType<typeof sql>) => sql`((hashtextextended(c.id::text || ':' || ${label}, ${HASH_SEED}) & 1099511627775)::float8 / 1099511627776)`;
  const thresholds = TAGS_PER_CUSTOMER.slice(0, -1).map((_, k) => TAGS_PER_CUSTOMER.slice(0, k + 1).reduce((a, b) => a + b, 0));
  const tagsPerCustomer = sql.join(thresholds.map((limit, k) => sql`when u < ${sql.lit(Number(limit.toFixed(4)))} then ${sql.lit(k)}`), sql` `);
  const definitions = await dropSecondaryIndexes(db, ['customers', 'customer_tags']);
  await db.connection().execute(async (session) => {
    await sql`set maintenance_work_mem = '256MB'`.execute(session);
    // The rows are valid by construction (ids read from customers and tags): foreign keys are not checked row by row
    // for the load, as pg_restore --disable-triggers does. This session only.
    await sql`set session_replication_role = replica`.execute(session);
    await sql`
      insert into customer_tags (tenant_id, customer_id, tag_id, assigned_by_kind, assigned_by_id, assigned_at)
      select distinct ${tenantId}::uuid, picks.customer_id, tags.id, 'system', null::uuid, picks.created_at
      from (
        select c.id as customer_id, c.created_at,
          case when slot = 1 and market.number is not null and ${u(sql.lit('market'))} < ${sql.lit(MARKET_SHARE)} then market.number
            else wheel.number end as number
        from (select id, created_at, country, case ${tagsPerCustomer} else ${sql.lit(TAGS_PER_CUSTOMER.length - 1)} end as k
              from (select id, created_at, country, ${u(sql.lit('k'))} as u from customers c where tenant_id = ${tenantId}) c0) c
        cross join lateral generate_series(1, c.k) as slot
        left join unnest(${markets.map((t) => t.country)}::text[], ${markets.map((t) => t.number)}::int[]) as market(country, number)
          on market.country = c.country
        join unnest(${wheel}::int[]) with ordinality as wheel(number, position)
          on wheel.position = 1 + floor(${u(sql`slot`)} * ${sql.lit(wheel.length)})::int
      ) picks
      join tags on tags.tenant_id = ${tenantId} and tags.number = picks.number`.execute(session);
    step('customer_tags');
    await sql`set session_replication_role = origin`.execute(session);
    await sql`
      update customers c set tag_numbers = mine.numbers
      from (select ct.customer_id, array_agg(tags.number order by tags.number) as numbers
            from customer_tags ct join tags on tags.tenant_id = ct.tenant_id and tags.id = ct.tag_id
            where ct.tenant_id = ${tenantId} group by ct.customer_id) mine
      where c.tenant_id = ${tenantId} and c.id = mine.customer_id`.execute(session);
    await sql`
      insert into customer_tag_bits (tenant_id, tag_number, block, bits)
      select ${tenantId}::uuid, tags.number, c.number / 8192, bit_or(B'1'::bit(8192) >> (c.number % 8192))
      from customer_tags ct
      join tags on tags.tenant_id = ct.tenant_id and tags.id = ct.tag_id
      join customers c on c.tenant_id = ct.tenant_id and c.id = ct.customer_id
      where ct.tenant_id = ${tenantId}
      group by 1, 2, 3`.execute(session);
    await sql`
      update tags set customers = counted.n
      from (select tag_id, count(*) as n from customer_tags where tenant_id = ${tenantId} group by tag_id) counted
      where tags.tenant_id = ${tenantId} and tags.id = counted.tag_id`.execute(session);
    step('tag_numbers, bits and counts');
    // The UPDATE left a dead copy of most customers; a store tagged over months would have been vacuumed,
    // and a table twice its size would slow the sequential baseline. So the table is rewritten, as it was loaded.
    await sql`vacuum full customers`.execute(session);
    step('vacuum full customers');
    for (const definition of definitions) await session.executeQuery(CompiledQuery.raw(definition));
    step('indexes');
    await sql`vacuum analyze customers`.execute(session);
    await sql`vacuum analyze customer_tags`.execute(session);
    await sql`vacuum analyze tags`.execute(session);
    await sql`vacuum analyze customer_tag_bits`.execute(session);
  });
  const counts = await db.selectFrom('tags').select(['id', 'customers']).where('tenant_id', '=', tenantId).execute();
  const countOf = new Map(counts.map((c) => [c.id, Number(c.customers)]));
  for (const tag of tags) tag.customers = countOf.get(tag.id) ?? 0;
  const { rows } = await sql<{ assignments: number; tagged: number }>`
    select (select count(*) from customer_tags where tenant_id = ${tenantId})::int as assignments,
      (select count(*) from customers where tenant_id = ${tenantId} and tag_numbers <> '{}')::int as tagged`.execute(db);
  step('done');
  return {
    version: TAG_SEED_VERSION, tenantId, seededAt: new Date().toISOString(), seconds: (performance.now() - started) / 1000,
    assignments: rows[0]!.assignments, tagged: rows[0]!.tagged, tags,
  };
}

/** As generate.ts does for the load: secondary indexes dropped, to be rebuilt from their own definitions. */
async function dropSecondaryIndexes(db: Kysely<Database>, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = any(${tables}::text[]) and indexname not like '%\\_pkey'
  `.execute(db);
  for (const row of rows) await sql`drop index ${sql.id(row.indexname)}`.execute(db);
  return rows.map((row) => row.indexdef);
}
