import { type Kysely, sql } from 'kysely';

// sale_lines grows fastest of all tables, and what it kept per line beyond its own key cost more than the line:
// - PostgreSQL checks a foreign key row by row, each check a lookup that locks the row it finds: the two checks
//   took 70% of an insert (100,000 lines: 0.85 s with them, 0.24 s without);
// - the index by product, there only to tell whether a product was ever sold, took a random place per line (a sales
//   import of the Online Retail file: 12.7 s with it, 11.5 s without).
// What they guarded is now held once per sale (docs/sales.md, "Integrity"): a line's sale is the row the same
// transaction has just inserted (recordSales is the one writer of lines, and sales are a ledger never deleted);
// a line's product is locked by the sale (FOR KEY SHARE, as a foreign-key check would) and marked `sold`, and a
// delete locks the product and refuses one that is sold.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table products add column sold boolean not null default false`.execute(db);
  await sql`
    update products p set sold = true
    where exists (select 1 from sale_lines l where l.tenant_id = p.tenant_id and l.product_id = p.id)`.execute(db);
  await sql`drop index sale_lines_product`.execute(db);
  await sql`alter table sale_lines drop constraint sale_lines_tenant_id_sale_id_fkey`.execute(db);
  await sql`alter table sale_lines drop constraint sale_lines_tenant_id_product_id_fkey`.execute(db);
  // The same holds for the sale of a balance entry (points earned, a payment from store credit): written with it.
  await sql`alter table balance_entries drop constraint balance_entries_tenant_id_sale_id_fkey`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table balance_entries add foreign key (tenant_id, sale_id) references sales (tenant_id, id) on delete set null (sale_id)`.execute(db);
  await sql`alter table sale_lines add foreign key (tenant_id, sale_id) references sales (tenant_id, id) on delete cascade`.execute(db);
  await sql`alter table sale_lines add foreign key (tenant_id, product_id) references products (tenant_id, id) on delete set null (product_id)`.execute(db);
  await sql`create index sale_lines_product on sale_lines (tenant_id, product_id)`.execute(db);
  await sql`alter table products drop column sold`.execute(db);
}
