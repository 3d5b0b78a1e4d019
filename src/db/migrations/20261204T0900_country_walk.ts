import { type Kysely, sql } from 'kysely';

// A search in one country walks the country index in name order (tenant_id, country, lower(name), id) to its
// page. The index holds lower(name) only as a key, and PostgreSQL cannot hand an expression back from an index, so
// each customer walked was read from its row for its name: at 1M customers, two common tags in France walked 658
// rows for a page of 51 in 12 ms with every page cached. With the name included, the walk reads the index alone:
// 0.9 ms (BENCHMARKS.md, tag search, eleventh pass). The index grows from 102 to 117 MB at 1M customers; a rename
// already changed it (lower(name) is its key).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index customers_country_walk on customers (tenant_id, country, lower(name), id) include (tag_numbers, name)`.execute(db);
  await sql`drop index customers_country`.execute(db);
  await sql`alter index customers_country_walk rename to customers_country`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index customers_country_plain on customers (tenant_id, country, lower(name), id) include (tag_numbers)`.execute(db);
  await sql`drop index customers_country`.execute(db);
  await sql`alter index customers_country_plain rename to customers_country`.execute(db);
}
