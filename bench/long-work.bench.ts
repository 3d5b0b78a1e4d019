// Long work against the API. On PGlite the database is one connection inside the process, handed out first come
// first served (PgliteConnectionQueue in src/db/connect.ts), so a request waits for whatever transaction holds it.
// Measures GET /v1/customers/{id} under load while a bulk insert of 50,000 customers runs in batches of 500, each
// batch its own transaction, in the same process, against the same requests with no job running.
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import type { Connection } from '../src/db/connect.ts';
import { createStore } from '../src/modules/access/stores.ts';
import { insertCustomers, openDataset, SIZES } from './generate.ts';
import {
  describeMachine, fixed, type Kind, label, load, type LoadOptions, type LoadResult, machine, median, ms, p95, parseFlags, reproduce, startLoad,
  summarise, type Summary, table, today, writeSection,
} from './harness.ts';

const JOB_CUSTOMERS = 50_000;
const JOB_BATCH = 500;
const CONNECTIONS = 10;
const SECONDS = 10;

const flags = await parseFlags();

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const { manifest, connection } = dataset;
  const app = await buildApp({
    connection, rateLimitPerMinute: 1_000_000_000,
    logger: { level: 'info', file: '/dev/null', redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const options: LoadOptions = {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    headers: { authorization: `Bearer ${manifest.main.key}` },
    connections: CONNECTIONS, duration: SECONDS,
    paths: manifest.sampleIds.map((id) => `/v1/customers/${id}`),
  };
  await load({ ...options, duration: 2 });
  const before = await load(options);

  // The job as an import would run it, then the same job handing the event loop back (setImmediate) between
  // batches: PGlite runs a statement synchronously on this thread, so whether requests get in between batches
  // depends on that.
  const jobs: JobRun[] = [];
  for (const yielding of [false, true]) jobs.push(await runJob(options, connection, yielding));
  const after = await load(options);
  await app.close();
  // Vacuum without ANALYZE: a fresh statistics sample would change the plans the other benches measure
  // (it did: the estimate for search_text like '%lópez%' went from 100 to 20,219 rows at 1M customers).
  await sql`vacuum customers, customer_contacts, customer_addresses`.execute(connection.db);

  const idle = summarise([before, after]);
  const row = (side: string, s: Summary) => [side, fixed(median(s.runs), 0), ms(median(s.latencies)), ms(p95(s.latencies)), ms(Math.max(...s.latencies)), s.requests];
  const variant = (job: JobRun) => (job.yielding ? 'job also yielding between batches (setImmediate)' : 'job as written (awaits the next batch)');
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size} `
      + `(main store ${SIZES[flags.size].main.toLocaleString('en-GB')} customers).`,
    `Requests: GET /v1/customers/{id} over ${manifest.sampleIds.length} ids, autocannon in a child process, ${CONNECTIONS} connections. `
      + `Job: ${JOB_CUSTOMERS.toLocaleString('en-GB')} customers with their contacts and addresses into a new store, in batches of ${JOB_BATCH} `
      + `(3 multi-row INSERTs per batch, one transaction per batch), in the server's process while the requests run, twice: as written, `
      + `and handing the event loop back between batches; baseline: the same requests for ${SECONDS} s before and ${SECONDS} s after the jobs, pooled. `
      + 'With a job: every request in flight at some point while it ran, however long it waited (autocannon timeout 300 s); '
      + 'req/s there is those requests over the job\'s time.',
    '',
    table(['side', 'req/s', 'median ms', 'p95 ms', 'max ms', 'requests'], [
      row('baseline: no job', idle), ...jobs.map((job) => row(`while the ${variant(job)} runs`, summarise([job.load]))),
    ]),
    '',
    table(['job', 'p95 with job / p95 without', 'job time (s)', 'customers/s', 'batch median ms', 'batch p95 ms'], jobs.map((job) => [
      variant(job), fixed(p95(job.load.latencies) / p95(idle.latencies)), fixed(job.seconds, 1), fixed(JOB_CUSTOMERS / job.seconds, 0),
      ms(median(job.batches)), ms(p95(job.batches)),
    ])),
    '',
    '"batch" is the time the three INSERTs of one batch took inside its transaction (BEGIN and COMMIT aside): on PGlite, '
      + 'the time a request waits behind it, per statement it has still to run, when requests get their turn between batches.',
    '',
    `Reproduce: ${reproduce('long-work.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nLong work vs the API — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `long-work:${flags.size}:${kind}`, title: `Long work vs the API — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

interface JobRun {
  yielding: boolean;
  load: LoadResult;
  seconds: number;
  /** Milliseconds per batch inside its transaction. */
  batches: number[];
}



async function runJob(options: LoadOptions, connection: Connection, yielding: boolean): Promise<JobRun> {
  // The job writes into a store of its own, deleted afterwards (with its rows), so the cached data set stays as
  // generated; it writes rows only, not the per-store tallies the app keeps, which go with the store.
  const scratch = await createStore(connection.db, { name: 'Bench long work', currency: 'GBP', locale: 'en' });
  const during = startLoad({ ...options, duration: 600 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const batches: number[] = [];
  const startedAt = Date.now();
  const started = performance.now();
  await insertCustomers(connection, scratch.store.id, yielding ? 78 : 77, JOB_CUSTOMERS, {
    batchSize: JOB_BATCH,
    onBatch: async (held) => {
      batches.push(held);
      if (yielding) await new Promise((resolve) => setImmediate(resolve));
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const endedAt = Date.now();
  console.log(`  job ${yielding ? 'yielding' : 'as written'}: ${seconds.toFixed(1)} s`);
  // Requests still waiting behind the job are answered now; give them time, then keep every request that was
  // in flight at some point while the job ran (sent before it ended, answered after it started).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  during.stop();
  const all = await during.done;
  const sent = all.sentAt.map((at, i) => [at, all.latencies[i]!] as const)
    .filter(([at, latency]) => at <= endedAt && at + latency >= startedAt);
  const result: LoadResult = {
    ...all, requests: sent.length, seconds, requestsPerSecond: sent.length / seconds,
    latencies: sent.map(([, latency]) => latency), sentAt: sent.map(([at]) => at),
  };
  await connection.db.deleteFrom('stores').where('tenant_id', '=', scratch.store.id).execute();
  return { yielding, load: result, seconds, batches };
}

// Last, so every declaration above is initialised before the first bench runs.
for (const kind of flags.kinds) await bench(kind);
