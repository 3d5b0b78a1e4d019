import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { BIN, clientele } from '../helpers/cli.ts';
import { copyTemplate, databaseKinds } from '../helpers/database.ts';

describe('the clientele command', () => {
  test('--help lists the commands, and each command has its own help', async () => {
    const help = await clientele(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['serve', 'demo', 'store', 'user', 'key', 'migrate']) assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
    const storeHelp = await clientele(['store', 'create', '--help']);
    assert.match(storeHelp.stdout, /--currency/);
    assert.match(storeHelp.stdout, /--data/);
  });

  test('a bad flag or value exits non-zero with one line that names it', async () => {
    const cases: [string[], RegExp][] = [
      [['store', 'create', 'Shop', '--colour', 'red'], /--colour/],
      [['store', 'create', 'Shop', '--locale', 'de'], /--locale/],
      [['serve', '--port', 'eighty'], /--port/],
      [['user', 'create', '--store', 'nope', '--email', 'a@b.test', '--role', 'owner'], /--store/],
      [['key', 'create', '--store', '00000000-0000-4000-8000-000000000000', '--rights', 'fly'], /--rights/],
    ];
    for (const [args, names] of cases) {
      const result = await clientele([...args, '--data', '/nonexistent/never-created']);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, names, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
    }
  });
});

for (const kind of databaseKinds()) {
  describe(`the clientele command on ${kind}`, () => {
    let dataDir: string;
    const env = kind === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {};
    before(async () => (dataDir = await copyTemplate()));
    after(() => rm(dataDir, { recursive: true, force: true }));

    test('an operator creates a store, a user and a till key, then serves them', async () => {
      const store = await clientele(['store', 'create', 'High Street Shop', '--currency', 'EUR', '--locale', 'fr', '--json', '--data', dataDir], env);
      assert.equal(store.code, 0, store.stderr);
      const { store_id: storeId, api_key: ownerKey } = JSON.parse(store.stdout);
      assert.match(ownerKey, /^clt_/);

      const user = await clientele(['user', 'create', '--store', storeId, '--email', `till-${storeId}@shop.test`, '--role', 'cashier', '--json', '--data', dataDir], env);
      assert.equal(user.code, 0, user.stderr);
      const { password } = JSON.parse(user.stdout);
      assert.ok(password.length >= 12);

      const unknownRole = await clientele(['user', 'create', '--store', storeId, '--email', 'x@shop.test', '--role', 'wizard', '--data', dataDir], env);
      assert.notEqual(unknownRole.code, 0);
      assert.match(unknownRole.stderr, /--role/);

      const key = await clientele(['key', 'create', '--store', storeId, '--rights', 'view_customers,record_sales', '--json', '--data', dataDir], env);
      assert.equal(key.code, 0, key.stderr);
      const tillKey = JSON.parse(key.stdout).api_key;

      const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...process.env, DATABASE_URL: '', ...env, LOG_LEVEL: 'warn' } });
      try {
        const address = await new Promise<string>((resolve, reject) => {
          let output = '';
          server.stdout.on('data', (chunk) => {
            output += chunk;
            const match = /Clientele on (http:\/\/[^\s]+)/.exec(output);
            if (match) resolve(match[1]!);
          });
          server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
        });
        const health = await (await fetch(`${address}/health`)).json();
        assert.equal(health.database, kind);
        const storeResponse = await fetch(`${address}/v1/store`, { headers: { authorization: `Bearer ${ownerKey}` } });
        assert.deepEqual((await storeResponse.json()).currency, 'EUR');
        const list = await fetch(`${address}/v1/customers`, { headers: { authorization: `Bearer ${tillKey}` } });
        assert.equal(list.status, 200);
        const login = await fetch(`${address}/v1/session`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `till-${storeId}@shop.test`, password }),
        });
        assert.equal(login.status, 200);
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
    });

    test('migrating an up-to-date database changes nothing', async () => {
      const first = await clientele(['migrate', '--data', dataDir], env);
      const second = await clientele(['migrate', '--data', dataDir], env);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /up to date/);
    });
  });
}
