import { type Kysely, sql } from 'kysely';

// A sales import looks customers up by external id batch after batch while it creates them. With GIN's fast
// update, each new customer's entries wait in the index's pending list, which every search reads whole until a
// vacuum merges it (PGlite never runs one): the lookups grew slower with each batch. Customers are created far
// less often than they are looked up, so entries go straight into the index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index customers_external_ids set (fastupdate = off)`.execute(db);
  // Turning fast update off leaves what is already pending where it is: merged now.
  await sql`select gin_clean_pending_list('customers_external_ids'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter index customers_external_ids reset (fastupdate)`.execute(db);
}
