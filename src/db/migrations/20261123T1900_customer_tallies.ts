import { type Kysely, sql } from 'kysely';

// How many customers a store has of each type in each country: the list's total without counting a
// million rows when the filters are only type and country. Kept by the same transactions that write
// customers (modules/customers/queries.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customer_tallies (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      type text not null,
      country text not null,
      customers bigint not null,
      primary key (tenant_id, type, country)
    )`.execute(db);
  await sql`
    insert into customer_tallies (tenant_id, type, country, customers)
    select tenant_id, type, coalesce(country, ''), count(*) from customers group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_tallies').execute();
}
