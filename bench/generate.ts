// The seeded data set: one large store (1,000,000 customers at full size, 20,000 at small) and 10 stores of 1,000,
// with contacts and addresses, written in bulk (unnest of arrays: one statement per table per batch) through Kysely.
// Run alone it (re)generates and records the time: node --import tsx bench/generate.ts --size small --db pglite
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { connect, type Connection } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createStore } from '../src/modules/access/stores.ts';
import { addFacets } from '../src/modules/customers/bits.ts';
import { reserveCustomerNumbers } from '../src/modules/customers/queries.ts';
import {
  appVersion, BENCH_DIR, describeMachine, type Kind, label, machine, maintenanceUrl, parseFlags, redact, serverUrl, type Size, table, today,
  writeSection,
} from './harness.ts';
import { customerAt, customerInput, type Generated, rng, SEED, searchTextOf } from './seed-customers.ts';

export const SIZES: Record<Size, { main: number; others: number; otherSize: number }> = {
  small: { main: 20_000, others: 10, otherSize: 1_000 },
  full: { main: 1_000_000, others: 10, otherSize: 1_000 },
};
const BATCH = 5_000;

export interface StoreKey {
  id: string;
  /** The owner API key (every right). */
  key: string;
}

export interface Manifest {
  size: Size;
  kind: Kind;
  generatedAt: string;
  seconds: { rows: number; indexes: number; total: number };
  counts: { customers: number; contacts: number; addresses: number };
  main: StoreKey;
  others: StoreKey[];
  /** Ids of customers of the main store, spread over it. */
  sampleIds: string[];
  /** What a till types, taken from the main store's real rows. */
  fragments: { name: string[]; phone: string[]; email: string[] };
  /** The app commit that generated it (its migrations and the search_text check). */
  app?: string;
}

export interface Dataset {
  connection: Connection;
  manifest: Manifest;
  /** PostgreSQL or PGlite version string. */
  version: string;
  close(): Promise<void>;
}

const pgArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

async function insertBatch(connection: Connection, tenantId: string, batch: Generated[]) {
  const customers = batch.map((g) => g.customer);
  const column = <K extends keyof Generated['customer']>(key: K) => customers.map((c) => c[key]);
  const contacts = batch.flatMap((g) => g.contacts.map((c, position) => ({ ...c, customer_id: g.customer.id, position })));
  const addresses = batch.flatMap((g) => g.addresses.map((a, position) => ({ ...a, customer_id: g.customer.id, position })));
  const of = <T, K extends keyof T>(rows: T[], key: K) => rows.map((row) => row[key]);
  let heldMs = 0;
  await connection.db.transaction().execute(async (tx) => {
    const started = performance.now();
    const first = await reserveCustomerNumbers(tx, tenantId, customers.length);
    await sql`
      insert into customers (tenant_id, id, type, name, company_name, vat_number, code, external_ids, notes, payment_terms,
        custom_fields, country, search_text, created_at, updated_at, number)
      select ${tenantId}::uuid, id, type, name, company_name, vat_number, code, external_ids, notes, payment_terms,
        '{}'::jsonb, country, search_text, created_at, updated_at, ${first - 1}::int + position::int
      from unnest(${column('id')}::uuid[], ${column('type')}::text[], ${column('name')}::text[], ${column('company_name')}::text[],
        ${column('vat_number')}::text[], ${column('code')}::text[], ${customers.map((c) => JSON.stringify(c.external_ids))}::jsonb[],
        ${column('notes')}::text[], ${column('payment_terms')}::text[], ${column('country')}::text[],
        ${batch.map(searchTextOf)}::text[], ${column('created_at')}::timestamptz[], ${column('updated_at')}::timestamptz[])
        with ordinality
        as t(id, type, name, company_name, vat_number, code, external_ids, notes, payment_terms, country, search_text, created_at, updated_at, position)
    `.execute(tx);
    await addFacets(tx, tenantId, first, first + customers.length - 1);
    await sql`
      insert into customer_contacts (tenant_id, customer_id, position, name, email, phones)
      select ${tenantId}::uuid, customer_id, position, name, email, phones::text[]
      from unnest(${of(contacts, 'customer_id')}::uuid[], ${of(contacts, 'position')}::int[], ${of(contacts, 'name')}::text[],
        ${of(contacts, 'email')}::text[], ${contacts.map((c) => pgArray(c.phones))}::text[])
        as t(customer_id, position, name, email, phones)
    `.execute(tx);
    await sql`
      insert into customer_addresses (tenant_id, customer_id, position, label, line1, line2, city, region, postal_code, country,
        is_billing, is_shipping, is_default_billing, is_default_shipping)
      select ${tenantId}::uuid, *
      from unnest(${of(addresses, 'customer_id')}::uuid[], ${of(addresses, 'position')}::int[], ${of(addresses, 'label')}::text[],
        ${of(addresses, 'line1')}::text[], ${of(addresses, 'line2')}::text[], ${of(addresses, 'city')}::text[],
        ${of(addresses, 'region')}::text[], ${of(addresses, 'postal_code')}::text[], ${of(addresses, 'country')}::text[],
        ${of(addresses, 'is_billing')}::boolean[], ${of(addresses, 'is_shipping')}::boolean[],
        ${of(addresses, 'is_default_billing')}::boolean[], ${of(addresses, 'is_default_shipping')}::boolean[])
    `.execute(tx);
    heldMs = performance.now() - started;
  });
  return { contacts: contacts.length, addresses: addresses.length, heldMs };
}

/** `count` customers of a store, from the store's own stream, in transactions of `batchSize`. */
export async function insertCustomers(
  connection: Connection, tenantId: string, stream: number, count: number,
  options: {
    batchSize?: number;
    onCustomer?: (g: Generated, index: number) => void;
    /** Milliseconds the batch's statements took inside its transaction (BEGIN and COMMIT aside); awaited. */
    onBatch?: (heldMs: number) => void | Promise<void>;
  } = {},
) {
  const r = rng(SEED + stream);
  const totals = { customers: 0, contacts: 0, addresses: 0 };
  for (let start = 0; start < count; start += options.batchSize ?? BATCH) {
    const batch = Array.from({ length: Math.min(options.batchSize ?? BATCH, count - start) }, (_, i) => {
      const g = customerAt(r, start + i);
      options.onCustomer?.(g, start + i);
      return g;
    });
    const written = await insertBatch(connection, tenantId, batch);
    await options.onBatch?.(written.heldMs);
    totals.customers += batch.length;
    totals.contacts += written.contacts;
    totals.addresses += written.addresses;
  }
  return totals;
}

const CHILD_TABLES = ['customers', 'customer_contacts', 'customer_addresses'];

/** Secondary indexes are dropped for the load and rebuilt from their own definitions (pg_indexes), as after a restore. */
async function dropSecondaryIndexes(connection: Connection): Promise<string[]> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = any(${CHILD_TABLES}::text[]) and indexname not like '%\\_pkey'
  `.execute(connection.db);
  for (const row of rows) await sql`drop index ${sql.id(row.indexname)}`.execute(connection.db);
  return rows.map((row) => row.indexdef);
}

/**
 * The app keeps per-store counts of customers by type and country (customer_tallies, migration
 * 20261123T1900) in the transactions that write customers; rows written in bulk here bypass them, so they are
 * counted afresh, as that migration does. Skipped on a schema without the table.
 */
async function rebuildTallies(db: Kysely<Database>) {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('customer_tallies') is not null as present`.execute(db);
  if (!rows[0]?.present) return;
  await sql`delete from customer_tallies`.execute(db);
  await sql`
    insert into customer_tallies (tenant_id, type, country, customers)
    select tenant_id, type, coalesce(country, ''), count(*) from customers group by 1, 2, 3`.execute(db);
}

/** Fills an empty, migrated database; returns the manifest (API keys included). */
export async function generate(connection: Connection, size: Size, kind: Kind): Promise<Manifest> {
  const started = performance.now();
  await checkSearchText(connection);
  const stores: StoreKey[] = [];
  for (let i = 0; i <= SIZES[size].others; i++) {
    const created = await createStore(connection.db, { name: i === 0 ? 'Bench main store' : `Bench store ${i}`, currency: 'GBP', locale: 'en' });
    stores.push({ id: created.store.id, key: created.api_key });
  }
  const definitions = await dropSecondaryIndexes(connection);
  const counts = { customers: 0, contacts: 0, addresses: 0 };
  const sampleIds: string[] = [];
  const fragments: Manifest['fragments'] = { name: [], phone: [], email: [] };
  const every = Math.floor(SIZES[size].main / 500);
  for (const [i, store] of stores.entries()) {
    const total = i === 0 ? SIZES[size].main : SIZES[size].otherSize;
    const written = await insertCustomers(connection, store.id, i, total, {
      onCustomer: i === 0 ? (g, index) => {
        if (index % every !== 0) return;
        sampleIds.push(g.customer.id);
        const phone = g.contacts.flatMap((c) => c.phones)[0];
        const email = g.contacts.find((c) => c.email)?.email;
        const surname = g.customer.type === 'consumer' ? g.customer.name.split(' ').slice(1).join(' ') : undefined;
        if (surname && fragments.name.length < 40) fragments.name.push(surname.toLowerCase());
        if (phone && fragments.phone.length < 40) fragments.phone.push(phone.replace(/\D/g, '').slice(-6));
        if (email && fragments.email.length < 40) fragments.email.push(email.split('@')[0]!);
      } : undefined,
    });
    counts.customers += written.customers;
    counts.contacts += written.contacts;
    counts.addresses += written.addresses;
    if (i === 0) console.log(`  main store: ${written.customers} customers in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const rowsDone = performance.now();
  await connection.db.connection().execute(async (db) => {
    // Index builds get the memory a restore would give them; this session only.
    await sql`set maintenance_work_mem = '256MB'`.execute(db);
    for (const definition of definitions) await db.executeQuery(CompiledQuery.raw(definition));
    await rebuildTallies(db);
    await sql`vacuum analyze`.execute(db);
  });
  const done = performance.now();
  return {
    size, kind, generatedAt: new Date().toISOString(),
    seconds: { rows: (rowsDone - started) / 1000, indexes: (done - rowsDone) / 1000, total: (done - started) / 1000 },
    counts, main: stores[0]!, others: stores.slice(1), sampleIds, fragments, app: appVersion(),
  };
}

/** The app's own search_text for a generated customer must equal ours, or the lookup bench measures other data. */
async function checkSearchText(connection: Connection) {
  const store = await createStore(connection.db, { name: 'Bench check', currency: 'GBP', locale: 'en' });
  const app = await buildApp({ connection, rateLimitPerMinute: 1_000_000 });
  try {
    for (let index = 0; index < 40; index++) {
      const { input, generated } = customerInput(99, index);
      const response = await app.inject({ method: 'POST', url: '/v1/customers', payload: input, headers: { authorization: `Bearer ${store.api_key}` } });
      if (response.statusCode !== 201) throw new Error(`the API refused a generated customer: ${response.body}`);
      const id = (response.json() as { id: string }).id;
      const row = await connection.db.selectFrom('customers').select(['search_text', 'country']).where('tenant_id', '=', store.store.id)
        .where('id', '=', id).executeTakeFirstOrThrow();
      if (row.search_text !== searchTextOf(generated)) {
        throw new Error(`search_text differs from the app's:\n  app:   ${row.search_text}\n  bench: ${searchTextOf(generated)}`);
      }
      if ((row.country ?? null) !== generated.customer.country) throw new Error(`country differs: ${row.country} vs ${generated.customer.country}`);
    }
  } finally {
    await app.close();
    await connection.db.deleteFrom('stores').where('tenant_id', '=', store.store.id).execute();
  }
}

const dataDir = (size: Size) => join(BENCH_DIR, 'data', size);
const manifestPath = (size: Size, kind: Kind) => join(dataDir(size), `${kind}.json`);

async function versionOf(connection: Connection, kind: Kind): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(connection.db);
  const version = /PostgreSQL [\d.]+/.exec(rows[0]!.version)?.[0] ?? rows[0]!.version;
  return kind === 'pglite' ? `PGlite (${version}, WASM, in-process)` : `${version} (server, 127.0.0.1)`;
}

async function matches(connection: Connection, manifest: Manifest): Promise<boolean> {
  const main = await connection.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', manifest.main.id).executeTakeFirst();
  return Number(main?.n) === SIZES[manifest.size].main;
}

/** The data set of this size on this database: reused when present and whole, generated otherwise. */
export async function openDataset(size: Size, kind: Kind, options: { regenerate?: boolean } = {}): Promise<Dataset> {
  mkdirSync(dataDir(size), { recursive: true });
  const path = manifestPath(size, kind);
  const cached = !options.regenerate && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as Manifest : undefined;
  if (kind === 'pglite') {
    const folder = join(dataDir(size), 'pglite');
    if (cached && existsSync(folder)) {
      const connection = await connect({ dataDir: folder });
      await migrateToLatest(connection.db);
      return { connection, manifest: cached, version: await versionOf(connection, kind), close: () => connection.close() };
    }
    const building = `${folder}.building`;
    rmSync(building, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
    let connection = await connect({ dataDir: building });
    await migrateToLatest(connection.db);
    console.log(`generating the ${size} data set on PGlite (${building})`);
    const manifest = await generate(connection, size, kind);
    await connection.close();
    renameSync(building, folder);
    writeFileSync(path, JSON.stringify(manifest, null, 1));
    connection = await connect({ dataDir: folder });
    return { connection, manifest, version: await versionOf(connection, kind), close: () => connection.close() };
  }
  const url = serverUrl(size);
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: maintenanceUrl() });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (exists && cached) {
      const connection = await connect({ databaseUrl: url });
      await migrateToLatest(connection.db);
      if (await matches(connection, cached)) {
        return { connection, manifest: cached, version: await versionOf(connection, kind), close: () => connection.close() };
      }
      await connection.close();
    }
    if (exists) await admin.query(`drop database ${pg.escapeIdentifier(name)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const connection = await connect({ databaseUrl: url });
  await migrateToLatest(connection.db);
  console.log(`generating the ${size} data set on ${redact(url)}`);
  const manifest = await generate(connection, size, kind);
  writeFileSync(path, JSON.stringify(manifest, null, 1));
  return { connection, manifest, version: await versionOf(connection, kind), close: () => connection.close() };
}

// Run alone: generate afresh (or reuse with --reuse) and record how long it took.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = await parseFlags();
  const reuse = process.argv.includes('--reuse');
  for (const kind of flags.kinds) {
    const dataset = await openDataset(flags.size, kind, { regenerate: !reuse });
    const m = dataset.manifest;
    const rows = m.counts.customers + m.counts.contacts + m.counts.addresses;
    const body = [
      `Generated: ${m.generatedAt.slice(0, 16).replace('T', ' ')} UTC, ${m.app ?? 'app version not recorded'}. `
        + `Machine: ${describeMachine(machine(dataset.version), { app: false })}.`,
      '',
      table(['database', 'customers', 'contacts', 'addresses', 'rows written (s)', 'indexes + vacuum analyze (s)', 'total (s)', 'rows/s'], [[
        label(kind), m.counts.customers.toLocaleString('en-GB'), m.counts.contacts.toLocaleString('en-GB'), m.counts.addresses.toLocaleString('en-GB'),
        m.seconds.rows.toFixed(1), m.seconds.indexes.toFixed(1), m.seconds.total.toFixed(1), Math.round(rows / m.seconds.total).toLocaleString('en-GB'),
      ]]),
      '',
      `Main store ${SIZES[flags.size].main.toLocaleString('en-GB')} customers, plus ${SIZES[flags.size].others} stores of ${SIZES[flags.size].otherSize.toLocaleString('en-GB')}; `
        + `batches of ${BATCH} customers, one transaction each, one INSERT ... SELECT FROM unnest(...) per table; secondary indexes dropped `
        + 'for the load and rebuilt from their pg_indexes definitions, then VACUUM ANALYZE. search_text checked against 40 customers created through the API.',
      '',
      `Reproduce: \`node --import tsx bench/generate.ts --size ${flags.size} --db ${kind}\` (regenerates; \`--reuse\` only reports).`,
    ].join('\n');
    console.log(`\n${label(kind)} ${flags.size}:\n${body}\n`);
    writeSection({ key: `generate:${flags.size}:${kind}`, title: `Data generation — ${flags.size} — ${label(kind)}`, body });
    await dataset.close();
  }
}
