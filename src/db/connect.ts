import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Readable } from 'node:stream';
import { type CompiledQuery, Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copiesOut, type Database, PREPARED_MARK } from './database.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /**
   * Calls `onMessage` for each NOTIFY on `channel` from any process using the same server. Only a server
   * needs it: PGlite lives in one process, which already knows what it changed.
   */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A PostgreSQL server URL; when absent, PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** The PGlite data folder; `undefined` with no URL means in memory. */
  dataDir?: string | undefined;
  /** Postgres pool size. */
  poolSize?: number;
}

// Both drivers must hand back the same JavaScript values for the same SQL: bigint as number (money in
// minor units stays far below 2^53), date as 'YYYY-MM-DD' text (a Date would shift with the time zone).
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (value) => Number(value));
pg.types.setTypeParser(DATE, (value) => value);

export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10);
  return connectPglite(options.dataDir);
}

/** The name a statement marked PREPARED (database.ts) is prepared under: made from its text. */
function preparedName(text: string): string | undefined {
  if (!text.startsWith(PREPARED_MARK)) return undefined;
  let name = preparedNames.get(text);
  if (!name) {
    // Marked statements are few; the bound only guards against a text that varies by mistake.
    if (preparedNames.size >= 1000) preparedNames.clear();
    name = `clientele_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name;
}
const preparedNames = new Map<string, string>();

/**
 * Sends statements marked PREPARED as named ones; node-postgres remembers which names a connection has
 * prepared, and prepares a name on its first use there.
 */
function prepareMarked(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, ...rest: unknown[]) => {
    const name = typeof text === 'string' && Array.isArray(rest[0]) ? preparedName(text) : undefined;
    return name ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
  }) as typeof client.query;
}

async function connectPostgres(url: string, poolSize: number): Promise<Connection> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('connect', prepareMarked);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  copiesOut.set(db, (statement) => copyOut(pool, statement));
  const listeners: pg.Client[] = [];
  return {
    db, kind: 'postgres',
    async listen(channel, onMessage) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on('notification', (message) => message.channel === channel && onMessage(message.payload ?? ''));
      await client.query(`listen "${channel.replaceAll('"', '')}"`);
      listeners.push(client);
    },
    async close() {
      await Promise.all(listeners.map((client) => client.end()));
      await db.destroy();
    },
  };
}

/**
 * COPY (statement) TO STDOUT as CSV with a header, on a connection of its own until the last byte. COPY takes no
 * parameters, so they are written into the text as literals. A reader that stops early (the client went away)
 * closes the connection, which ends the COPY on the server; a connection is never handed back mid-COPY.
 */
async function copyOut(pool: pg.Pool, statement: CompiledQuery): Promise<Readable> {
  const copy = `copy (${withLiterals(statement)}) to stdout (format csv, header)`;
  const client = await pool.connect();
  const csv = client.query(copyTo(copy));
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  csv.on('end', () => release());
  csv.on('error', (error) => release(error));
  csv.on('close', () => release(csv.readableEnded ? undefined : new Error('The CSV reader stopped before the end.')));
  return csv;
}

async function connectPglite(dataDir: string | undefined): Promise<Connection> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, btree_gin },
    parsers: {
      [INT8]: (value: string) => Number(value),
      [DATE]: (value: string) => value,
      [NUMERIC]: (value: string) => value,
    },
    serializers: { [pgliteTypes.JSONB]: serializeJson, [pgliteTypes.JSON]: serializeJson },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({
    // Kysely's Postgres dialect drives PGlite through a pool-shaped queue (query + release is all it uses).
    pool: new PgliteConnectionQueue(pglite) as unknown as PostgresPool,
  }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/**
 * PGlite is one connection inside this process. Kysely holds a connection for a whole transaction, so the
 * connection is handed to one caller at a time, first come first served: a transaction never sees another
 * request's statements in the middle.
 *
 * PGlite answers in microtasks and never gives the event loop a turn, so a job that commits a batch and asks
 * for the connection again at once would keep it while requests sit unread in their sockets (measured: a
 * batch import took a lookup's p95 from 38 ms to 4.7 s, or served none at all). So every caller first lets
 * the event loop turn, then queues: requests that arrived meanwhile are read and queue in between, and each
 * waits for at most the transaction in progress. Long work therefore runs as short transactions.
 */
class PgliteConnectionQueue {
  #tail: Promise<void> = Promise.resolve();
  readonly #client: PgliteClient;

  constructor(private readonly pglite: PGlite) {
    this.#client = new PgliteClient(pglite);
  }

  async connect(): Promise<PgliteClient & { release(): void }> {
    await new Promise((resolve) => setImmediate(resolve));
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    return Object.assign(Object.create(this.#client) as PgliteClient, { release });
  }

  async end(): Promise<void> {
    await this.#tail;
    await this.pglite.close();
  }
}

class PgliteClient {
  /**
   * The statements marked PREPARED that this database has prepared (PREPARE outlives a rolled-back
   * transaction). A plain property: each connection is an Object.create of this client, sharing it.
   */
  private readonly prepared = new Set<string>();

  constructor(private readonly pglite: PGlite) {}

  async query(sql: string, parameters: unknown[]) {
    const name = preparedName(sql);
    // PGlite's query has no named statements, and EXECUTE takes no bound parameters: a marked statement whose
    // parameters are all plain values is prepared once and executed with them written as literals; any other
    // runs as it is.
    if (!name || !parameters.every(isPlainValue)) return this.run(sql, firstKeyword(sql), parameters);
    if (!this.prepared.has(name)) {
      await this.pglite.query(`prepare ${name} as ${sql}`);
      this.prepared.add(name);
    }
    const values = parameters.length > 0 ? `(${parameters.map(literal).join(', ')})` : '';
    return this.run(`execute ${name}${values}`, firstKeyword(sql.slice(PREPARED_MARK.length)), []);
  }

  private async run(sql: string, command: string, parameters: unknown[]) {
    const result = await this.pglite.query<Record<string, unknown>>(sql, parameters);
    return { command: command as 'SELECT', rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
  }
}

type Scalar = string | number | boolean | Date | null;
const isScalar = (value: unknown): value is Scalar => value === null || typeof value === 'string' || typeof value === 'boolean'
  || (typeof value === 'number' && Number.isFinite(value)) || (value instanceof Date && Number.isFinite(value.getTime()));
/** A value EXECUTE can take as a literal: a scalar, or an array of scalars (ids, times: an upkeep's parameters). */
const isPlainValue = (value: unknown) => isScalar(value) || (Array.isArray(value) && value.every(isScalar));
// A string literal with its quotes doubled is safe with standard_conforming_strings, on by default and in PGlite.
// An array is written as PostgreSQL's array text inside such a literal, each element double-quoted with its
// backslashes and double quotes escaped; PREPARE gave the parameter its type, which the text is read as.
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
const text = (value: Exclude<Scalar, null>) => (value instanceof Date ? value.toISOString() : String(value));
const arrayElement = (value: Scalar) => (value === null ? 'NULL' : `"${text(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
function literal(value: unknown): string {
  if (Array.isArray(value)) return quoted(`{${(value as Scalar[]).map(arrayElement).join(',')}}`);
  if (value === null) return 'null';
  if (typeof value === 'string' || value instanceof Date) return quoted(text(value));
  // In parentheses, so a negative number after a minus sign does not read as a comment (x - -1).
  return `(${String(value)})`;
}

/**
 * A compiled statement with each $n written as its value's literal, for what takes no parameters (COPY). Quoted
 * strings and identifiers are skipped, so a "$1" inside them stays text. A literal without a cast is untyped, as a
 * parameter is, so PostgreSQL gives it the type its place asks for.
 */
export function withLiterals({ sql, parameters }: CompiledQuery): string {
  if (!parameters.every(isPlainValue)) throw new Error('Only plain values can be written into a statement as literals.');
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n?: string) => (n ? literal(parameters[Number(n) - 1]) : match));
}

// Queries pass JSON already serialised (so node-postgres never turns a JS array into a Postgres array).
function serializeJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Kysely reads the command to report affected rows of INSERT, UPDATE and DELETE.
function firstKeyword(sql: string): string {
  return (/^\s*([a-z]+)/i.exec(sql)?.[1] ?? '').toUpperCase();
}
