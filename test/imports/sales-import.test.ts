import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { type Client, startTestApp, type TestApp } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';

// Cut from the UCI Online Retail data set: Daqing Chen (2015), Online Retail, UCI Machine Learning Repository,
// doi:10.24432/C5BW33, CC BY 4.0 (test/fixtures/README.md).
const SAMPLE = readFileSync(new URL('../fixtures/online-retail-sample.csv', import.meta.url), 'utf8');
const ROWS = SAMPLE.trimEnd().split('\n');

const upload = (api: Client, body: string | Buffer, query = '', type = 'text/csv') => api.post(`/v1/sales-imports${query}`, body, { 'content-type': type });

/** Polls the job until it ends; answers it with every state seen on the way. */
async function finished(api: Client, id: string) {
  const seen: any[] = [];
  for (let i = 0; i < 3000; i++) {
    const response = await api.get(`/v1/import-jobs/${id}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    seen.push(response.body);
    if (response.body.state === 'succeeded' || response.body.state === 'failed') return { job: response.body, seen };
    await sleep(5);
  }
  throw new Error(`job ${id} did not finish`);
}

async function importFile(api: Client, body: string | Buffer, query = '', type = 'text/csv') {
  const response = await upload(api, body, query, type);
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return (await finished(api, response.body.id)).job;
}

async function allSales(api: Client) {
  const response = await api.get('/v1/sales?limit=500');
  assert.equal(response.status, 200);
  return new Map<string, any>(response.body.items.map((sale: { external_id: string }) => [sale.external_id, sale]));
}

async function customerNumbered(api: Client, number: string) {
  const response = await api.get(`/v1/customers?q=${number}`);
  assert.equal(response.status, 200);
  const found = response.body.items.filter((customer: any) => customer.external_ids.online_retail === number);
  assert.equal(found.length, 1, `customer ${number}`);
  return found[0];
}

/** The sample with some rows replaced: row numbers as a spreadsheet shows them (the header is row 1). */
function sampleWith(changes: Record<number, (row: string) => string>): string {
  return `${ROWS.map((line, i) => (changes[i + 1] ? changes[i + 1]!(line) : line)).join('\n')}\n`;
}

const field = (index: number, value: string) => (row: string) => {
  const cells = row.split(',');
  cells[index] = value;
  return cells.join(',');
};

for (const kind of databaseKinds()) {
  describe(`sales import of the Online Retail file on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('the sample becomes sales, customers and products as the file reads, each invoice one sale', async () => {
      const store = await t.createStore();
      const response = await upload(store.api, SAMPLE, '?file_name=sample.csv');
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.state, 'queued');
      assert.equal(response.headers.location, `/v1/import-jobs/${response.body.id}`);
      assert.deepEqual([response.body.channel, response.body.format, response.body.file_name], ['online-retail', 'online-retail', 'sample.csv']);
      const { job } = await finished(store.api, response.body.id);
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      assert.deepEqual(job.counts, {
        rows: 258, rows_invalid: 0, invoices: 34, invoices_invalid: 0, customers: 20, products: 193,
        sales_added: 34, sales_skipped: 0, sales_different: 0, cancellations: 2, returns: 1, walk_in_sales: 6, lines: 258,
        customers_created: 20, products_created: 193,
      });
      assert.deepEqual([job.rows_read, job.bytes_read, job.phase, job.errors, job.failure], [258, job.bytes_total, null, [], null]);
      assert.equal(job.bytes_total, Buffer.byteLength(SAMPLE));

      const ada = await customerNumbered(store.api, '17850');
      assert.deepEqual([ada.name, ada.type, ada.country, ada.order_count, ada.total_sales], ['Customer 17850', 'business', 'GB', 6, 72544]);
      assert.deepEqual([ada.first_purchase_at, ada.last_purchase_at], ['2010-12-01T08:26:00.000Z', '2010-12-01T09:34:00.000Z']);
      assert.equal((await customerNumbered(store.api, '12583')).country, 'FR');

      const sales = await allSales(store.api);
      assert.equal(sales.size, 34);
      // C-prefixed: a cancellation, negative; D is a discount, not goods.
      const cancelled = (await store.api.get(`/v1/sales/${sales.get('C536379').id}`)).body;
      assert.deepEqual([cancelled.kind, cancelled.net, cancelled.item_count], ['cancellation', -2750, -1]);
      assert.deepEqual(cancelled.lines.map((l: any) => [l.sku, l.is_product, l.quantity, l.unit_price, l.product_id]), [['D', false, -1, 2750, null]]);
      // Goods taken back without a sale (a stock adjustment), and a walk-in sale.
      assert.deepEqual([sales.get('536589').kind, sales.get('536589').customer_id], ['return', null]);
      assert.equal(sales.get('536555').customer_id, null);
      // UK wall-clock times, stored in UTC: summer time (BST, +1) and winter time (GMT).
      assert.equal(sales.get('554108').occurred_at, '2011-05-22T13:29:00.000Z');
      assert.equal(sales.get('581587').occurred_at, '2011-12-09T12:50:00.000Z');
      // 542806's lines are split by another invoice's rows in the file: still one sale, from its first minute.
      const split = sales.get('542806');
      assert.deepEqual([split.line_count, split.net, split.occurred_at, split.kind], [39, 84669, '2011-02-01T11:19:00.000Z', 'sale']);
      // 0.001 rounds half to even to 0 pence; BANK CHARGES is not goods.
      const charges = (await store.api.get(`/v1/sales/${sales.get('568375').id}`)).body;
      assert.deepEqual(charges.lines.map((l: any) => [l.unit_price, l.net, l.is_product]), [[1500, 1500, false], [0, 0, false]]);

      const heart = (await store.api.get('/v1/products?q=85123A')).body.items[0];
      assert.deepEqual([heart.sku, heart.name, heart.list_price, heart.classifications],
        ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 255, ['white', 'hanging', 'heart', 't-light', 'holder']]);
      assert.equal((await store.api.get('/v1/products?q=POST')).body.total, 0, 'postage is not a product');
    });

    test('an imported history earns each customer the points of each sale, one ledger entry per sale, in order', async () => {
      const store = await t.createStore();
      assert.equal((await store.api.patch('/v1/store', { loyalty_points_per_unit: 1 })).status, 200);
      assert.equal((await importFile(store.api, SAMPLE)).state, 'succeeded');
      const recorded = [...(await allSales(store.api)).values()];
      // 17850: six sales, written in one statement; 14606: a sale and its cancellation, which takes points back.
      for (const [number, count] of [['17850', 6], ['14606', 2]] as const) {
        const customer = await customerNumbered(store.api, number);
        const sales = recorded.filter((sale) => sale.customer_id === customer.id).sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
        assert.equal(sales.length, count);
        // A point per pound, rounded toward zero sale by sale.
        const expected = sales.map((sale) => Math.trunc(sale.net / 100));
        const earned = await Promise.all(sales.map(async (sale) => (await store.api.get(`/v1/sales/${sale.id}`)).body.loyalty_points));
        assert.deepEqual(earned, expected);
        const total = expected.reduce((sum, points) => sum + points, 0);
        assert.equal((await store.api.get(`/v1/customers/${customer.id}`)).body.loyalty_points, total);
        const ledger = (await store.api.get(`/v1/customers/${customer.id}/balance-entries?balance=loyalty_points&limit=100`)).body.items.reverse();
        assert.deepEqual(ledger.map((entry: any) => [entry.entry_type, entry.reference]),
          sales.filter((_, i) => expected[i] !== 0).map((sale) => ['earning', sale.external_id]));
        ledger.reduce((before: number, entry: any) => (assert.equal(entry.balance_after, before + entry.amount), entry.balance_after), 0);
        assert.equal(ledger.at(-1).balance_after, total);
      }
    });

    test('importing the same file again, even gzip-compressed, adds nothing', async () => {
      const store = await t.createStore();
      await importFile(store.api, SAMPLE);
      const again = await importFile(store.api, gzipSync(SAMPLE), '', 'application/gzip');
      assert.equal(again.state, 'succeeded', JSON.stringify(again));
      assert.deepEqual([again.counts.sales_added, again.counts.sales_skipped, again.counts.sales_different, again.counts.lines,
        again.counts.customers_created, again.counts.products_created], [0, 34, 0, 0, 0, 0]);
      assert.equal(again.bytes_total, gzipSync(SAMPLE).length);
      assert.equal((await allSales(store.api)).size, 34);
      const ada = await customerNumbered(store.api, '17850');
      assert.deepEqual([ada.order_count, ada.total_sales], [6, 72544]);
      assert.equal((await store.api.get('/v1/customers')).body.total, 20);
      // Another channel is another till: the same invoice numbers are new there.
      const elsewhere = await importFile(store.api, SAMPLE, '?channel=second-shop');
      assert.deepEqual([elsewhere.channel, elsewhere.counts.sales_added, elsewhere.counts.customers_created], ['second-shop', 34, 0]);
    });

    test('one bad row fails the job, writes nothing, and the job names each bad row and column', async () => {
      const store = await t.createStore();
      const bad = sampleWith({ 5: field(3, 'six'), 12: field(5, '2.5555'), 30: field(4, '2010-12-32 09:00:00'), 40: field(0, ''), 41: field(3, '0') });
      const job = await importFile(store.api, bad);
      assert.equal(job.state, 'failed');
      assert.equal(job.failure.code, 'import.rows_invalid');
      assert.match(job.failure.message, /^5 row\(s\) are invalid, so nothing was imported; the first: row 5, column Quantity/);
      assert.deepEqual(job.errors.map((e: any) => [e.row, e.column, e.code]), [
        [5, 'Quantity', 'import.value_invalid'], [12, 'UnitPrice', 'import.value_invalid'], [30, 'InvoiceDate', 'import.value_invalid'],
        [40, 'InvoiceNo', 'import.value_missing'], [41, 'Quantity', 'import.value_invalid'],
      ]);
      assert.equal((await store.api.get('/v1/sales')).body.total, 0);
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
      assert.equal((await store.api.get('/v1/products')).body.total, 0);
    });

    test('skip_invalid writes the invoices whose rows are all good and leaves out an invoice with a bad row whole', async () => {
      const store = await t.createStore();
      // Row 5 is in invoice 536365 (rows 2-8), row 30 in 536370 (rows 28-47); row 40 names no invoice.
      const bad = sampleWith({ 5: field(3, 'six'), 30: field(4, 'yesterday'), 40: field(0, '') });
      const job = await importFile(store.api, bad, '?skip_invalid=true');
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      assert.deepEqual([job.counts.rows_invalid, job.counts.invoices_invalid, job.counts.sales_added], [3, 2, 32]);
      assert.deepEqual(job.errors.map((e: any) => [e.row, e.column]), [[5, 'Quantity'], [30, 'InvoiceDate'], [40, 'InvoiceNo']]);
      const sales = await allSales(store.api);
      assert.equal(sales.has('536365'), false);
      assert.equal(sales.has('536370'), false);
      assert.equal(sales.get('536366').line_count, 2);
      // 12583 is the customer of 536370 alone: left out with it, it is not created either.
      assert.equal(job.counts.customers_created, 19);
      assert.equal((await store.api.get('/v1/customers?q=12583')).body.total, 0);
      assert.equal((await store.api.get('/v1/customers?q=13047')).body.total, 1);
    });

    test('an invoice naming two customers is a bad row', async () => {
      const store = await t.createStore();
      const job = await importFile(store.api, sampleWith({ 8: field(6, '13047.0') }));
      assert.equal(job.state, 'failed');
      assert.deepEqual(job.errors.map((e: any) => [e.row, e.column, e.code]), [[8, 'CustomerID', 'import.invoice_customer_differs']]);
    });

    test('a dry run checks every row and reports the counts, writing nothing', async () => {
      const store = await t.createStore();
      const job = await importFile(store.api, SAMPLE, '?dry_run=true');
      assert.equal(job.state, 'succeeded');
      assert.equal(job.dry_run, true);
      assert.deepEqual(job.counts, {
        rows: 258, rows_invalid: 0, invoices: 34, invoices_invalid: 0, customers: 20, products: 193, cancellations: 2, returns: 1, walk_in_sales: 6,
      });
      assert.equal((await store.api.get('/v1/sales')).body.total, 0);
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('a running job shows its progress, and jobs are listed newest first, a page at a time', async () => {
      const store = await t.createStore();
      // Twenty copies of the sample under other invoice numbers: 5,160 rows, written in several batches.
      const body = [ROWS[0], ...Array.from({ length: 20 }, (_, copy) => ROWS.slice(1).map((row) => `${row.startsWith('C') ? 'C' : ''}${copy}-${row.replace(/^C/, '')}`)).flat()].join('\n');
      const response = await upload(store.api, body);
      const { job, seen } = await finished(store.api, response.body.id);
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      assert.deepEqual([job.counts.sales_added, job.counts.lines, job.rows_read], [680, 5160, 5160]);
      const running = seen.filter((j) => j.state === 'running');
      assert.ok(running.length > 0, 'the job was seen running');
      for (const [a, b] of running.slice(1).map((j, i) => [running[i], j])) {
        if (a.phase === b.phase) assert.ok(b.rows_read >= a.rows_read && b.bytes_read >= a.bytes_read, 'progress only moves forward');
      }
      assert.ok(running.every((j) => j.started_at !== null && j.finished_at === null));
      assert.ok(job.finished_at >= job.started_at);

      const second = await importFile(store.api, SAMPLE, '?dry_run=true');
      const first = await store.api.get('/v1/import-jobs?limit=1');
      assert.deepEqual([first.body.total, first.body.items[0].id], [2, second.id]);
      const next = await store.api.get(`/v1/import-jobs?limit=1&cursor=${first.body.next_cursor}`);
      assert.deepEqual([next.body.items[0].id, next.body.next_cursor], [job.id, null]);
    });

    test('importing sales needs "Import data" and "Record sales"; a job is another store\'s to see only there', async () => {
      const store = await t.createStore();
      assert.equal((await t.anonymous.post('/v1/sales-imports', SAMPLE, { 'content-type': 'text/csv' })).status, 401);
      const noImport = await upload(await t.keyWith(store, ['record_sales', 'view_customers']), SAMPLE);
      assert.deepEqual([noImport.status, noImport.body.right], [403, 'import_data']);
      const noSales = await upload(await t.keyWith(store, ['import_data']), SAMPLE);
      assert.deepEqual([noSales.status, noSales.body.right], [403, 'record_sales']);
      assert.equal((await store.api.get('/v1/import-jobs')).body.total, 0, 'a refused import leaves no job');

      const importer = await t.keyWith(store, ['import_data', 'record_sales']);
      const job = await importFile(importer, SAMPLE);
      assert.equal(job.state, 'succeeded', 'the customers and products the file names are created without their own rights');
      assert.equal(job.created_by.kind, 'api_key');
      const viewer = await t.keyWith(store, ['view_customers']);
      assert.equal((await viewer.get(`/v1/import-jobs/${job.id}`)).status, 403);
      assert.equal((await viewer.get('/v1/import-jobs')).status, 403);
      assert.equal((await t.anonymous.get(`/v1/import-jobs/${job.id}`)).status, 401);
      const other = await t.createStore();
      assert.equal((await other.api.get(`/v1/import-jobs/${job.id}`)).status, 404);
      assert.equal((await other.api.get('/v1/import-jobs')).body.total, 0);

      const json = await store.api.post('/v1/sales-imports', { rows: [] });
      assert.deepEqual([json.status, json.body.code], [400, 'request.media_type']);
    });
  });
}
