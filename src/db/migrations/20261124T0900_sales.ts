import { type Kysely, sql } from 'kysely';

// The store's time zone (reports cut days in it), products, the sales ledger (sales and their lines), the customer's money (store credit, on-account,
// loyalty points: append-only ledgers), idempotency keys and import jobs.
//
// Money is bigint in minor units of the store's currency; the API uses the same names. Each customer keeps
// running tallies (orders, sales, margin, first and last purchase) and the three balances, written by the
// same transaction that writes the sale or the ledger entry, so a list or an export never sums a ledger.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stores
      add column default_margin_bp integer not null default 0 check (default_margin_bp between 0 and 10000),
      add column loyalty_points_per_unit integer not null default 0 check (loyalty_points_per_unit between 0 and 10000),
      add column time_zone text not null default 'UTC'
  `.execute(db);

  await sql`
    alter table customers
      add column order_count integer not null default 0,
      add column total_sales bigint not null default 0,
      add column gross_margin bigint not null default 0,
      add column first_purchase_at timestamptz(3),
      add column last_purchase_at timestamptz(3),
      add column store_credit bigint not null default 0 check (store_credit >= 0),
      add column on_account bigint not null default 0,
      add column credit_limit bigint not null default 0 check (credit_limit >= 0),
      add column loyalty_points bigint not null default 0,
      add constraint customers_on_account_within_limit check (on_account >= -credit_limit)
  `.execute(db);

  await sql`
    create table products (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      sku text not null,
      name text not null,
      list_price bigint not null default 0 check (list_price >= 0),
      unit_cost bigint check (unit_cost >= 0),
      classifications text[] not null default '{}',
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id)
    )`.execute(db);
  // SKUs are compared exactly: Online Retail has 85099B and 85099b... as different stock codes.
  await sql`create unique index products_sku_key on products (tenant_id, sku)`.execute(db);
  await sql`create index products_name on products (tenant_id, lower(name), id)`.execute(db);
  await sql`create index products_classifications on products using gin (tenant_id, classifications)`.execute(db);

  await sql`
    create table sales (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      channel text not null default '',
      external_id text not null,
      kind text not null check (kind in ('sale', 'return', 'cancellation')),
      original_sale_id uuid,
      original_external_id text,
      customer_id uuid,
      occurred_at timestamptz(3) not null,
      currency char(3) not null,
      subtotal bigint not null,
      discount bigint not null,
      net bigint not null,
      tax bigint not null,
      total bigint not null,
      cost bigint not null,
      gross_margin bigint not null,
      item_count bigint not null,
      payments jsonb not null default '[]',
      request_hash text not null,
      import_job_id uuid,
      created_by_kind text not null,
      created_by_id uuid,
      created_at timestamptz(3) not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete set null (customer_id),
      foreign key (tenant_id, original_sale_id) references sales (tenant_id, id) on delete set null (original_sale_id)
    )`.execute(db);
  // The till's receipt number is unique per channel: the natural key that makes a retry count once.
  await sql`create unique index sales_external_id_key on sales (tenant_id, channel, external_id)`.execute(db);
  await sql`create index sales_customer on sales (tenant_id, customer_id, occurred_at desc, id)`.execute(db);
  await sql`create index sales_occurred on sales (tenant_id, occurred_at)`.execute(db);

  await sql`
    create table sale_lines (
      tenant_id uuid not null,
      sale_id uuid not null,
      line_no integer not null,
      sku text,
      product_id uuid,
      description text,
      is_product boolean not null,
      quantity integer not null check (quantity <> 0),
      unit_price bigint not null,
      discount bigint not null,
      tax bigint not null,
      net bigint not null,
      cost bigint not null,
      cost_source text not null check (cost_source in ('line', 'product', 'default_rate')),
      gross_margin bigint not null,
      primary key (tenant_id, sale_id, line_no),
      foreign key (tenant_id, sale_id) references sales (tenant_id, id) on delete cascade,
      foreign key (tenant_id, product_id) references products (tenant_id, id) on delete set null (product_id)
    )`.execute(db);
  await sql`create index sale_lines_product on sale_lines (tenant_id, product_id)`.execute(db);

  await sql`
    create table balance_entries (
      tenant_id uuid not null,
      id bigint generated always as identity,
      customer_id uuid not null,
      balance text not null check (balance in ('store_credit', 'on_account', 'loyalty_points')),
      entry_type text not null check (entry_type in ('adjustment', 'issue', 'redemption', 'earning', 'sale_payment', 'account_payment')),
      amount bigint not null check (amount <> 0),
      balance_after bigint not null,
      reason text,
      reference text,
      sale_id uuid,
      created_by_kind text not null,
      created_by_id uuid,
      created_at timestamptz(3) not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      foreign key (tenant_id, sale_id) references sales (tenant_id, id) on delete set null (sale_id)
    )`.execute(db);
  await sql`create index balance_entries_customer on balance_entries (tenant_id, customer_id, balance, id)`.execute(db);

  // One row per Idempotency-Key: 'running' while the first request works, then its stored answer.
  await sql`
    create table idempotency_keys (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      scope text not null,
      key text not null,
      request_hash text not null,
      state text not null check (state in ('running', 'done')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz(3) not null default now(),
      locked_until timestamptz(3) not null,
      primary key (tenant_id, scope, key)
    )`.execute(db);

  await sql`
    create table import_jobs (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      kind text not null,
      format text not null,
      file_name text,
      state text not null check (state in ('queued', 'running', 'succeeded', 'failed')),
      bytes_total bigint,
      bytes_read bigint not null default 0,
      rows_read bigint not null default 0,
      counts jsonb not null default '{}',
      errors jsonb not null default '[]',
      created_by_kind text not null,
      created_by_id uuid,
      created_at timestamptz(3) not null default now(),
      started_at timestamptz(3),
      finished_at timestamptz(3),
      primary key (tenant_id, id)
    )`.execute(db);
  await sql`create index import_jobs_created on import_jobs (tenant_id, created_at desc)`.execute(db);

  // New rights: products, and adjusting a customer's balances. Built-in owner and manager roles get both,
  // and so do keys that held every right before (the owner keys).
  await sql`
    update roles set rights = rights || array['manage_products', 'adjust_balances']
    where builtin and name in ('owner', 'manager')`.execute(db);
  await sql`
    update api_keys set rights = rights || array['manage_products', 'adjust_balances']
    where rights @> array['manage_users', 'manage_api_keys', 'manage_store_settings', 'manage_prices']`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_jobs', 'idempotency_keys', 'balance_entries', 'sale_lines', 'sales', 'products']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`update roles set rights = array_remove(array_remove(rights, 'manage_products'), 'adjust_balances')`.execute(db);
  await sql`update api_keys set rights = array_remove(array_remove(rights, 'manage_products'), 'adjust_balances')`.execute(db);
  await sql`
    alter table customers
      drop constraint customers_on_account_within_limit,
      drop column order_count, drop column total_sales, drop column gross_margin, drop column first_purchase_at,
      drop column last_purchase_at, drop column store_credit, drop column on_account, drop column credit_limit,
      drop column loyalty_points`.execute(db);
  await sql`alter table stores drop column default_margin_bp, drop column loyalty_points_per_unit, drop column time_zone`.execute(db);
}
