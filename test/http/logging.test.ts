import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/app.ts';
import { loggerOptions } from '../../src/http/logging.ts';
import { createStore } from '../../src/modules/access/stores.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('request logs', () => {
  let database: TestDatabase;
  let app: App;
  const lines: string[] = [];
  before(async () => {
    database = await openTestDatabase('pglite');
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    app = await buildApp({
      connection: database.connection,
      logger: loggerOptions('trace', stream),
    });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('no API key, password or session cookie is ever written to the log', async () => {
    const created = await createStore(database.connection.db, { name: 'Log shop', currency: 'GBP', locale: 'en' });
    const auth = { authorization: `Bearer ${created.api_key}` };
    const password = 'a very secret passphrase';
    await app.inject({ method: 'POST', url: '/v1/users', headers: auth, payload: { email: 'log@shop.test', name: 'Log', password, role_ids: [created.owner_role_id] } });
    const login = await app.inject({ method: 'POST', url: '/v1/session', payload: { email: 'log@shop.test', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    await app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } });
    await app.inject({ method: 'GET', url: '/v1/customers', headers: auth });
    const log = lines.join('');
    assert.ok(log.includes('/v1/customers'), 'requests are logged');
    assert.ok(log.includes(created.store.id), 'each line after authentication names the store');
    for (const secret of [created.api_key.slice('clt_'.length + 33), password, cookie.split('=')[1]!.split('.')[1]!]) {
      assert.ok(!log.includes(secret), `a secret leaked into the log: ${secret.slice(0, 6)}…`);
    }
  });
});
