import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { databaseKinds } from '../helpers/database.ts';
import { type Client, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { makeTag } from '../helpers/tags.ts';

const REPORT = '/v1/reports/sales';

interface Line { quantity: number; unit_price: number; discount?: number; unit_cost: number }
interface SaleInput { external_id: string; occurred_at: string; customer_id?: string; kind?: 'sale' | 'return' | 'cancellation'; channel?: string; lines: Line[] }

async function recordSale(api: Client, sale: SaleInput) {
  const response = await api.post('/v1/sales', sale);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as { net: number; gross_margin: number; item_count: number };
}

async function createCustomer(api: Client, name: string, tagIds: string[]): Promise<string> {
  const created = await api.post('/v1/customers', { type: 'consumer', name });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (tagIds.length > 0) {
    const tagged = await api.patch(`/v1/customers/${created.body.id}`, { tag_ids: tagIds });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
  }
  return created.body.id as string;
}

/** A period's or the range's figures, in the order of the CSV's columns. */
function figures(net_sales: number, orders: number, returns: number, customers: number, average_order_size: number, gross_margin: number, items: number) {
  return { net_sales, orders, returns, customers, average_order_size, gross_margin, items };
}
const EMPTY = figures(0, 0, 0, 0, 0, 0, 0);

type Tags = Record<'wholesale' | 'vip' | 'lapsed', { id: string }>;

// The store's sales (Europe/London, summer time), each with its local day. Net = quantity × unit price - discount;
// margin = net - quantity × unit cost. Hand-computed figures below are checked against this table.
//   S1 Alice   Mon 29 Jun 10:00  2 × 15.00, cost 6.00          net 30.00  margin 18.00  items  2
//   S2 Bob     Tue 30 Jun 10:00  1 × 20.00 - 5.00, cost 8.00   net 15.00  margin  7.00  items  1  (channel web)
//   S3 walk-in Tue 30 Jun 16:00  1 × 9.97, cost 3.00           net  9.97  margin  6.97  items  1
//   S4 Carol   Thu  2 Jul 00:30  (23:30 UTC on 1 Jul)          net 40.01  margin 30.01  items  1
//   R1 Alice   Fri  3 Jul 13:00  return -1 × 15.00, cost 6.00  net -15.00 margin -9.00  items -1
//   C1 walk-in Sat  4 Jul 11:00  cancellation -1 × 3.33        net -3.33  margin -2.33  items -1
//   S5 Dan     Mon  6 Jul 11:00  1 × 10.00, cost 5.00          net 10.00  margin  5.00  items  1
//   S7 walk-in Mon  6 Jul 00:30  (23:30 UTC on Sun 5 Jul)      net  1.00  margin  1.00  items  1
//   S6 Alice   Sat 15 Aug 11:00  1 × 25.00, cost 10.00         net 25.00  margin 15.00  items  1
async function seed(store: TestStore) {
  const tags: Tags = {
    wholesale: await makeTag(store.api, 'Customer groups', 'Wholesale'),
    vip: await makeTag(store.api, 'Customer groups', 'VIP'),
    lapsed: await makeTag(store.api, 'Engagement', 'Lapsed'),
  };
  const alice = await createCustomer(store.api, 'Alice', [tags.wholesale.id, tags.vip.id]);
  const bob = await createCustomer(store.api, 'Bob', [tags.wholesale.id]);
  const carol = await createCustomer(store.api, 'Carol', [tags.vip.id, tags.lapsed.id]);
  const dan = await createCustomer(store.api, 'Dan', []);
  const sales: SaleInput[] = [
    { external_id: 'S1', customer_id: alice, occurred_at: '2026-06-29T10:00:00+01:00', lines: [{ quantity: 2, unit_price: 1500, unit_cost: 600 }] },
    { external_id: 'S2', customer_id: bob, channel: 'web', occurred_at: '2026-06-30T09:00:00Z', lines: [{ quantity: 1, unit_price: 2000, discount: 500, unit_cost: 800 }] },
    { external_id: 'S3', occurred_at: '2026-06-30T15:00:00Z', lines: [{ quantity: 1, unit_price: 997, unit_cost: 300 }] },
    { external_id: 'S4', customer_id: carol, occurred_at: '2026-07-01T23:30:00Z', lines: [{ quantity: 1, unit_price: 4001, unit_cost: 1000 }] },
    { external_id: 'R1', kind: 'return', customer_id: alice, occurred_at: '2026-07-03T12:00:00Z', lines: [{ quantity: -1, unit_price: 1500, unit_cost: 600 }] },
    { external_id: 'C1', kind: 'cancellation', occurred_at: '2026-07-04T10:00:00Z', lines: [{ quantity: -1, unit_price: 333, unit_cost: 100 }] },
    { external_id: 'S5', customer_id: dan, occurred_at: '2026-07-06T10:00:00Z', lines: [{ quantity: 1, unit_price: 1000, unit_cost: 500 }] },
    { external_id: 'S7', occurred_at: '2026-07-05T23:30:00Z', lines: [{ quantity: 1, unit_price: 100, unit_cost: 0 }] },
    { external_id: 'S6', customer_id: alice, occurred_at: '2026-08-15T10:00:00Z', lines: [{ quantity: 1, unit_price: 2500, unit_cost: 1000 }] },
  ];
  const recorded = [];
  for (const sale of sales) recorded.push(await recordSale(store.api, sale));
  return { tags, recorded };
}

// Mon 29 Jun - Sun 5 Jul: S1, S2, S3, S4, R1 and C1.
const WEEK = { from: '2026-06-29', to: '2026-07-05' };
const WEEK_TOTALS = figures(7665, 4, 2, 3, 1916, 5065, 3);

for (const kind of databaseKinds()) {
  describe(`sales report on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    let tags: Tags;
    before(async () => {
      t = await startTestApp(kind);
      store = await t.createStore();
      assert.equal((await store.api.patch('/v1/store', { time_zone: 'Europe/London' })).status, 200);
      const seeded = await seed(store);
      tags = seeded.tags;
      // The hand-computed table above agrees with what the sales route recorded.
      assert.deepEqual(seeded.recorded.map((s) => [s.net, s.gross_margin, s.item_count]),
        [[3000, 1800, 2], [1500, 700, 1], [997, 697, 1], [4001, 3001, 1], [-1500, -900, -1], [-333, -233, -1], [1000, 500, 1], [100, 100, 1], [2500, 1500, 1]]);
    });
    after(() => t.close());

    test('a week by day: totals and one entry per day, empty days as zeros, returns lower net sales but not orders', async () => {
      const response = await store.api.post(REPORT, WEEK);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body, {
        currency: 'GBP', time_zone: 'Europe/London', from: '2026-06-29', to: '2026-07-05', interval: 'day',
        totals: WEEK_TOTALS,
        series: [
          { period_start: '2026-06-29', ...figures(3000, 1, 0, 1, 3000, 1800, 2) },
          // 2497 / 2 = 1248.5: half to even gives 1248. The walk-in sale counts, but not as a customer.
          { period_start: '2026-06-30', ...figures(2497, 2, 0, 1, 1248, 1397, 2) },
          { period_start: '2026-07-01', ...EMPTY },
          // S4 at 23:30 UTC on 1 July is 00:30 on 2 July in London.
          { period_start: '2026-07-02', ...figures(4001, 1, 0, 1, 4001, 3001, 1) },
          { period_start: '2026-07-03', ...figures(-1500, 0, 1, 1, 0, -900, -1) },
          { period_start: '2026-07-04', ...figures(-333, 0, 1, 0, 0, -233, -1) },
          // S7 at 23:30 UTC on 5 July is already Monday 6 July in London: outside the range.
          { period_start: '2026-07-05', ...EMPTY },
        ],
      });
    });

    test('by week, weeks start on Monday and the range keeps only its own days', async () => {
      const response = await store.api.post(REPORT, { from: '2026-06-29', to: '2026-07-12', interval: 'week' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body.series, [
        { period_start: '2026-06-29', ...WEEK_TOTALS },
        { period_start: '2026-07-06', ...figures(1100, 2, 0, 1, 550, 600, 2) },
      ]);
      assert.deepEqual(response.body.totals, figures(8765, 6, 2, 4, 1461, 5665, 5));

      // A range starting on a Wednesday: its week is labelled by its Monday but counts only Wednesday on.
      const partial = await store.api.post(REPORT, { from: '2026-07-01', to: '2026-07-07', interval: 'week' });
      assert.deepEqual(partial.body.series, [
        { period_start: '2026-06-29', ...figures(2168, 1, 2, 2, 2168, 1868, -1) },
        { period_start: '2026-07-06', ...figures(1100, 2, 0, 1, 550, 600, 2) },
      ]);
    });

    test('by month, with a month without sales, and the range\'s customers counted once', async () => {
      const response = await store.api.post(REPORT, { from: '2026-05-01', to: '2026-08-31', interval: 'month' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body.series, [
        { period_start: '2026-05-01', ...EMPTY },
        { period_start: '2026-06-01', ...figures(5497, 3, 0, 2, 1832, 3197, 4) },
        { period_start: '2026-07-01', ...figures(3268, 3, 2, 3, 1089, 2468, 1) },
        { period_start: '2026-08-01', ...figures(2500, 1, 0, 1, 2500, 1500, 1) },
      ]);
      // Alice buys in June, July and August: one customer of the range, not three.
      assert.deepEqual(response.body.totals, figures(11265, 7, 2, 4, 1609, 7165, 6));
    });

    test('a range without sales answers zeros, not an empty series', async () => {
      const response = await store.api.post(REPORT, { from: '2025-01-01', to: '2025-01-03' });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.totals, EMPTY);
      assert.deepEqual(response.body.series.map((p: { period_start: string }) => p.period_start), ['2025-01-01', '2025-01-02', '2025-01-03']);
    });

    test('a tag condition keeps only sales to matching customers, so walk-in sales drop out', async () => {
      const cases: [object, ReturnType<typeof figures>][] = [
        // AND: Alice alone; her return counts against her sale.
        [{ all: [tags.wholesale.id, tags.vip.id] }, figures(1500, 1, 1, 1, 1500, 900, 1)],
        // OR: Alice, Bob and Carol.
        [{ any: [tags.wholesale.id, tags.lapsed.id] }, figures(7001, 3, 1, 3, 2334, 4601, 3)],
        // NONE: Bob (and Dan, who bought the next week). The walk-in sale S3 and cancellation C1 carry no tags,
        // yet they are left out: a tag condition asks about customers, and a walk-in is none.
        [{ none: [tags.vip.id] }, figures(1500, 1, 0, 1, 1500, 700, 1)],
        [{ all: [tags.vip.id], none: [tags.lapsed.id] }, figures(1500, 1, 1, 1, 1500, 900, 1)],
        // Empty lists are no condition: every sale, walk-ins included.
        [{ all: [], any: [], none: [] }, WEEK_TOTALS],
      ];
      for (const [condition, expected] of cases) {
        const response = await store.api.post(REPORT, { ...WEEK, ...condition });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body.totals, expected, JSON.stringify(condition));
      }
      const series = await store.api.post(REPORT, { ...WEEK, any: [tags.vip.id] });
      assert.deepEqual(series.body.series.map((p: { net_sales: number }) => p.net_sales), [3000, 0, 0, 4001, -1500, 0, 0]);
    });

    test('a tag the store does not have answers 422 at its place in the body, as the customer search does', async () => {
      const other = await t.createStore();
      const foreign = await makeTag(other.api, 'Theirs', 'Foreign');
      const response = await store.api.post(REPORT, { ...WEEK, all: [tags.vip.id], none: [foreign.id] });
      assert.equal(response.status, 422);
      assert.equal(response.body.code, 'tag.unknown');
      assert.equal(response.body.field, '/none/0');
    });

    test('channel narrows the report to one till or channel', async () => {
      const response = await store.api.post(REPORT, { ...WEEK, channel: 'web' });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.totals, figures(1500, 1, 0, 1, 1500, 700, 1));
    });

    test('as CSV, the series with money as decimals, negative days as numbers', async () => {
      for (const request of [
        () => store.api.post(REPORT, WEEK, { accept: 'text/csv' }),
        () => store.api.post(`${REPORT}?format=csv`, WEEK),
      ]) {
        const response = await request();
        assert.equal(response.status, 200);
        assert.match(String(response.headers['content-type']), /^text\/csv/);
        assert.match(String(response.headers['content-disposition']), /attachment; filename="sales-report\.csv"/);
        assert.equal(response.body, [
          'period_start,net_sales,orders,returns,customers,average_order_size,gross_margin,items',
          '2026-06-29,30.00,1,0,1,30.00,18.00,2',
          '2026-06-30,24.97,2,0,1,12.48,13.97,2',
          '2026-07-01,0.00,0,0,0,0.00,0.00,0',
          '2026-07-02,40.01,1,0,1,40.01,30.01,1',
          '2026-07-03,-15.00,0,1,1,0.00,-9.00,-1',
          '2026-07-04,-3.33,0,1,0,0.00,-2.33,-1',
          '2026-07-05,0.00,0,0,0,0.00,0.00,0',
          '',
        ].join('\n'));
      }
      const byMonth = await store.api.post(`${REPORT}?format=csv`, { from: '2026-06-01', to: '2026-08-31', interval: 'month', any: [tags.vip.id] });
      const rows = parse(byMonth.body, { columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.map((r) => [r.period_start, r.net_sales, r.customers]), [['2026-06-01', '30.00', '1'], ['2026-07-01', '25.01', '2'], ['2026-08-01', '25.00', '1']]);
    });

    test('the CSV needs "Export data" as well as "View reports"; JSON needs only "View reports"', async () => {
      const viewer = await t.keyWith(store, ['view_reports']);
      assert.equal((await viewer.post(REPORT, WEEK)).status, 200);
      const csv = await viewer.post(`${REPORT}?format=csv`, WEEK);
      assert.equal(csv.status, 403);
      assert.equal(csv.body.right, 'export_data');
      const exporter = await t.keyWith(store, ['view_reports', 'export_data']);
      assert.equal((await exporter.post(REPORT, WEEK, { accept: 'text/csv' })).status, 200);
    });

    test('without credentials 401; without "View reports" 403, even with every other right', async () => {
      assert.equal((await t.anonymous.post(REPORT, WEEK)).status, 401);
      const cashier = await t.keyWith(store, ['view_customers', 'record_sales', 'export_data']);
      const response = await cashier.post(REPORT, WEEK);
      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'auth.right_missing');
      assert.equal(response.body.right, 'view_reports');
    });

    test('another store\'s sales on the same days are never counted, and a new store reports zeros', async () => {
      const other = await t.createStore();
      await recordSale(other.api, { external_id: 'S1', occurred_at: '2026-06-30T12:00:00Z', lines: [{ quantity: 1, unit_price: 99_999, unit_cost: 1 }] });
      const ours = await store.api.post(REPORT, WEEK);
      assert.deepEqual(ours.body.totals, WEEK_TOTALS);
      const theirs = await other.api.post(REPORT, WEEK);
      assert.deepEqual(theirs.body.totals, figures(99_999, 1, 0, 0, 99_999, 99_998, 1));
      assert.equal(theirs.body.time_zone, 'UTC');
      const fresh = await t.createStore();
      assert.deepEqual((await fresh.api.post(REPORT, WEEK)).body.totals, EMPTY);
    });

    test('a range that runs backwards, a day-by-day range over three years, or a malformed day answers 400 at /to', async () => {
      const backwards = await store.api.post(REPORT, { from: '2026-07-05', to: '2026-07-04' });
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.field, '/to');
      assert.equal(backwards.body.errors[0].code, 'report.range_inverted');

      // Three years by day is the most: 1 Jan 2023 to 31 Dec 2025 is fine, one more day is not, and by week it is.
      assert.equal((await store.api.post(REPORT, { from: '2023-01-01', to: '2025-12-31' })).status, 200);
      const tooLong = await store.api.post(REPORT, { from: '2023-01-01', to: '2026-01-01' });
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.field, '/to');
      assert.equal(tooLong.body.errors[0].code, 'report.range_too_long');
      assert.match(tooLong.body.detail, /at most 3 years.*by week or month/);
      const byWeek = await store.api.post(REPORT, { from: '2023-01-01', to: '2026-01-01', interval: 'week' });
      assert.equal(byWeek.status, 200);
      assert.equal(byWeek.body.series[0].period_start, '2022-12-26');

      for (const body of [{ from: '2026-02-30', to: '2026-03-01' }, { from: '2026-07-01', to: '2026-07-05T00:00:00Z' }, { from: '2026-07-01' },
        { ...WEEK, interval: 'year' }]) {
        const response = await store.api.post(REPORT, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.code, 'request.invalid');
      }
    });
  });
}
