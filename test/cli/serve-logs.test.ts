import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { BIN, clientele } from '../helpers/cli.ts';
import { copyTemplate } from '../helpers/database.ts';

// The server writes its log asynchronously (lines gather in a buffer): an operator still sees each request's
// line within about a second, and stopping the server loses none.
describe('the request log of clientele serve', () => {
  let dataDir: string;
  before(async () => (dataDir = await copyTemplate()));
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('a request\'s line appears while the server runs, and none is lost when it stops', async () => {
    const store = await clientele(['store', 'create', 'Log Shop', '--json', '--data', dataDir]);
    assert.equal(store.code, 0, store.stderr);
    const { store_id: storeId, api_key: key } = JSON.parse(store.stdout);

    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info' } });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const lines = (url: string) => output.split('\n').filter((line) => line.includes(`"url":"${url}"`)).map((line) => JSON.parse(line));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', () => {
          const match = /Clientele on (http:\/\/[^\s]+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        void exited.then((code) => reject(new Error(`serve exited ${code}: ${output}`)));
      });
      const headers = { authorization: `Bearer ${key}` };

      assert.equal((await fetch(`${address}/v1/customers?limit=1`, { headers })).status, 200);
      const deadline = Date.now() + 5000;
      while (lines('/v1/customers?limit=1').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const [line] = lines('/v1/customers?limit=1');
      assert.ok(line, `the line of a request is written while the server runs: ${output}`);
      assert.equal(line.store, storeId);
      assert.equal(line.method, 'GET');
      assert.equal(line.status, 200);
      assert.equal(typeof line.ms, 'number');
      assert.ok(line.reqId);

      // A few more, then stop at once: far less than the buffer holds, and sooner than it is written on its own.
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${address}/v1/customers?limit=${i + 2}`, { headers })).status, 200);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    for (let i = 0; i < 5; i++) assert.equal(lines(`/v1/customers?limit=${i + 2}`).length, 1, `the line of request ${i + 2} was written before the server stopped`);
    assert.ok(!output.includes(key.slice(-43)), 'the key is not in the log');
  });
});
