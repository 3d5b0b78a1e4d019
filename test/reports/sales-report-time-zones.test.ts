import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { type Client, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';

const REPORT = '/v1/reports/sales';

/** Walk-in sales of one unit each, at these instants and prices: a price names the sale in the sums below. */
async function recordSales(api: Client, sales: [occurredAt: string, unitPrice: number][]) {
  for (const [occurredAt, unitPrice] of sales) {
    const response = await api.post('/v1/sales', {
      external_id: `${occurredAt}-${unitPrice}`, occurred_at: occurredAt, lines: [{ quantity: 1, unit_price: unitPrice, unit_cost: 0 }],
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
  }
}

async function netByPeriod(api: Client, body: object): Promise<Record<string, number>> {
  const response = await api.post(REPORT, body);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return Object.fromEntries(response.body.series.map((p: { period_start: string; net_sales: number }) => [p.period_start, p.net_sales]));
}

for (const kind of databaseKinds()) {
  describe(`sales report days in the store's time zone on ${kind}`, () => {
    let t: TestApp;
    let london: TestStore;
    before(async () => {
      t = await startTestApp(kind);
      london = await t.createStore();
      assert.equal((await london.api.patch('/v1/store', { time_zone: 'Europe/London' })).status, 200);
      // Prices are powers of two, so each sum names exactly the sales in it.
      await recordSales(london.api, [
        // Clocks go forward on Sunday 29 March 2026 at 01:00 UTC (a 23-hour day).
        ['2026-03-22T23:59:59Z', 1], // Sun 22 Mar 23:59:59 GMT
        ['2026-03-23T00:00:00Z', 2], // Mon 23 Mar 00:00 GMT: the first instant of the week
        ['2026-03-29T00:30:00Z', 4], // Sun 29 Mar 00:30 GMT
        ['2026-03-29T01:30:00Z', 8], // Sun 29 Mar 02:30 BST
        ['2026-03-29T22:59:00Z', 16], // Sun 29 Mar 23:59 BST
        ['2026-03-29T23:00:00Z', 32], // Mon 30 Mar 00:00 BST: next week
        // Clocks go back on Sunday 25 October 2026 at 01:00 UTC (a 25-hour day; 01:00-02:00 happens twice).
        ['2026-10-18T23:30:00Z', 64], // Mon 19 Oct 00:30 BST
        ['2026-10-24T22:59:59Z', 128], // Sat 24 Oct 23:59:59 BST
        ['2026-10-24T23:00:00Z', 256], // Sun 25 Oct 00:00 BST
        ['2026-10-25T00:30:00Z', 512], // Sun 25 Oct 01:30 BST, the first time
        ['2026-10-25T01:30:00Z', 1024], // Sun 25 Oct 01:30 GMT, the second time
        ['2026-10-25T23:30:00Z', 2048], // Sun 25 Oct 23:30 GMT: an hour later in summer time, it would be Monday
        ['2026-10-26T00:00:00Z', 4096], // Mon 26 Oct 00:00 GMT
      ]);
    });
    after(() => t.close());

    test('a sale at 23:30 UTC on a summer day belongs to the next day in London, and to its own day in a UTC store', async () => {
      const store = await t.createStore();
      await recordSales(store.api, [['2026-07-01T23:30:00Z', 1000]]);
      const range = { from: '2026-07-01', to: '2026-07-02' };
      assert.deepEqual(await netByPeriod(store.api, range), { '2026-07-01': 1000, '2026-07-02': 0 });
      assert.equal((await store.api.patch('/v1/store', { time_zone: 'Europe/London' })).status, 200);
      assert.deepEqual(await netByPeriod(store.api, range), { '2026-07-01': 0, '2026-07-02': 1000 });
      // The month turns in London too: 23:30 UTC on 31 July is August there.
      await recordSales(store.api, [['2026-07-31T23:30:00Z', 7]]);
      assert.deepEqual(await netByPeriod(store.api, { from: '2026-07-01', to: '2026-08-31', interval: 'month' }), { '2026-07-01': 1000, '2026-08-01': 7 });
    });

    test('the week of the spring clock change runs Monday 00:00 GMT to Sunday 23:59 BST', async () => {
      assert.deepEqual(await netByPeriod(london.api, { from: '2026-03-16', to: '2026-04-05', interval: 'week' }), {
        '2026-03-16': 1, '2026-03-23': 2 + 4 + 8 + 16, '2026-03-30': 32,
      });
      // The 23-hour day holds everything from its local midnight to the next.
      assert.deepEqual(await netByPeriod(london.api, { from: '2026-03-28', to: '2026-03-30' }), {
        '2026-03-28': 0, '2026-03-29': 4 + 8 + 16, '2026-03-30': 32,
      });
    });

    test('the week of the autumn clock change runs Monday 00:00 BST to Sunday 23:59 GMT, its Sunday 25 hours long', async () => {
      assert.deepEqual(await netByPeriod(london.api, { from: '2026-10-12', to: '2026-11-01', interval: 'week' }), {
        '2026-10-12': 0, '2026-10-19': 64 + 128 + 256 + 512 + 1024 + 2048, '2026-10-26': 4096,
      });
      assert.deepEqual(await netByPeriod(london.api, { from: '2026-10-24', to: '2026-10-26' }), {
        '2026-10-24': 128, '2026-10-25': 256 + 512 + 1024 + 2048, '2026-10-26': 4096,
      });
      // A range's ends are local midnights too: the one day alone.
      const day = await london.api.post(REPORT, { from: '2026-10-25', to: '2026-10-25' });
      assert.equal(day.body.totals.net_sales, 256 + 512 + 1024 + 2048);
      assert.equal(day.body.totals.orders, 4);
    });

    test('a month across both clock changes has one entry per month, every sale in it', async () => {
      const months = await netByPeriod(london.api, { from: '2026-03-01', to: '2026-10-31', interval: 'month' });
      assert.deepEqual(Object.keys(months), ['2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']);
      assert.equal(months['2026-03-01'], 1 + 2 + 4 + 8 + 16 + 32);
      assert.equal(months['2026-10-01'], 64 + 128 + 256 + 512 + 1024 + 2048 + 4096);
    });

    test('a year by day has 365 entries, one per local day, whatever the clock changes', async () => {
      const response = await london.api.post(REPORT, { from: '2026-01-01', to: '2026-12-31' });
      assert.equal(response.status, 200);
      const days = response.body.series.map((p: { period_start: string }) => p.period_start);
      assert.equal(days.length, 365);
      assert.equal(new Set(days).size, 365);
      assert.deepEqual([days[0], days[87], days[88], days[297], days[364]], ['2026-01-01', '2026-03-29', '2026-03-30', '2026-10-25', '2026-12-31']);
      assert.equal(response.body.totals.net_sales, 8191);
    });
  });
}
