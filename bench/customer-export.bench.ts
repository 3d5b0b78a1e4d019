// Customer export: POST /v1/customers/search?format=csv of every customer of the main store, from a real listening
// server in a process of its own (bench/export-server.ts), the response streamed and its bytes and rows counted
// here. Columns: the default export's (id, code, type, name, company_name, email, phone, country, tags, created_at).
// Baseline in the same run: COPY (the export's own select, exportSelect in src/modules/customers/queries.ts: the
// same columns and values, without the order) TO STDOUT (FORMAT csv), on the server read through pg's client the way
// pg-copy-streams does it, on PGlite COPY ... TO '/dev/blob' in the server's process. Also a COPY of the same
// columns left as stored (tag numbers, timestamps as PostgreSQL writes them: the baseline of the passes before
// the export formatted its values in SQL), and a COPY of the export's own statement, in its order. Also the server process's memory while it exports, for the whole
// store and for a slice of it, to show that memory does not grow with the rows.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { withLiterals } from '../src/db/connect.ts';
import { ALL_RIGHTS } from '../src/modules/access/rights.ts';
import { exportFormat } from '../src/modules/customers/export.ts';
import { exportInOrder, exportSelect, filtered } from '../src/modules/customers/queries.ts';
import { DEFAULT_EXPORT_COLUMNS, type ExportColumn } from '../src/modules/customers/schema.ts';
import { openDataset, SIZES } from './generate.ts';
import {
  count, describeMachine, fixed, type Kind, label, machine, median, parseFlags, reproduce, serverUrl, table, today, writeSection,
} from './harness.ts';
import { seedTags } from './seed-tags.ts';

const GOAL = 0.8;
const flags = await parseFlags();
const RUNS = flags.size === 'full' ? 3 : 5;
/** The slice exported to compare memory with the whole store: customers created in the first half of 2024 (about a tenth). */
const SLICE = { created_from: '2024-01-01T00:00:00Z', created_to: '2024-07-01T00:00:00Z' };

// Compiles Kysely queries without a database, to hand their SQL to COPY.
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

interface Transfer { ms: number; bytes: number; rows: number; peakRssMiB?: number }

/** What /proc says of a process's memory, in MiB. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

/** One export over HTTP, streamed; the server's VmRSS sampled every 20 ms while it runs. */
function exportOverHttp(port: number, key: string, body: object, serverPid: number): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    let peak = memory(serverPid).rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memory(serverPid).rss)), 20);
    const started = performance.now();
    const payload = JSON.stringify(body);
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: '/v1/customers/search?format=csv',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`export answered ${response.statusCode}`));
      let bytes = 0;
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      response.on('end', () => {
        clearInterval(sampler);
        peak = Math.max(peak, memory(serverPid).rss);
        resolve({ ms: performance.now() - started, bytes, rows: lines - 1, peakRssMiB: peak }); // the header is not a customer
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * COPY ... TO STDOUT through pg's client, as pg-copy-streams does it (a query object that pg hands the CopyData
 * messages): the bytes are counted as they come and dropped.
 */
function copyOnServer(client: pg.Client, text: string): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let bytes = 0;
    let rows = 0;
    let failed: Error | undefined;
    const copy = {
      submit(connection: { query(text: string): void }) {
        connection.query(`copy (${text}) to stdout (format csv)`);
      },
      handleCopyData(message: { chunk: Buffer }) {
        bytes += message.chunk.length;
        for (let i = message.chunk.indexOf(10); i >= 0; i = message.chunk.indexOf(10, i + 1)) rows++;
      },
      handleCommandComplete() {},
      handleError(error: Error) {
        failed = error;
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve({ ms: performance.now() - started, bytes, rows });
      },
    };
    client.query(copy as unknown as pg.QueryConfig);
  });
}

async function bench(kind: Kind) {
  // Data and tags are made (or checked) here, then the server process opens the database on its own.
  const prepared = await openDataset(flags.size, kind);
  await seedTags(prepared);
  const version = prepared.version;
  const manifest = prepared.manifest;
  const tenantId = manifest.main.id;
  const expected = { all: SIZES[flags.size].main, slice: 0 };
  expected.slice = Number((await prepared.connection.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId).where('created_at', '>=', new Date(SLICE.created_from)).where('created_at', '<', new Date(SLICE.created_to))
    .executeTakeFirstOrThrow()).n);

  const ctx = { db: prepared.connection.db, tenantId, actor: { kind: 'system' as const }, rights: new Set(ALL_RIGHTS) };
  const format = await exportFormat(ctx, [...DEFAULT_EXPORT_COLUMNS] as ExportColumn[]);
  await prepared.close();

  const db = compiler as never;
  const copies = {
    unordered: withLiterals(exportSelect(db, tenantId, {}, format).compile()),
    // The default columns as stored, with the same contact lookups: what the export wrote before it formatted in SQL.
    stored: withLiterals(filtered(db, tenantId, {}).select(['customers.id', 'customers.code', 'customers.type', 'customers.name',
      'customers.company_name', 'customers.country', 'customers.tag_numbers', 'customers.created_at'])
      .select(sql<string>`(select email from customer_contacts k where k.tenant_id = customers.tenant_id and k.customer_id = customers.id
        and email is not null order by position limit 1)`.as('email'))
      .select(sql<string>`(select phones[1] from customer_contacts k where k.tenant_id = customers.tenant_id and k.customer_id = customers.id
        and cardinality(phones) > 0 order by position limit 1)`.as('phone')).compile()),
    // The server export's own statement: the same rows in name order, then id.
    ordered: withLiterals(exportInOrder(db, tenantId, {}, [{ key: 'name', descending: false }], format).compile()),
  };

  const server = fork(fileURLToPath(new URL('./export-server.ts', import.meta.url)), ['--size', flags.size, '--db', kind], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: ((message: Record<string, number>) => void)[] = [];
  server.on('message', (message) => replies.shift()?.(message as Record<string, number>));
  const ask = (message?: object) => new Promise<Record<string, number>>((resolve) => {
    replies.push(resolve);
    if (message) server.send(message);
  });
  const { port } = await ask();
  const pid = server.pid!;
  const client = kind === 'postgres' ? new pg.Client({ connectionString: serverUrl(flags.size) }) : undefined;
  await client?.connect();
  const copy = async (text: string): Promise<Transfer> => client ? copyOnServer(client, text) : (await ask({ copy: text })) as unknown as Transfer;
  const exportAll = () => exportOverHttp(port!, manifest.main.key, { columns: [...DEFAULT_EXPORT_COLUMNS] }, pid);
  const exportSlice = () => exportOverHttp(port!, manifest.main.key, { columns: [...DEFAULT_EXPORT_COLUMNS], ...SLICE }, pid);
  const check = (t: Transfer, rows: number, what: string) => {
    if (t.rows !== rows) throw new Error(`${what}: ${t.rows} rows, expected ${rows}`);
    return t;
  };

  // Memory first, before any COPY (on PGlite COPY's output lands in the server's process).
  const idle = memory(pid);
  const slices = [check(await exportSlice(), expected.slice, 'slice')];
  const afterSlice = memory(pid);
  const alls = [check(await exportAll(), expected.all, 'export')];
  const afterAll = memory(pid);
  slices.push(check(await exportSlice(), expected.slice, 'slice'));
  const afterMemory = memory(pid);

  // Throughput: COPY and the exports taken in turn.
  const unordered: Transfer[] = [];
  const stored: Transfer[] = [];
  const ordered: Transfer[] = [];
  const runs: Transfer[] = [];
  for (let i = 0; i < RUNS; i++) {
    unordered.push(check(await copy(copies.unordered), expected.all, 'COPY'));
    runs.push(check(await exportAll(), expected.all, 'export'));
    ordered.push(check(await copy(copies.ordered), expected.all, 'COPY ordered'));
    stored.push(check(await copy(copies.stored), expected.all, 'COPY as stored'));
    console.log(`  run ${i + 1} of ${RUNS}: export ${fixed(runs.at(-1)!.ms / 1000, 1)} s, COPY ${fixed(unordered.at(-1)!.ms / 1000, 1)} s, `
      + `COPY in order ${fixed(ordered.at(-1)!.ms / 1000, 1)} s, COPY as stored ${fixed(stored.at(-1)!.ms / 1000, 1)} s`);
  }
  await client?.end();
  await ask({ close: true });
  if (runs.some((t) => t.bytes !== alls[0]!.bytes)) throw new Error('two exports of the same store wrote different bytes');

  const rate = (t: Transfer) => t.rows / (t.ms / 1000);
  const paired = (list: Transfer[], baseline: Transfer[]) => median(list.map((run, i) => rate(run) / rate(baseline[i]!)));
  const ratio = paired(runs, unordered);
  const orderedRatio = paired(runs, ordered);
  const storedRatio = paired(runs, stored);
  const row = (what: string, list: Transfer[]) => [
    what, list.length, count(list[0]!.rows), fixed(median(list.map((t) => t.ms)) / 1000, 2), count(median(list.map(rate))),
    fixed(median(list.map((t) => t.bytes)) / 2 ** 20, 1), list.map((t) => count(rate(t))).join(' / '),
  ];
  const mib = (value: number) => fixed(value, 0);
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(version))}. Data: ${flags.size} (main store ${count(expected.all)} customers, `
      + 'tags seeded by bench/seed-tags.ts).',
    `Export: POST /v1/customers/search?format=csv with the owner key and the default columns (${DEFAULT_EXPORT_COLUMNS.join(', ')}), default `
      + 'sort (name), from the app listening on 127.0.0.1 in a child process; this process streams the response and counts bytes and lines. '
      + `Baseline: COPY (exportSelect(...): the export's statement without its order, the same columns and values, parameters as literals) TO ${kind === 'postgres' ? 'STDOUT (FORMAT csv) through pg\'s client (CopyData messages counted and dropped, as pg-copy-streams reads them)' : '\'/dev/blob\' (FORMAT csv) in the server\'s process (PGlite is in-process; the output is one Blob)'}; `
      + `also a COPY of the export's own statement in its order (exportInOrder: by lower(name), then id), and a COPY of the same columns as stored (tag numbers, timestamps as PostgreSQL writes them, the same contact lookups: the baseline before the export formatted in SQL). ${RUNS} runs, taken in turn (COPY, export, COPY ordered, COPY as stored); `
      + 'ratios are the median of the run-by-run ratios.',
    '',
    table(['side', 'runs', 'rows', 'median s', 'rows/s (median)', 'MiB', 'rows/s per run'], [
      row('export over HTTP (CSV)', runs),
      row('baseline: COPY of the export\'s select', unordered),
      row('COPY of the export\'s select, in its order', ordered),
      row('COPY of the same columns as stored', stored),
    ]),
    '',
    table(['comparison', 'ratio (median of run-by-run rows/s)', 'goal', 'result'], [
      ['export / COPY', fixed(ratio), `>= ${GOAL}`, ratio >= GOAL ? 'met' : `missed by ${fixed((1 - ratio / GOAL) * 100, 0)}%`],
      ['export / COPY in the export\'s order', fixed(orderedRatio), '-', '-'],
      ['export / COPY of the columns as stored', fixed(storedRatio), '-', '-'],
    ]),
    '',
    `Server process memory (MiB, from /proc/<pid>/status; peak = the highest VmRSS sampled every 20 ms during the export), before any COPY, `
      + 'on the export:',
    '',
    table(['when', 'rows exported', 'peak VmRSS during', 'VmRSS after', 'VmHWM after'], [
      ['idle, before exporting', '-', '-', mib(idle.rss), mib(idle.hwm)],
      ['slice (created 2024 H1)', count(slices[0]!.rows), mib(slices[0]!.peakRssMiB!), mib(afterSlice.rss), mib(afterSlice.hwm)],
      ['whole store', count(alls[0]!.rows), mib(alls[0]!.peakRssMiB!), mib(afterAll.rss), mib(afterAll.hwm)],
      ['slice again', count(slices[1]!.rows), mib(slices[1]!.peakRssMiB!), mib(afterMemory.rss), mib(afterMemory.hwm)],
      ['whole store, during the timed runs', count(expected.all), mib(Math.max(...runs.map((r) => r.peakRssMiB!))), '-', '-'],
    ]),
    '',
    `Reproduce: ${reproduce('customer-export.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nCustomer export — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `customer-export:${flags.size}:${kind}`, title: `Customer export — ${flags.size} — ${label(kind)}`, body });
}

// Last, so every declaration above is initialised before the first bench runs.
for (const kind of flags.kinds) await bench(kind);
