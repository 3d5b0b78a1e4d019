import { type Kysely, sql } from 'kysely';

// Tag categories, tags, who carries which tag, and saved customer searches.
//
// A customer's tags live twice, on purpose: customer_tags is the record (who assigned it, when) and
// customers.tag_numbers is a sorted copy of the small numbers of those tags, indexed with GIN, so that
// AND / OR / NONE searches read one index instead of joining millions of assignment rows
// (BENCHMARKS.md, "Tag search", measures both designs). Both are written only by the tags module,
// in one statement (modules/tags/queries.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tag_categories (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      description text,
      colour text,
      sort_order integer not null default 0,
      single_choice boolean not null default false,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index tag_categories_name_key on tag_categories (tenant_id, lower(name))`.execute(db);

  await sql`
    create table tags (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      number integer generated always as identity,
      category_id uuid not null,
      name text not null,
      colour text,
      archived boolean not null default false,
      customers bigint not null default 0,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, category_id) references tag_categories (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index tags_name_key on tags (tenant_id, category_id, lower(name))`.execute(db);
  await sql`create unique index tags_number_key on tags (tenant_id, number)`.execute(db);

  await sql`
    create table customer_tags (
      tenant_id uuid not null,
      customer_id uuid not null,
      tag_id uuid not null,
      assigned_by_kind text not null check (assigned_by_kind in ('user', 'api_key', 'system')),
      assigned_by_id uuid,
      assigned_at timestamptz(3) not null default now(),
      primary key (tenant_id, customer_id, tag_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index customer_tags_tag on customer_tags (tenant_id, tag_id, customer_id)`.execute(db);

  await sql`alter table customers add column tag_numbers integer[] not null default '{}'`.execute(db);
  await sql`create index customers_tags on customers using gin (tenant_id, tag_numbers)`.execute(db);
  // Imports name customers by email or by their id in another system (Shopify, the ERP).
  await sql`create index customers_external_ids on customers using gin (tenant_id, external_ids jsonb_path_ops)`.execute(db);
  await sql`create index customer_contacts_email on customer_contacts (tenant_id, lower(email))`.execute(db);

  await sql`
    create table saved_searches (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      search jsonb not null,
      created_by_kind text not null check (created_by_kind in ('user', 'api_key', 'system')),
      created_by_id uuid,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index saved_searches_name_key on saved_searches (tenant_id, lower(name))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_searches').execute();
  await sql`drop index customer_contacts_email`.execute(db);
  await sql`drop index customers_external_ids`.execute(db);
  await sql`alter table customers drop column tag_numbers`.execute(db);
  await db.schema.dropTable('customer_tags').execute();
  await db.schema.dropTable('tags').execute();
  await db.schema.dropTable('tag_categories').execute();
}
