import { resolve } from 'node:path';
import { connect, type Connection } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

export interface DatabaseOptions {
  /** PGlite data folder, used when DATABASE_URL is not set. */
  dataDir: string;
  databaseUrl?: string | undefined;
}

/** PGlite in `dataDir`, or the server `databaseUrl` names; the schema brought up to date either way. */
export async function openDatabase(options: DatabaseOptions): Promise<Connection> {
  const connection = await connect({ databaseUrl: options.databaseUrl, dataDir: options.databaseUrl ? undefined : resolve(options.dataDir) });
  try {
    await migrateToLatest(connection.db);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}
