// Runs once before the suite: migrates a PGlite template folder, and the server's test database when set.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEMPLATE_DIR } from './helpers/database.ts';

// The browser tests drive Debian's Chromium; playwright-core never downloads a browser of its own.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) throw new Error(`The browser tests need ${CHROMIUM}: run "sudo apt-get install chromium".`);
  console.log('installing Debian\'s chromium for the browser tests...');
  for (const command of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium', 'fonts-dejavu-core']]) {
    const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed`);
  }
}

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
