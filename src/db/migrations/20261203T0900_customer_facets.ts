import { type Kysely, sql } from 'kysely';

// A search's filters kept as bitmaps, like tags (migration 20261202T0900_tag_bits): each customer's type, country
// and month of creation is a facet ('type:business', 'country:FR', 'created:2024-03'), with, for each block of
// 8,192 customer numbers, a bit string of the customers that have it. A tag condition with a country, a type or a
// created range of whole months is then counted from bits alone: at 1M customers, AND of 2 tags in France took
// 28 ms through the index on (tenant_id, country, tag_numbers), 1 ms from bits (BENCHMARKS.md, tag search).
// The customers module writes these bits in the statements that add, change and delete customers.
//
// The page of a search then reads either the few matches by number (their numbers come from the bits) or walks the
// name index in order, and both read the index alone: the name index carries what the filters test, and the number
// index what the page sorts by.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customer_facet_bits (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      facet text not null,
      block integer not null,
      bits bit(8192) not null,
      primary key (tenant_id, facet, block)
    )`.execute(db);
  await sql`
    insert into customer_facet_bits (tenant_id, facet, block, bits)
    select customers.tenant_id, facets.facet, customers.number / 8192, bit_or(B'1'::bit(8192) >> (customers.number % 8192))
    from customers
    cross join lateral (values ('type:' || customers.type), ('country:' || customers.country),
      ('created:' || to_char(customers.created_at at time zone 'UTC', 'YYYY-MM'))) as facets (facet)
    where facets.facet is not null
    group by 1, 2, 3`.execute(db);

  await sql`create index customers_name_walk on customers (tenant_id, lower(name), id)
    include (name, search_text, tag_numbers, type, country, created_at)`.execute(db);
  await sql`drop index customers_name`.execute(db);
  await sql`alter index customers_name_walk rename to customers_name`.execute(db);
  await sql`create unique index customers_number_page on customers (tenant_id, number) include (id, name, created_at)`.execute(db);
  await sql`drop index customers_number_key`.execute(db);
  await sql`alter index customers_number_page rename to customers_number_key`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create unique index customers_number_plain on customers (tenant_id, number)`.execute(db);
  await sql`drop index customers_number_key`.execute(db);
  await sql`alter index customers_number_plain rename to customers_number_key`.execute(db);
  await sql`create index customers_name_plain on customers (tenant_id, lower(name), id) include (name, search_text)`.execute(db);
  await sql`drop index customers_name`.execute(db);
  await sql`alter index customers_name_plain rename to customers_name`.execute(db);
  await db.schema.dropTable('customer_facet_bits').execute();
}
