import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection, type DatabaseKind } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** A migrated PGlite folder made once per run by test/setup.ts; each test process opens a copy (~0.3 s, not ~4 s). */
export const TEMPLATE_DIR = join(process.cwd(), '.test-data', 'template');

/** PGlite always; the PostgreSQL server too when TEST_DATABASE_URL names one. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  connection: Connection;
  /** The PGlite folder (a copy of the template), undefined on the server. */
  dataDir?: string;
  close(): Promise<void>;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const connection = await connect({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 4 });
    return { connection, close: () => connection.close() };
  }
  const dataDir = await copyTemplate();
  const connection = await connect({ dataDir });
  await migrateToLatest(connection.db);
  return {
    connection, dataDir,
    close: async () => {
      await connection.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh copy of the migrated template folder, for a test or a spawned server to own. */
export async function copyTemplate(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clientele-test-'));
  await cp(TEMPLATE_DIR, dataDir, { recursive: true });
  return dataDir;
}
