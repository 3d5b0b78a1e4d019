import { type Kysely, sql } from 'kysely';

// PostgreSQL checks a foreign key row by row, each check a lookup that locks the row it finds: on sale_lines,
// the table that grows fastest, the two checks took 70% of an insert (100,000 lines: 0.85 s with them, 0.24 s
// without) and most of a sales import's database time. What they guarded is now held where the lines are written,
// once per batch (docs/sales.md, "Integrity"):
// - a line's sale is the row its own transaction has just inserted (recordSales, the only writer of lines), and
//   sales are a ledger that is never deleted, so nothing is left to cascade;
// - a line's product is locked by the sale's transaction (productsForSale, FOR KEY SHARE), and deleting a product
//   locks it and refuses one that is on a line, so a product is never deleted from under a line.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sale_lines drop constraint sale_lines_tenant_id_sale_id_fkey`.execute(db);
  await sql`alter table sale_lines drop constraint sale_lines_tenant_id_product_id_fkey`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sale_lines add foreign key (tenant_id, sale_id) references sales (tenant_id, id) on delete cascade`.execute(db);
  await sql`alter table sale_lines add foreign key (tenant_id, product_id) references products (tenant_id, id) on delete set null (product_id)`.execute(db);
}
