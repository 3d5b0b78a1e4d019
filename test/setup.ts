// Runs once before the suite: migrates a PGlite template folder, and the server's test database when set.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEMPLATE_DIR } from './helpers/database.ts';

await rm(TEMPLATE_DIR, { recursive: true, force: true });
const pglite = await connect({ dataDir: TEMPLATE_DIR });
await migrateToLatest(pglite.db);
await pglite.close();
if (!existsSync(TEMPLATE_DIR)) throw new Error('the PGlite template was not written');

if (process.env.TEST_DATABASE_URL) {
  const server = await connect({ databaseUrl: process.env.TEST_DATABASE_URL });
  await migrateToLatest(server.db);
  await server.close();
}
console.log(`test databases ready: pglite${process.env.TEST_DATABASE_URL ? ' and postgres' : ''}`);
