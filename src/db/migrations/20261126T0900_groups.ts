import { type Kysely, sql } from 'kysely';

// Customer groups: static (members put in by hand) and frequency-based (members qualify by what they bought,
// into levels), their tags, the membership ledger, and the store's event feed that integrations follow.
//
// group_members is the membership as it stands now; group_membership_changes is the ledger of every entry,
// level change and exit, with when it took effect in the merchant's timeline (effective_at) and why. A group's
// report reads the ledger to put each sale in the groups its customer was in at the time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stores
      add column one_group_per_customer boolean not null default false,
      add column last_group_number integer not null default 0
  `.execute(db);

  await sql`
    create table customer_groups (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      number integer not null,
      kind text not null check (kind in ('static', 'frequency')),
      name text not null,
      code text,
      description text,
      erp_id text,
      segment text not null default 'b2c' check (segment in ('b2b', 'b2c')),
      vip boolean not null default false,
      metric text check (metric in ('sales', 'gross_margin', 'transactions')),
      active_from date,
      "window" text check ("window" in ('rolling_12_months', 'never_reset')),
      definition_version integer not null default 1,
      evaluated_on date,
      recompute_state text not null default 'idle' check (recompute_state in ('idle', 'queued', 'running', 'failed')),
      recompute_done integer not null default 0,
      recompute_total integer not null default 0,
      recompute_started_at timestamptz(3),
      recompute_finished_at timestamptz(3),
      recompute_error text,
      version integer not null default 1,
      created_by_kind text not null,
      created_by_id uuid,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (tenant_id, id),
      constraint customer_groups_rule check (
        (kind = 'static' and metric is null and active_from is null and "window" is null)
        or (kind = 'frequency' and metric is not null and active_from is not null and "window" is not null))
    )`.execute(db);
  // number is the store-wide creation order: pricing picks "the group created last" by it.
  await sql`create unique index customer_groups_number_key on customer_groups (tenant_id, number)`.execute(db);
  await sql`create unique index customer_groups_code_key on customer_groups (tenant_id, lower(code)) where code is not null`.execute(db);
  await sql`create unique index customer_groups_erp_id_key on customer_groups (tenant_id, erp_id) where erp_id is not null`.execute(db);
  await sql`create index customer_groups_name on customer_groups (tenant_id, lower(name), id)`.execute(db);

  await sql`
    create table group_levels (
      tenant_id uuid not null,
      group_id uuid not null,
      number smallint not null,
      description text not null,
      min bigint not null,
      max bigint,
      vip boolean not null default false,
      primary key (tenant_id, group_id, number),
      foreign key (tenant_id, group_id) references customer_groups (tenant_id, id) on delete cascade,
      check (max is null or max >= min)
    )`.execute(db);

  await sql`
    create table group_tags (
      tenant_id uuid not null,
      group_id uuid not null,
      tag_id uuid not null,
      assigned_by_kind text not null check (assigned_by_kind in ('user', 'api_key', 'system')),
      assigned_by_id uuid,
      assigned_at timestamptz(3) not null default now(),
      primary key (tenant_id, group_id, tag_id),
      foreign key (tenant_id, group_id) references customer_groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index group_tags_tag on group_tags (tenant_id, tag_id, group_id)`.execute(db);

  // vip is the group's flag or the member's level's, kept here so "VIP customers" is one indexed lookup.
  await sql`
    create table group_members (
      tenant_id uuid not null,
      group_id uuid not null,
      customer_id uuid not null,
      level_number smallint,
      vip boolean not null,
      figure bigint,
      since timestamptz(3) not null,
      primary key (tenant_id, group_id, customer_id),
      foreign key (tenant_id, group_id) references customer_groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index group_members_customer on group_members (tenant_id, customer_id, group_id)`.execute(db);
  await sql`create index group_members_vip on group_members (tenant_id, customer_id) where vip`.execute(db);

  await sql`
    create table group_membership_changes (
      tenant_id uuid not null,
      id bigint generated always as identity,
      group_id uuid not null,
      customer_id uuid not null,
      change text not null check (change in ('entered', 'level_changed', 'left')),
      level_before smallint,
      level_after smallint,
      level_description text,
      effective_at timestamptz(3) not null,
      recorded_at timestamptz(3) not null default now(),
      reason text not null check (reason in ('rule', 'manual', 'import', 'one_group_rule', 'definition_changed')),
      figure bigint,
      rule text,
      sale_id uuid,
      import_job_id uuid,
      actor_kind text not null check (actor_kind in ('user', 'api_key', 'system')),
      actor_id uuid,
      primary key (tenant_id, id),
      foreign key (tenant_id, group_id) references customer_groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index group_membership_changes_customer on group_membership_changes (tenant_id, customer_id, id)`.execute(db);
  await sql`create index group_membership_changes_group on group_membership_changes (tenant_id, group_id, customer_id, effective_at)`.execute(db);

  // The event feed. Numbers come from a per-store counter taken in the writing transaction, so they are
  // handed out in commit order: a reader that has seen number n never later meets a smaller one.
  await sql`
    create table event_counters (
      tenant_id uuid not null primary key references stores (tenant_id) on delete cascade,
      last_number bigint not null default 0
    )`.execute(db);
  await sql`
    create table events (
      tenant_id uuid not null references stores (tenant_id) on delete cascade,
      number bigint not null,
      type text not null,
      data jsonb not null,
      occurred_at timestamptz(3) not null default now(),
      primary key (tenant_id, number)
    )`.execute(db);
  await sql`create index events_type on events (tenant_id, type, number)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['events', 'event_counters', 'group_membership_changes', 'group_members', 'group_tags', 'group_levels', 'customer_groups']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`alter table stores drop column one_group_per_customer, drop column last_group_number`.execute(db);
}
