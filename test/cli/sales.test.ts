import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, clientele } from '../helpers/cli.ts';
import { copyTemplate, databaseKinds } from '../helpers/database.ts';

// Cut from the UCI Online Retail data set (CC BY 4.0): see test/fixtures/README.md.
const SAMPLE = new URL('../fixtures/online-retail-sample.csv', import.meta.url).pathname;
const ROWS = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');

for (const kind of databaseKinds()) {
  describe(`sales import at the command line on ${kind}`, () => {
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

    const newStore = async () => {
      const store = await clientele(['store', 'create', 'Gift shop', '--json', '--data', dataDir], env);
      assert.equal(store.code, 0, store.stderr);
      return JSON.parse(store.stdout) as { store_id: string; api_key: string };
    };

    test('an operator imports a sales history, sees its progress and a summary, and running it again adds nothing', async () => {
      const { store_id: storeId } = await newStore();
      const dry = await clientele(['sales', 'import', SAMPLE, '--store', storeId, '--dry-run', '--data', dataDir], env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^Dry run \(job [0-9a-f-]+\): 258 rows checked: 34 invoices \(2 cancellations, 1 returns, 6 walk-in\) naming 20 customers and 193 products; nothing written\.$/m);

      const imported = await clientele(['sales', 'import', SAMPLE, '--store', storeId, '--data', dataDir], env);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /^Imported online-retail-sample\.csv \(job [0-9a-f-]+\) in [\d.]+ s: 34 sales added \(2 cancellations, 1 returns, 6 walk-in\), 258 lines; 0 invoices already recorded; 20 customers and 193 products created\.$/m);
      // Not a terminal: plain lines instead of a bar.
      assert.match(imported.stderr, /^Checking: 100% of the file, 258 rows$/m);
      assert.match(imported.stderr, /^Writing: 100% of the file, 258 rows$/m);

      const again = await clientele(['sales', 'import', SAMPLE, '--store', storeId, '--json', '--data', dataDir], env);
      assert.equal(again.code, 0, again.stderr);
      const job = JSON.parse(again.stdout);
      assert.deepEqual([job.state, job.counts.sales_added, job.counts.sales_skipped, job.counts.customers_created], ['succeeded', 0, 34, 0]);
    });

    test('a file with a bad row exits non-zero, names each bad row and column, and writes nothing', async () => {
      const { store_id: storeId } = await newStore();
      const bad = join(files, 'bad.csv');
      await writeFile(bad, `${ROWS.map((row, i) => (i === 4 ? row.replace(',6,', ',six,') : i === 11 ? row.replace(',2.1,', ',2.1.1,') : row)).join('\n')}\n`);
      const refused = await clientele(['sales', 'import', bad, '--store', storeId, '--data', dataDir], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^error: import\.rows_invalid: 2 row\(s\) are invalid, so nothing was imported; the first: row 5, column Quantity: "six" is not a whole number of units\. \[row 5, column Quantity\]$/m);
      assert.match(refused.stderr, /^row 12, column UnitPrice: "2\.1\.1" is not a price in pounds with at most 3 decimals\.$/m);
      const dry = await clientele(['sales', 'import', SAMPLE, '--store', storeId, '--dry-run', '--json', '--data', dataDir], env);
      assert.equal(JSON.parse(dry.stdout).counts.rows, 258);

      const skipped = await clientele(['sales', 'import', bad, '--store', storeId, '--skip-invalid', '--data', dataDir], env);
      assert.equal(skipped.code, 1, 'bad rows still make the exit code non-zero');
      assert.match(skipped.stdout, /32 sales added .*; 2 bad rows, 2 invoices left out\./);
      assert.match(skipped.stdout, /^row 5, column Quantity: "six" is not a whole number of units\.$/m);

      const missing = await clientele(['sales', 'import', join(files, 'nope.csv'), '--store', storeId, '--data', dataDir], env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cli\.file/);
    });

    test('an import stopped half-way is finished by running it again, and a server started after it marks it failed', async () => {
      const { store_id: storeId, api_key: key } = await newStore();
      // Ten copies of the sample under other invoice numbers: 2,580 rows, written in two batches at least.
      const big = join(files, 'big.csv');
      await writeFile(big, `${[ROWS[0], ...Array.from({ length: 10 }, (_, copy) => ROWS.slice(1).map((row) => (row.startsWith('C') ? `C${copy}-${row.slice(1)}` : `${copy}-${row}`))).flat()].join('\n')}\n`);
      const child = spawn(process.execPath, [BIN, 'sales', 'import', big, '--store', storeId, '--data', dataDir], { env: { ...process.env, DATABASE_URL: '', ...env } });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk;
          // The first batch is written: stop the process dead.
          if (/^Writing: [1-9]\d*% of the file/m.test(stderr)) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        void exited.then(() => resolve());
      });
      assert.equal(await exited, null, `the import was stopped before it finished: ${stderr}`);

      if (kind === 'pglite') {
        // A server on the same folder finds the job its dead process left running.
        const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' } });
        const address = await new Promise<string>((resolve) => {
          let out = '';
          server.stdout.on('data', (chunk: Buffer) => {
            out += chunk;
            const match = /Clientele on (http:\/\/\S+)/.exec(out);
            if (match) resolve(match[1]!);
          });
        });
        const jobs = await (await fetch(`${address}/v1/import-jobs`, { headers: { authorization: `Bearer ${key}` } })).json() as { items: any[] };
        server.kill('SIGTERM');
        await new Promise((resolve) => server.on('exit', resolve));
        assert.deepEqual([jobs.items[0].state, jobs.items[0].failure.code], ['failed', 'import.interrupted']);
        assert.ok(jobs.items[0].counts.sales_added > 0 && jobs.items[0].counts.sales_added < 340, JSON.stringify(jobs.items[0].counts));
      }

      const rerun = await clientele(['sales', 'import', big, '--store', storeId, '--json', '--data', dataDir], env);
      assert.equal(rerun.code, 0, rerun.stderr);
      const job = JSON.parse(rerun.stdout);
      assert.ok(job.counts.sales_skipped > 0, 'the batches written before the stop are skipped');
      assert.equal(job.counts.sales_added + job.counts.sales_skipped, 340);
      assert.equal(job.counts.sales_different, 0);
    });
  });
}
