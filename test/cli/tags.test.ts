import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { clientele } from '../helpers/cli.ts';
import { copyTemplate, databaseKinds } from '../helpers/database.ts';

for (const kind of databaseKinds()) {
  describe(`tag import and customer export at the command line on ${kind}`, () => {
    let dataDir: string;
    let files: string;
    const env = kind === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {};
    before(async () => {
      dataDir = await copyTemplate();
      files = await mkdtemp(join(tmpdir(), 'clientele-files-'));
    });
    after(async () => {
      await rm(dataDir, { recursive: true, force: true });
      await rm(files, { recursive: true, force: true });
    });

    test('an operator imports tags from a file, sees each bad row, and exports the tagged customers', async () => {
      const store = await clientele(['store', 'create', 'Tag shop', '--json', '--data', dataDir], env);
      assert.equal(store.code, 0, store.stderr);
      const { store_id: storeId, api_key: key } = JSON.parse(store.stdout);
      // Customers come through the API, as a till would make them.
      const { buildApp } = await import('../../src/app.ts');
      const { openDatabase } = await import('../../src/db/open.ts');
      const connection = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL });
      const app = await buildApp({ connection });
      for (const [code, name] of [['C-1', 'Ada'], ['C-2', 'Bolt']]) {
        const response = await app.inject({ method: 'POST', url: '/v1/customers', headers: { authorization: `Bearer ${key}` }, payload: { type: 'consumer', name, code } });
        assert.equal(response.statusCode, 201, response.body);
      }
      await app.close();
      await connection.close();

      const bad = join(files, 'bad.csv');
      await writeFile(bad, 'category,tag,customer_code\nCustomer groups,VIP,C-1\nCustomer groups,VIP,NOPE\n');
      const refused = await clientele(['tags', 'import', bad, '--store', storeId, '--data', dataDir], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /import\.rows_invalid/);
      assert.match(refused.stderr, /^row 3, column customer_code: No customer with customer_code "NOPE"\.$/m);

      const good = join(files, 'good.csv');
      await writeFile(good, 'category,tag,customer_code\nCustomer groups,VIP,C-1\nRegion,UK,C-2\n');
      const dry = await clientele(['tags', 'import', good, '--store', storeId, '--dry-run', '--json', '--data', dataDir], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(JSON.parse(dry.stdout).assignments_added, 2);
      const applied = await clientele(['tags', 'import', good, '--store', storeId, '--data', dataDir], env);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Applied 2 of 2 rows: 2 tags given/);

      const out = join(files, 'customers.csv');
      const exported = await clientele(['customers', 'export', '--store', storeId, '--columns', 'code,name,tags', '--out', out, '--data', dataDir], env);
      assert.equal(exported.code, 0, exported.stderr);
      assert.deepEqual(parse(await readFile(out, 'utf8')), [['code', 'name', 'tags'], ['C-1', 'Ada', 'Customer groups: VIP'], ['C-2', 'Bolt', 'Region: UK']]);

      const badColumn = await clientele(['customers', 'export', '--store', storeId, '--columns', 'name,secret', '--data', dataDir], env);
      assert.equal(badColumn.code, 2);
      assert.match(badColumn.stderr, /\/columns\/1/);
      const badSearch = await clientele(['customers', 'export', '--store', storeId, '--search', '{"all":', '--data', dataDir], env);
      assert.notEqual(badSearch.code, 0);
      assert.match(badSearch.stderr, /--search/);
    });
  });
}
