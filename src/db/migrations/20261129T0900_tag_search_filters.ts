import { type Kysely, sql } from 'kysely';

// A tag search narrowed by country or by a created range read every customer the tags matched, to check the
// filter on the row: 32,463 heap pages and about 200 ms for the 7,150 customers of two common tags in France at
// 1M customers. Measured at that size on the server (BENCHMARKS.md, tag search):
// - The GIN keys the country too, so it answers tags and country in one index scan (6,539 pages, 25-55 ms).
// - The two btrees that a country or a created range walks carry tag_numbers (INCLUDE), so a tag condition on
//   such a slice, NONE included, is an index-only scan: a created range of 85,000 customers with any tag
//   condition 18-21 ms, against 153-230 ms on the rows; France (70,000) 20-33 ms. They grow from 57 and 72 MiB
//   to 92 and 102 MiB. Every index already changed with tag_numbers (the GIN holds it), so no update gets dearer.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index customers_tags`.execute(db);
  await sql`create index customers_tags on customers using gin (tenant_id, country, tag_numbers)`.execute(db);
  await sql`drop index customers_created`.execute(db);
  await sql`create index customers_created on customers (tenant_id, created_at, id) include (tag_numbers)`.execute(db);
  await sql`drop index customers_country`.execute(db);
  await sql`create index customers_country on customers (tenant_id, country, lower(name), id) include (tag_numbers)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index customers_tags`.execute(db);
  await sql`create index customers_tags on customers using gin (tenant_id, tag_numbers)`.execute(db);
  await sql`drop index customers_created`.execute(db);
  await sql`create index customers_created on customers (tenant_id, created_at, id)`.execute(db);
  await sql`drop index customers_country`.execute(db);
  await sql`create index customers_country on customers (tenant_id, country, lower(name), id)`.execute(db);
}
