import { Type } from 'typebox';
import { buildApp } from '../src/app.ts';
import type { Connection } from '../src/db/connect.ts';
import { logDestination, loggerOptions } from '../src/http/logging.ts';
// What every bench file shares: flags, the machine, statistics, tables, BENCHMARKS.md sections, and the load
// generator (autocannon in a child process, so it does not share the event loop it measures).
import { execSync, fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Size = 'small' | 'full';
export type Kind = 'pglite' | 'postgres';

export interface Flags {
  size: Size;
  /** Which databases to run on; `both` falls back to PGlite alone when no server answers. */
  kinds: Kind[];
  /** Bench names to run (run.ts only); empty for all. */
  only: string[];
}

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/clientele_bench';
export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

export async function parseFlags(argv = process.argv.slice(2)): Promise<Flags> {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  };
  const size = (value('size') ?? 'small') as Size;
  if (size !== 'small' && size !== 'full') throw new Error(`--size must be small or full, not ${size}`);
  const db = value('db') ?? 'both';
  if (!['pglite', 'postgres', 'both'].includes(db)) throw new Error(`--db must be pglite, postgres or both, not ${db}`);
  let kinds: Kind[] = db === 'both' ? ['pglite', 'postgres'] : [db as Kind];
  if (kinds.includes('postgres') && !(await serverReachable())) {
    if (db === 'postgres') throw new Error(`no PostgreSQL server answers at ${redact(serverBaseUrl())}`);
    console.log(`no PostgreSQL server at ${redact(serverBaseUrl())}: PGlite only`);
    kinds = ['pglite'];
  }
  return { size, kinds, only: (value('only') ?? '').split(',').filter(Boolean) };
}

export function serverBaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_SERVER_URL;
}

/** Each size has its own server database: the URL's database name with _small or _full appended. */
export function serverUrl(size: Size): string {
  const url = new URL(serverBaseUrl());
  url.pathname = `/${url.pathname.slice(1) || 'clientele_bench'}_${size}`;
  return url.toString();
}

export function maintenanceUrl(): string {
  const url = new URL(serverBaseUrl());
  url.pathname = '/postgres';
  return url.toString();
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: maintenanceUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// Statistics, nearest-rank percentiles on sorted copies.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export const median = (values: readonly number[]) => percentile(values, 50);
export const p95 = (values: readonly number[]) => percentile(values, 95);

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
export const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
export const count = (value: number) => Math.round(value).toLocaleString('en-GB');

export function label(kind: Kind): string {
  return kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
}

/** A Markdown table; printed as is to the terminal too, where it reads well enough. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map((row) => line(row.map(String)))].join('\n');
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  database: string;
}

export function machine(databaseVersion: string): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    database: databaseVersion,
  };
}

/** The load average is printed at the end of a bench: other work on a shared machine shows there. */
export function describeMachine(m: Machine, options: { app?: boolean } = {}): string {
  return `${options.app === false ? '' : `${appVersion()}; `}${m.cores} cores (nproc; ${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.database}; `
    + `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min) when written`;
}

export interface Section {
  /** bench name, size and database, e.g. till-lookup:full:postgres; sections are kept sorted by it. */
  key: string;
  title: string;
  body: string;
}

const ORDER = ['generate', 'api-overhead', 'customer-lookup', 'long-work', 'tag-search', 'customer-export', 'record-sale', 'sales-import', 'sales-report'];
const INTRO = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); each section is replaced when its benchmark runs again on the same
size and database. Flags: \`--size small|full\` (default small), \`--db pglite|postgres|both\` (default both when a
server answers at DATABASE_URL or ${DEFAULT_SERVER_URL}; each size uses that database name with \`_small\` or
\`_full\` appended), \`--only name,...\` (${ORDER.join(', ')}). Generated PGlite folders are cached under
bench/data/<size>/ and a server database is reused when it holds the expected counts.
Latencies are in milliseconds; p95 is the nearest-rank 95th percentile of every request of the runs pooled;
req/s is the median of the runs. Baselines run in the same process and the same run as what they are compared with.
`;

/** Replaces (or adds) one section of BENCHMARKS.md, keeping the others and the order of the benches. */
export function writeSection(section: Section): void {
  const text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const match of text.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench -->\n/g)) sections.set(match[1]!, match[0]);
  sections.set(section.key, `<!-- bench:${section.key} -->\n## ${section.title}\n\n${section.body.trim()}\n<!-- /bench -->\n`);
  const rank = (key: string) => {
    const [name, size, kind] = key.split(':');
    return [ORDER.indexOf(name!), size === 'small' ? 0 : 1, kind === 'pglite' ? 0 : 1];
  };
  const keys = [...sections.keys()].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || a.localeCompare(b);
  });
  // Whatever stands before the first section (the introduction, findings written by hand) is kept as it is.
  const first = text.indexOf('<!-- bench:');
  const head = first > 0 ? text.slice(0, first).trimEnd() : INTRO.trimEnd();
  writeFileSync(BENCHMARKS_MD, `${head}\n\n${keys.map((key) => sections.get(key)).join('\n')}`);
}

/** The commit the app was measured at, and whether src/ had changes not committed yet. */
export function appVersion(): string {
  try {
    const commit = execSync('git rev-parse --short HEAD', { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- ../src', { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
    return `app at ${commit}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'app version unknown (no git)';
  }
}

export function reproduce(file: string, flags: { size: Size }, kind: Kind): string {
  return `\`node --import tsx bench/${file} --size ${flags.size} --db ${kind}\` (or \`npm run bench -- --size ${flags.size} --db ${kind} --only ${file.replace(/\.bench\.ts$|\.ts$/, '')}\`)`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Paths to request, taken in turn across all connections. */
  paths: string[];
  headers?: Record<string, string>;
  /** POST this body instead of a GET: `{{n}}` becomes a number unique to the request, `{{value}}` the next of `values`. */
  body?: string;
  values?: string[];
  connections: number;
  /** Seconds; the run can also be ended early with `stop()`. */
  duration: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Milliseconds, one per answered request. */
  latencies: number[];
  /** When each answered request was sent (Date.now() milliseconds), in the order of `latencies`. */
  sentAt: number[];
  errors: number;
  non2xx: number;
}

/** Runs autocannon in a child process against a server of this one; returns per-request latencies. */
export function startLoad(options: LoadOptions): { done: Promise<LoadResult>; stop: () => void } {
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the load generator exited with ${code}`)));
  });
  child.send(options);
  return { done, stop: () => child.connected && child.send('stop') };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await startLoad(options).done;
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.paths[0]}: ${result.errors} errors and ${result.non2xx} non-2xx answers of ${result.requests}`);
  }
  return result;
}

/** Times `work` run again and again, one at a time, for `seconds` (at least `minimum` times); milliseconds. */
export async function timeRepeatedly(work: (i: number) => Promise<unknown>, seconds: number, minimum = 5): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end || times.length < minimum; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  return times;
}

/** A seeded shuffle (mulberry32), so runs take the same order. */
export function shuffled<T>(values: readonly T[], seed = 7): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export interface Summary {
  /** req/s of each run. */
  runs: number[];
  requests: number;
  latencies: number[];
  /** CPU time of this process (all its threads) per answered request, microseconds, each run (compareLoads only). */
  cpu?: number[];
}

/** The median of run-by-run ratios candidate / baseline (runs taken in turn), steadier than a ratio of medians on a noisy machine. */
export function pairedRatio(candidate: Summary, baseline: Summary): number {
  return median(candidate.runs.map((run, i) => run / baseline.runs[i]!));
}

export function summarise(results: LoadResult[]): Summary {
  return {
    runs: results.map((r) => r.requestsPerSecond),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    latencies: results.flatMap((r) => r.latencies),
  };
}

/**
 * Baseline and candidate in turn (ABAB...), `runs` times each, after a short warm-up of both, so drift of a
 * noisy machine falls on both sides alike. Each side's CPU per request is measured too: it moves far less than
 * req/s when other work shares the cores (the load generator runs in its own process and is not counted).
 */
export async function compareLoads(baseline: LoadOptions, candidate: LoadOptions, runs: number): Promise<{ baseline: Summary; candidate: Summary }> {
  await load({ ...baseline, duration: 2 });
  await load({ ...candidate, duration: 2 });
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  const cpu: [number[], number[]] = [[], []];
  const measured = async (options: LoadOptions, results: LoadResult[], times: number[]) => {
    const before = process.cpuUsage();
    const result = await load(options);
    const used = process.cpuUsage(before);
    results.push(result);
    times.push((used.user + used.system) / result.requests);
  };
  for (let i = 0; i < runs; i++) {
    await measured(baseline, a, cpu[0]);
    await measured(candidate, b, cpu[1]);
  }
  return { baseline: { ...summarise(a), cpu: cpu[0] }, candidate: { ...summarise(b), cpu: cpu[1] } };
}

/**
 * The app as production runs it (pino at info, written asynchronously as the server writes it, to /dev/null; no
 * practical rate limit), with the baseline route most API benches compare against: GET /v1/bench/customers/{id},
 * one primary-key SELECT behind the same auth.
 */
export async function buildBenchApp(connection: Connection) {
  const app = await buildApp({
    connection,
    rateLimitPerMinute: 1_000_000_000,
    logger: loggerOptions('info', logDestination('/dev/null')),
  });
  app.get('/v1/bench/customers/:id', {
    config: { right: 'view_customers' },
    schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
  }, async (request) => request.ctx.db.selectFrom('customers').selectAll()
    .where('tenant_id', '=', request.ctx.tenantId).where('id', '=', (request.params as { id: string }).id).executeTakeFirstOrThrow());
  return app;
}
