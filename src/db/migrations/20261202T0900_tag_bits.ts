import { type Kysely, sql } from 'kysely';

// A tag condition's count, kept as bitmaps. An unfiltered search of a broad condition ("any of these 5", "none
// of these 3") has to count hundreds of thousands of customers, and through tag_numbers that examines every
// customer of the store plus an array test: no index made it quicker than counting the store outright (bench:
// tag search). So each customer gets a number in its store (1, 2, 3 ... in creation order), and each tag, for
// each block of 8,192 numbers, a bit string with the bits of its customers set. AND, OR and NONE of tags are
// then & and | of a few bit strings per block, and the count is bit_count: a 1M-customer store is 123 blocks
// of 1 KiB per tag (a block stays under the 2 KiB past which PostgreSQL would move it out of line).
// customer_tag_bits is written only by the tags module, in the statement that gives and takes tags.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table stores add column last_customer_number integer not null default 0`.execute(db);
  await sql`alter table customers add column number integer`.execute(db);
  await sql`
    update customers set number = numbered.number
    from (select tenant_id, id, row_number() over (partition by tenant_id order by created_at, id) as number from customers) numbered
    where customers.tenant_id = numbered.tenant_id and customers.id = numbered.id`.execute(db);
  await sql`
    update stores set last_customer_number = numbered.last
    from (select tenant_id, max(number) as last from customers group by tenant_id) numbered
    where stores.tenant_id = numbered.tenant_id`.execute(db);
  await sql`alter table customers alter column number set not null`.execute(db);
  await sql`create unique index customers_number_key on customers (tenant_id, number)`.execute(db);

  await sql`
    create table customer_tag_bits (
      tenant_id uuid not null,
      tag_number integer not null,
      block integer not null,
      bits bit(8192) not null,
      primary key (tenant_id, tag_number, block),
      foreign key (tenant_id, tag_number) references tags (tenant_id, number) on delete cascade
    )`.execute(db);
  await sql`
    insert into customer_tag_bits (tenant_id, tag_number, block, bits)
    select ct.tenant_id, tags.number, customers.number / 8192, bit_or(B'1'::bit(8192) >> (customers.number % 8192))
    from customer_tags ct
    join tags on tags.tenant_id = ct.tenant_id and tags.id = ct.tag_id
    join customers on customers.tenant_id = ct.tenant_id and customers.id = ct.customer_id
    group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_tag_bits').execute();
  await sql`alter table customers drop column number`.execute(db);
  await sql`alter table stores drop column last_customer_number`.execute(db);
}
