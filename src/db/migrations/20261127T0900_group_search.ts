import { type Kysely, sql } from 'kysely';

// The group list's search: any fragment of a group's name, code or ERP id. One trigram GIN index over the three,
// lower-cased and joined by newlines, led by tenant_id (btree_gin), answers `LIKE '%fragment%'` for both the page
// and its total, instead of reading every group of the store. The query must write exactly this expression
// (modules/groups/queries.ts). A newline joins the fields so that a fragment without one cannot match across two.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index customer_groups_search on customer_groups
      using gin (tenant_id, lower(name || E'\\n' || coalesce(code, '') || E'\\n' || coalesce(erp_id, '')) gin_trgm_ops)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index customer_groups_search`.execute(db);
}
