import { InvalidArgumentError, Option } from 'commander';
import type { Connection } from '../db/connect.ts';
import { ClienteleError } from '../lib/errors.ts';
import type { Ctx } from '../modules/access/context.ts';
import { ALL_RIGHTS } from '../modules/access/rights.ts';
import { getStore } from '../modules/access/stores.ts';
import { openDatabase } from '../db/open.ts';

/** --data, the same on every command that reads or writes data; DATABASE_URL wins when set. */
export const dataOption = () => new Option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)').default('./data');

export function openFromFlags(flags: { data: string }): Promise<Connection> {
  return openDatabase({ dataDir: flags.data, databaseUrl: process.env.DATABASE_URL || undefined });
}

/** --store: checked before any database is opened. */
export function parseStoreId(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new InvalidArgumentError('a store id is a UUID, as `store create` prints it.');
  }
  return value.toLowerCase();
}

/** The operator at the command line acts for the named store with every right. */
export async function storeCtx(connection: Connection, storeId: string): Promise<Ctx> {
  const ctx: Ctx = { db: connection.db, tenantId: storeId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  await getStore(ctx);
  return ctx;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535.');
  return port;
}

/** Runs a command with an open database and closes it, whatever happens. */
export async function withDatabase<T>(flags: { data: string }, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await openFromFlags(flags);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

let serving = false;

/** Marks the process as a server, so the CLI does not exit when the command's action returns. */
export function keepRunning() {
  serving = true;
}

export function isServing() {
  return serving;
}
