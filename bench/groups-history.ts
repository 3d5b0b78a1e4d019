// The Online Retail history loaded through the product's sales import, once, and kept between runs for the
// customer-group benches: a server database named clientele_bench_groups_<copies>x (or a PGlite folder under
// bench/data/groups/), reused while its manifest and its sales count agree. The "groups" store has the three
// frequency groups of FREQUENCY_GROUPS created BEFORE the import, so the import keeps them current sale by sale;
// at 1x a second store ("plain") holds the same history without any group. 10x is generated from 10 copies of
// the file (invoice numbers and customer numbers offset per copy, dates as they are) into a temporary file.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_DATASET } from '../src/cli/demo.ts';
import { connect, type Connection } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Ctx } from '../src/modules/access/context.ts';
import { ALL_RIGHTS } from '../src/modules/access/rights.ts';
import { createStore, updateStore } from '../src/modules/access/stores.ts';
import type { GroupCreate } from '../src/modules/groups/schema.ts';
import { createGroup } from '../src/modules/groups/service.ts';
import { runQueuedRecompute } from '../src/modules/groups/upkeep.ts';
import { importSalesFile } from '../src/modules/imports/sales.ts';
import { appVersion, BENCH_DIR, type Kind, maintenanceUrl, serverBaseUrl } from './harness.ts';

export const ONLINE_RETAIL_LINES = 541_909;

/** Three frequency groups, one per metric, over the whole history (the data is from 2010-2011: a rolling window would hold nobody). */
export const FREQUENCY_GROUPS: GroupCreate[] = [
  {
    kind: 'frequency', name: 'Spend', metric: 'sales', active_from: '2010-12-01', window: 'never_reset', levels: [
      { description: 'Bronze', min: 1, max: 49_999 }, { description: 'Silver', min: 50_000, max: 199_999 }, { description: 'Gold', min: 200_000, vip: true },
    ],
  },
  {
    kind: 'frequency', name: 'Margin', metric: 'gross_margin', active_from: '2010-12-01', window: 'never_reset', levels: [
      { description: 'Bronze', min: 1, max: 14_999 }, { description: 'Silver', min: 15_000, max: 69_999 }, { description: 'Gold', min: 70_000 },
    ],
  },
  {
    kind: 'frequency', name: 'Visits', metric: 'transactions', active_from: '2010-12-01', window: 'never_reset', levels: [
      { description: 'Occasional', min: 1, max: 4 }, { description: 'Regular', min: 5, max: 19 }, { description: 'Loyal', min: 20 },
    ],
  },
];

export interface HistoryStore {
  id: string;
  key: string;
}

export interface HistoryManifest {
  kind: Kind;
  copies: number;
  lines: number;
  loadedAt: string;
  app: string;
  groups: HistoryStore & { groupIds: string[]; sales: number; importSeconds: number };
  plain?: HistoryStore & { sales: number; importSeconds: number };
  /** Moves (entered, level changed, left) of each upkeep group's first recompute after the import. */
  checkedAfterImport?: { moves: { entered: number; level_changed: number; left: number }[]; at: string };
}

export interface History {
  connection: Connection;
  manifest: HistoryManifest;
  /** The server database's URL (postgres only). */
  url?: string;
  /** The PGlite folder (pglite only). */
  folder?: string;
  close(): Promise<void>;
}

const DATA = join(BENCH_DIR, 'data', 'groups');
const manifestPath = (kind: Kind, copies: number) => join(DATA, `history-${kind}-${copies}x.json`);
export const historyFolder = (copies: number) => join(DATA, `pglite-${copies}x`);
export const historyDatabase = (copies: number) => `clientele_bench_groups_${copies}x`;

export function databaseUrl(name: string): string {
  const url = new URL(serverBaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export function systemCtx(connection: Connection, tenantId: string): Ctx {
  return { db: connection.db, tenantId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
}

async function salesCount(connection: Connection, tenantId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from sales where tenant_id = ${tenantId}`.execute(connection.db);
  return Number(rows[0]!.n);
}

/** 10 copies (or `copies`) of Online Retail: invoice numbers + copy × 1,000,000, customer numbers + copy × 100,000. */
export async function writeCopies(copies: number, path: string): Promise<number> {
  const out = createWriteStream(path);
  let lines = 0;
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  for (let copy = 0; copy < copies; copy++) {
    let header = true;
    for await (const line of createInterface({ input: createReadStream(DEFAULT_DATASET).pipe(createGunzip()), crlfDelay: Infinity })) {
      if (header) {
        header = false;
        if (copy === 0) await write(`${line}\n`);
        continue;
      }
      if (!line) continue;
      // InvoiceNo is the first field (never quoted); CustomerID the one before the last (Country has no comma in this file).
      const first = line.indexOf(',');
      const last = line.lastIndexOf(',');
      const before = line.lastIndexOf(',', last - 1);
      const invoice = line.slice(0, first).replace(/^([A-Z]?)(\d+)$/, (_, prefix: string, digits: string) => `${prefix}${Number(digits) + copy * 1_000_000}`);
      const customerText = line.slice(before + 1, last);
      const customer = customerText ? String(Number(customerText) + copy * 100_000) : '';
      await write(`${invoice}${line.slice(first, before + 1)}${customer}${line.slice(last)}\n`);
      lines++;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return lines;
}

async function loadStore(connection: Connection, name: string, path: string, lines: number, withGroups: boolean) {
  const created = await createStore(connection.db, { name, currency: 'GBP', locale: 'en' });
  const ctx = systemCtx(connection, created.store.id);
  await updateStore(ctx, { time_zone: 'Europe/London', default_margin_bp: 3500, loyalty_points_per_unit: 1 });
  const groupIds: string[] = [];
  if (withGroups) {
    for (const input of FREQUENCY_GROUPS) {
      const group = await createGroup(ctx, input);
      await runQueuedRecompute(ctx, group.id, 'rule');
      groupIds.push(group.id);
    }
  }
  const started = performance.now();
  let shown = 0;
  const job = await importSalesFile(ctx, connection.kind, path, {}, (at) => {
    if (at.phase !== 'writing' || at.rows_read < shown + lines / 10) return;
    shown = at.rows_read;
    console.log(`    ${name}: ${at.rows_read.toLocaleString('en-GB')} of ${lines.toLocaleString('en-GB')} rows written, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
  const importSeconds = (performance.now() - started) / 1000;
  if (job.counts.lines !== lines) throw new Error(`${name}: the import wrote ${job.counts.lines} lines, not ${lines}`);
  console.log(`    ${name}: imported in ${importSeconds.toFixed(0)} s`);
  return { id: created.store.id, key: created.api_key, groupIds, sales: await salesCount(connection, created.store.id), importSeconds };
}

async function open(kind: Kind, copies: number): Promise<{ connection: Connection; url?: string; folder?: string }> {
  if (kind === 'pglite') {
    const folder = historyFolder(copies);
    const connection = await connect({ dataDir: folder });
    await migrateToLatest(connection.db);
    return { connection, folder };
  }
  const url = databaseUrl(historyDatabase(copies));
  const connection = await connect({ databaseUrl: url });
  await migrateToLatest(connection.db);
  return { connection, url };
}

async function serverDatabaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: maintenanceUrl() });
  await admin.connect();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  } finally {
    await admin.end();
  }
}

export async function recreateServerDatabase(name: string, template?: string): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(name)}${template ? ` template ${pg.escapeIdentifier(template)}` : ''}`);
  } finally {
    await admin.end();
  }
}

/** The loaded history: reused when its manifest and sales counts agree, loaded afresh otherwise (minutes at 10x). */
export async function openHistory(kind: Kind, copies: number, options: { plain?: boolean } = {}): Promise<History> {
  mkdirSync(DATA, { recursive: true });
  const path = manifestPath(kind, copies);
  const cached = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as HistoryManifest : undefined;
  const present = kind === 'pglite' ? existsSync(historyFolder(copies)) : await serverDatabaseExists(historyDatabase(copies));
  if (cached && present && (!options.plain || cached.plain)) {
    const opened = await open(kind, copies);
    const same = await salesCount(opened.connection, cached.groups.id) === cached.groups.sales
      && (!cached.plain || await salesCount(opened.connection, cached.plain.id) === cached.plain.sales);
    if (same) return { ...opened, manifest: cached, close: () => opened.connection.close() };
    await opened.connection.close();
    console.log('  the loaded history does not match its manifest: loading it again');
  }
  rmSync(path, { force: true });
  if (kind === 'pglite') rmSync(historyFolder(copies), { recursive: true, force: true });
  else await recreateServerDatabase(historyDatabase(copies));
  const opened = await open(kind, copies);
  let file = { path: DEFAULT_DATASET, lines: ONLINE_RETAIL_LINES, remove: async () => {} };
  if (copies > 1) {
    const folder = await mkdtemp(join(tmpdir(), 'clientele-bench-groups-'));
    const started = performance.now();
    const generated = join(folder, `online-retail-${copies}x.csv`);
    const lines = await writeCopies(copies, generated);
    console.log(`  wrote ${lines.toLocaleString('en-GB')} lines (${copies} copies) to ${generated} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    file = { path: generated, lines, remove: () => rm(folder, { recursive: true, force: true }) };
  }
  try {
    console.log(`  loading ${copies}x Online Retail (${file.lines.toLocaleString('en-GB')} lines) on ${kind}`);
    const groups = await loadStore(opened.connection, `Bench groups ${copies}x`, file.path, file.lines, true);
    const plain = options.plain ? await loadStore(opened.connection, `Bench plain ${copies}x`, file.path, file.lines, false) : undefined;
    await sql`vacuum analyze`.execute(opened.connection.db);
    const manifest: HistoryManifest = {
      kind, copies, lines: file.lines, loadedAt: new Date().toISOString(), app: appVersion(),
      groups: { id: groups.id, key: groups.key, groupIds: groups.groupIds, sales: groups.sales, importSeconds: groups.importSeconds },
      plain: plain && { id: plain.id, key: plain.key, sales: plain.sales, importSeconds: plain.importSeconds },
    };
    writeFileSync(path, JSON.stringify(manifest, null, 1));
    return { ...opened, manifest, close: () => opened.connection.close() };
  } finally {
    await file.remove();
  }
}
