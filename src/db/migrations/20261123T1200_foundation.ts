import { type Kysely, sql } from 'kysely';

// Every store-owned table leads with tenant_id: in its primary key, its unique keys, its indexes and its
// composite foreign keys, so a row cannot point into another store and Citus can distribute on it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gin`.execute(db);

  await sql`
    create table stores (
      tenant_id uuid primary key default gen_random_uuid(),
      name text not null,
      currency char(3) not null,
      locale text not null check (locale in ('en', 'fr')),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    )`.execute(db);

  await sql`
    create table roles (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      rights text[] not null,
      builtin boolean not null default false,
      created_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index roles_name_key on roles (tenant_id, lower(name))`.execute(db);

  await sql`
    create table users (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      locale text check (locale in ('en', 'fr')),
      disabled_at timestamptz(3),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index users_email_key on users (tenant_id, lower(email))`.execute(db);
  // Login knows an email before it knows the store: the one lookup that is not led by tenant_id.
  await sql`create index users_login_email on users (lower(email))`.execute(db);

  await sql`
    create table user_roles (
      tenant_id uuid not null,
      user_id uuid not null,
      role_id uuid not null,
      primary key (tenant_id, user_id, role_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
      foreign key (tenant_id, role_id) references roles (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index user_roles_role on user_roles (tenant_id, role_id)`.execute(db);

  await sql`
    create table sessions (
      tenant_id uuid not null,
      token_hash text not null,
      user_id uuid not null,
      csrf_token text not null,
      created_at timestamptz(3) not null default now(),
      expires_at timestamptz(3) not null,
      primary key (tenant_id, token_hash),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index sessions_user on sessions (tenant_id, user_id)`.execute(db);

  await sql`
    create table api_keys (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null,
      secret_hash text not null,
      last_four text not null,
      rights text[] not null,
      created_at timestamptz(3) not null default now(),
      last_used_at timestamptz(3),
      revoked_at timestamptz(3),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index api_keys_secret_key on api_keys (tenant_id, secret_hash)`.execute(db);

  await sql`
    create table custom_fields (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      key text not null,
      label text not null,
      type text not null check (type in ('text', 'number', 'date', 'boolean', 'choice')),
      options text[] not null default '{}',
      required boolean not null default false,
      sort_order integer not null default 0,
      created_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index custom_fields_key_key on custom_fields (tenant_id, key)`.execute(db);

  await sql`
    create table customers (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      type text not null check (type in ('consumer', 'business')),
      name text not null,
      company_name text,
      vat_number text,
      code text,
      external_ids jsonb not null default '{}',
      notes text,
      payment_terms text,
      custom_fields jsonb not null default '{}',
      country char(2),
      search_text text not null default '',
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create unique index customers_code_key on customers (tenant_id, code)`.execute(db);
  await sql`create index customers_name on customers (tenant_id, lower(name), id)`.execute(db);
  await sql`create index customers_created on customers (tenant_id, created_at, id)`.execute(db);
  await sql`create index customers_updated on customers (tenant_id, updated_at, id)`.execute(db);
  await sql`create index customers_country on customers (tenant_id, country, lower(name), id)`.execute(db);
  // The till's lookup: any fragment of name, email, phone, code or address (btree_gin lets tenant_id lead).
  await sql`create index customers_search on customers using gin (tenant_id, search_text gin_trgm_ops)`.execute(db);

  await sql`
    create table customer_contacts (
      tenant_id uuid not null,
      customer_id uuid not null,
      id uuid not null default gen_random_uuid(),
      position integer not null,
      name text,
      email text,
      phones text[] not null default '{}',
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index customer_contacts_customer on customer_contacts (tenant_id, customer_id, position)`.execute(db);

  await sql`
    create table customer_addresses (
      tenant_id uuid not null,
      customer_id uuid not null,
      id uuid not null default gen_random_uuid(),
      position integer not null,
      label text,
      line1 text,
      line2 text,
      city text,
      region text,
      postal_code text,
      country char(2),
      is_billing boolean not null default false,
      is_shipping boolean not null default false,
      is_default_billing boolean not null default false,
      is_default_shipping boolean not null default false,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index customer_addresses_customer on customer_addresses (tenant_id, customer_id, position)`.execute(db);
  await sql`create unique index customer_addresses_one_default_billing on customer_addresses (tenant_id, customer_id)
    where is_default_billing`.execute(db);
  await sql`create unique index customer_addresses_one_default_shipping on customer_addresses (tenant_id, customer_id)
    where is_default_shipping`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'customer_addresses', 'customer_contacts', 'customers', 'custom_fields', 'api_keys',
    'sessions', 'user_roles', 'users', 'roles', 'stores',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
