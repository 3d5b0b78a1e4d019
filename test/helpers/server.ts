import { createStore } from '../../src/modules/access/stores.ts';
import { startServer as startClientele } from '../../src/server.ts';
import { openTestDatabase } from './database.ts';

/**
 * The real server, listening on a free port, on its own copy of the migrated PGlite template: for browser
 * tests. Stores are made in the same process, since one process holds a PGlite folder at a time.
 */
export async function startServer() {
  const database = await openTestDatabase('pglite');
  process.env.LOG_LEVEL ??= 'warn';
  const server = await startClientele({ port: 0, host: '127.0.0.1', connection: database.connection, rateLimitPerMinute: 100_000 });
  return {
    baseUrl: server.address,
    async createStore(options: { name?: string; locale?: 'en' | 'fr' } = {}) {
      const created = await createStore(database.connection.db, { name: options.name ?? 'Browser test store', currency: 'GBP', locale: options.locale ?? 'en' });
      return { store_id: created.store.id, api_key: created.api_key };
    },
    async stop() {
      await server.app.close();
      await database.close();
    },
  };
}
