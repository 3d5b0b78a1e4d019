import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { databaseKinds } from '../helpers/database.ts';
import { type Client, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';

const REPORT = '/v1/reports/groups';
const CLOUD = '/v1/reports/group-classifications';

interface Line { sku?: string; description?: string; is_product?: boolean; quantity: number; unit_price: number; unit_cost: number }
interface SaleInput { external_id: string; occurred_at: string; customer_id?: string; kind?: 'sale' | 'return'; lines: Line[] }

async function recordSale(api: Client, sale: SaleInput) {
  const response = await api.post('/v1/sales', sale);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as { net: number; gross_margin: number; item_count: number };
}

async function create(api: Client, url: string, body: object): Promise<string> {
  const response = await api.post(url, body);
  assert.equal(response.status, 201, `${url} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

async function changeMembers(api: Client, method: 'POST' | 'DELETE', groupId: string, customerIds: string[]) {
  const response = await api.send(method, `/v1/groups/${groupId}/members`, { customer_ids: customerIds });
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

/** A new frequency group recomputes in the background; sales recorded after that move their customers themselves. */
async function untilRecomputed(api: Client, groupId: string) {
  for (let i = 0; i < 100; i++) {
    const group = await api.get(`/v1/groups/${groupId}`);
    assert.equal(group.status, 200, JSON.stringify(group.body));
    if (!group.body.recompute || group.body.recompute.state === 'idle') return;
    await sleep(50);
  }
  assert.fail('the group did not finish recomputing');
}

function figures(net_sales: number, orders: number, returns: number, customers: number, average_order_size: number, gross_margin: number, items: number) {
  return { net_sales, orders, returns, customers, average_order_size, gross_margin, items };
}
const EMPTY = figures(0, 0, 0, 0, 0, 0, 0);
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface Seeded { loyal: string; regulars: string; empty: string }

// Products (classifications in brackets): MUG (kitchen, gifts) 5.00 cost 2.00; TEA (kitchen, food) 4.00 cost 1.00; LAMP (home, lighting) cost 25.00.
// "Loyal" is a frequency group on sales since 2020 (Silver 50.00-99.99, Gold 100.00 and up), made before any sale, so
// each sale moves its customer at the sale's own time. "Regulars" is static: Alice and Dan are put in now, after their
// sales; Carol is put in, buys, and is taken out again.
//   S1 Alice   1 Oct  2 × MUG, 1 × TEA, postage 3.00 (not a product)   net  17.00
//   S2 Bob     6 Oct  1 × LAMP 60.00                                   net  60.00  Bob enters Loyal, Silver
//   S3 Bob     8 Oct  1 × LAMP 50.00                                   net  50.00  Bob moves up to Gold (110.00)
//   S4 walk-in 9 Oct  1 × TEA                                          net   4.00
//   S5 Carol  10 Oct  3 × TEA                                          net  12.00
//   S6 Bob    12 Oct  1 × MUG                                          net   5.00  (115.00)
//   R1 Bob    15 Oct  return 1 × LAMP 50.00 and 1 × MUG                net -55.00  Bob back to Silver (60.00)
//   R2 Bob    16 Oct  return 1 × LAMP 60.00                            net -60.00  Bob leaves Loyal (0.00)
//   D1 Dan    20 Oct  2 × LAMP 60.00                                   net 120.00  Dan enters Loyal, Gold
//   C7 Carol  now     1 × MUG, while she is in Regulars                 net   5.00
async function seed(store: TestStore): Promise<Seeded> {
  const api = store.api;
  for (const product of [
    { sku: 'MUG', name: 'Mug', classifications: ['kitchen', 'gifts'] },
    { sku: 'TEA', name: 'Tea', classifications: ['kitchen', 'food'] },
    { sku: 'LAMP', name: 'Lamp', classifications: ['home', 'lighting'] },
  ]) await create(api, '/v1/products', { ...product, list_price: 100 });
  const customer = (name: string) => create(api, '/v1/customers', { type: 'consumer', name });
  const [alice, bob, carol, dan] = [await customer('Alice'), await customer('Bob'), await customer('Carol'), await customer('Dan')];
  const loyal = await create(api, '/v1/groups', {
    kind: 'frequency', name: 'Loyal', metric: 'sales', active_from: '2020-01-01', window: 'never_reset',
    levels: [{ description: 'Silver', min: 5000, max: 9999 }, { description: 'Gold', min: 10000, max: null, vip: true }],
  });
  await untilRecomputed(api, loyal);
  const regulars = await create(api, '/v1/groups', { kind: 'static', name: 'Regulars', code: 'REG' });
  const empty = await create(api, '/v1/groups', { kind: 'static', name: 'Nobody', code: 'NONE' });

  const mug = (quantity: number): Line => ({ sku: 'MUG', quantity, unit_price: 500, unit_cost: 200 });
  const tea = (quantity: number): Line => ({ sku: 'TEA', quantity, unit_price: 400, unit_cost: 100 });
  const lamp = (quantity: number, unit_price: number): Line => ({ sku: 'LAMP', quantity, unit_price, unit_cost: 2500 });
  const sales: SaleInput[] = [
    { external_id: 'S1', customer_id: alice, occurred_at: '2026-10-01T10:00:00Z', lines: [mug(2), tea(1), { description: 'Postage', is_product: false, quantity: 1, unit_price: 300, unit_cost: 300 }] },
    { external_id: 'S2', customer_id: bob, occurred_at: '2026-10-06T10:00:00Z', lines: [lamp(1, 6000)] },
    { external_id: 'S3', customer_id: bob, occurred_at: '2026-10-08T10:00:00Z', lines: [lamp(1, 5000)] },
    { external_id: 'S4', occurred_at: '2026-10-09T10:00:00Z', lines: [tea(1)] },
    { external_id: 'S5', customer_id: carol, occurred_at: '2026-10-10T10:00:00Z', lines: [tea(3)] },
    { external_id: 'S6', customer_id: bob, occurred_at: '2026-10-12T10:00:00Z', lines: [mug(1)] },
    { external_id: 'R1', kind: 'return', customer_id: bob, occurred_at: '2026-10-15T10:00:00Z', lines: [lamp(-1, 5000), mug(-1)] },
    { external_id: 'R2', kind: 'return', customer_id: bob, occurred_at: '2026-10-16T10:00:00Z', lines: [lamp(-1, 6000)] },
    { external_id: 'D1', customer_id: dan, occurred_at: '2026-10-20T10:00:00Z', lines: [lamp(2, 6000)] },
  ];
  const recorded = [];
  for (const sale of sales) recorded.push(await recordSale(api, sale));
  assert.deepEqual(recorded.map((s) => [s.net, s.gross_margin, s.item_count]), [
    [1700, 900, 4], [6000, 3500, 1], [5000, 2500, 1], [400, 300, 1], [1200, 900, 3], [500, 300, 1], [-5500, -2800, -2], [-6000, -3500, -1], [12000, 7000, 2],
  ]);

  await changeMembers(api, 'POST', regulars, [alice, dan]);
  // Carol is in Regulars for C7 only: the margins keep the sale clear of her entry and exit on any clock.
  await changeMembers(api, 'POST', regulars, [carol]);
  await sleep(50);
  await recordSale(api, { external_id: 'C7', customer_id: carol, occurred_at: new Date().toISOString(), lines: [mug(1)] });
  await sleep(50);
  await changeMembers(api, 'DELETE', regulars, [carol]);
  return { loyal, regulars, empty };
}

for (const kind of databaseKinds()) {
  describe(`group report on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    let groups: Seeded;
    // From 1 October to tomorrow, so C7 (now) is in range whatever the hour.
    const RANGE = { from: '2026-10-01', to: dayAfter(new Date().toISOString().slice(0, 10)) };
    const STORE_TOTALS = figures(15800, 8, 2, 4, 1975, 9400, 11);
    before(async () => {
      t = await startTestApp(kind);
      store = await t.createStore();
      groups = await seed(store);
    });
    after(() => t.close());

    test('at the sale, a sale counts for the group its customer was in then: Bob until he left Loyal, through his level changes, once each', async () => {
      const response = await store.api.post(REPORT, { group_id: groups.loyal, ...RANGE, top: 5 });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body, {
        currency: 'GBP', time_zone: 'UTC', from: RANGE.from, to: RANGE.to, membership: 'at_sale',
        group: { id: groups.loyal, name: 'Loyal' },
        totals: {
          // Bob's S2 (which qualified him), S3, S6 and R1 (the return that took him back to Silver), then Dan's D1.
          // R2 took him out: it happened as he left, so it is not the group's.
          group: figures(18000, 4, 1, 2, 4500, 10500, 3),
          store: STORE_TOTALS,
        },
        top_products: {
          group: [
            { sku: 'LAMP', name: 'Lamp', quantity: 3, net_sales: 18000, gross_margin: 10500 },
            { sku: 'MUG', name: 'Mug', quantity: 0, net_sales: 0, gross_margin: 0 },
          ],
          // Postage is not a product; the walk-in's tea is the store's.
          store: [
            { sku: 'LAMP', name: 'Lamp', quantity: 2, net_sales: 12000, gross_margin: 7000 },
            { sku: 'TEA', name: 'Tea', quantity: 5, net_sales: 2000, gross_margin: 1500 },
            { sku: 'MUG', name: 'Mug', quantity: 3, net_sales: 1500, gross_margin: 900 },
          ],
        },
      });
    });

    test('with today\'s members, Bob, who left Loyal, drops out, and Alice and Dan, put in Regulars after buying, count', async () => {
      const loyal = await store.api.post(REPORT, { group_id: groups.loyal, ...RANGE, membership: 'today' });
      assert.equal(loyal.status, 200, JSON.stringify(loyal.body));
      assert.equal(loyal.body.membership, 'today');
      assert.deepEqual(loyal.body.totals.group, figures(12000, 1, 0, 1, 12000, 7000, 2));

      const today = await store.api.post(REPORT, { group_id: groups.regulars, ...RANGE, membership: 'today' });
      assert.deepEqual(today.body.totals.group, figures(13700, 2, 0, 2, 6850, 7900, 6));
      // Carol was in Regulars when she bought C7 and has left since: hers is the group's sale only at the sale.
      const atSale = await store.api.post(REPORT, { group_id: groups.regulars, ...RANGE });
      assert.deepEqual(atSale.body.totals.group, figures(500, 1, 0, 1, 500, 300, 1));
      assert.deepEqual(atSale.body.top_products.group, [{ sku: 'MUG', name: 'Mug', quantity: 1, net_sales: 500, gross_margin: 300 }]);
      // The store beside it is the same whichever group or membership is asked.
      for (const report of [loyal, today, atSale]) assert.deepEqual(report.body.totals.store, STORE_TOTALS);
    });

    test('Dan, in Loyal and in Regulars, counts in both reports, once in each', async () => {
      const day = (group_id: string) => store.api.post(REPORT, { group_id, from: '2026-10-20', to: '2026-10-20', membership: 'today' });
      const [loyal, regulars] = await Promise.all([day(groups.loyal), day(groups.regulars)]);
      assert.deepEqual(loyal.body.totals.group, figures(12000, 1, 0, 1, 12000, 7000, 2));
      assert.deepEqual(regulars.body.totals.group, figures(12000, 1, 0, 1, 12000, 7000, 2));
      assert.deepEqual(loyal.body.totals.store, figures(12000, 1, 0, 1, 12000, 7000, 2));
    });

    test('the range is cut in days, top limits the products, and a group without members answers zeros beside the store', async () => {
      // 6 to 12 October: Bob's S2, S3 and S6 in Loyal.
      const week = await store.api.post(REPORT, { group_id: groups.loyal, from: '2026-10-06', to: '2026-10-12', top: 1 });
      assert.deepEqual(week.body.totals.group, figures(11500, 3, 0, 1, 3833, 6300, 3));
      assert.deepEqual(week.body.top_products.group, [{ sku: 'LAMP', name: 'Lamp', quantity: 2, net_sales: 11000, gross_margin: 6000 }]);
      assert.deepEqual(week.body.top_products.store, [{ sku: 'LAMP', name: 'Lamp', quantity: 2, net_sales: 11000, gross_margin: 6000 }]);

      const nobody = await store.api.post(REPORT, { group_id: groups.empty, ...RANGE });
      assert.equal(nobody.status, 200);
      assert.deepEqual(nobody.body.totals, { group: EMPTY, store: STORE_TOTALS });
      assert.deepEqual(nobody.body.top_products.group, []);
    });

    test('as CSV, a row for the group\'s and the store\'s totals and for each top product, money as decimals', async () => {
      for (const request of [
        () => store.api.post(REPORT, { group_id: groups.loyal, ...RANGE, top: 2 }, { accept: 'text/csv' }),
        () => store.api.post(`${REPORT}?format=csv`, { group_id: groups.loyal, ...RANGE, top: 2 }),
      ]) {
        const response = await request();
        assert.equal(response.status, 200);
        assert.match(String(response.headers['content-type']), /^text\/csv/);
        assert.match(String(response.headers['content-disposition']), /attachment; filename="group-report\.csv"/);
        assert.equal(response.body, [
          'scope,figures,sku,name,net_sales,orders,returns,customers,average_order_size,gross_margin,items',
          'group,totals,,,180.00,4,1,2,45.00,105.00,3',
          'store,totals,,,158.00,8,2,4,19.75,94.00,11',
          'group,product,LAMP,Lamp,180.00,,,,,105.00,3',
          'group,product,MUG,Mug,0.00,,,,,0.00,0',
          'store,product,LAMP,Lamp,120.00,,,,,70.00,2',
          'store,product,TEA,Tea,20.00,,,,,15.00,5',
          '',
        ].join('\n'));
      }
      const today = await store.api.post(`${REPORT}?format=csv`, { group_id: groups.regulars, ...RANGE, membership: 'today' });
      const rows = parse(today.body, { columns: true }) as Record<string, string>[];
      assert.deepEqual(rows.slice(0, 2).map((r) => [r.scope, r.net_sales, r.customers]), [['group', '137.00', '2'], ['store', '158.00', '4']]);
    });

    test('the word cloud weighs each classification by what the group spent on it, the biggest at 1', async () => {
      const response = await store.api.post(CLOUD, { group_id: groups.regulars, ...RANGE, membership: 'today' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      // Alice's mugs (10.00) and tea (4.00), Dan's lamps (120.00); the postage has no product.
      assert.deepEqual(response.body, {
        currency: 'GBP',
        items: [
          { term: 'home', spend: 12000, weight: 1 },
          { term: 'lighting', spend: 12000, weight: 1 },
          { term: 'kitchen', spend: 1400, weight: 0.1167 },
          { term: 'gifts', spend: 1000, weight: 0.0833 },
          { term: 'food', spend: 400, weight: 0.0333 },
        ],
      });
      const limited = await store.api.post(CLOUD, { group_id: groups.regulars, ...RANGE, membership: 'today', limit: 2 });
      assert.deepEqual(limited.body.items.map((i: { term: string }) => i.term), ['home', 'lighting']);
      // At the sale, Bob bought a mug and returned one while in Loyal: kitchen and gifts come to 0 and are left out.
      const loyal = await store.api.post(CLOUD, { group_id: groups.loyal, ...RANGE });
      assert.deepEqual(loyal.body.items, [{ term: 'home', spend: 18000, weight: 1 }, { term: 'lighting', spend: 18000, weight: 1 }]);
      const nobody = await store.api.post(CLOUD, { group_id: groups.empty, ...RANGE });
      assert.deepEqual(nobody.body, { currency: 'GBP', items: [] });
    });

    test('another store\'s group, or an unknown one, is not found; another store\'s sales are never counted', async () => {
      const other = await t.createStore();
      const theirs = await create(other.api, '/v1/groups', { kind: 'static', name: 'Theirs', code: 'THEIRS' });
      await recordSale(other.api, { external_id: 'S1', occurred_at: '2026-10-06T12:00:00Z', lines: [{ quantity: 1, unit_price: 99_999, unit_cost: 1 }] });
      for (const [url, group_id] of [[REPORT, theirs], [CLOUD, theirs], [REPORT, '00000000-0000-4000-8000-000000000000']] as const) {
        const response = await store.api.post(url, { group_id, ...RANGE });
        assert.equal(response.status, 404, url);
        assert.equal(response.body.code, 'group.not_found');
      }
      const ours = await store.api.post(REPORT, { group_id: groups.empty, ...RANGE });
      assert.deepEqual(ours.body.totals.store, STORE_TOTALS);
    });

    test('without credentials 401; without "View reports" 403; the CSV needs "Export data" too', async () => {
      const body = { group_id: groups.loyal, ...RANGE };
      assert.equal((await t.anonymous.post(REPORT, body)).status, 401);
      assert.equal((await t.anonymous.post(CLOUD, body)).status, 401);
      const cashier = await t.keyWith(store, ['view_customers', 'record_sales', 'export_data']);
      for (const url of [REPORT, CLOUD]) {
        const response = await cashier.post(url, body);
        assert.equal(response.status, 403, url);
        assert.equal(response.body.right, 'view_reports');
      }
      const viewer = await t.keyWith(store, ['view_reports']);
      assert.equal((await viewer.post(REPORT, body)).status, 200);
      assert.equal((await viewer.post(CLOUD, body)).status, 200);
      const csv = await viewer.post(`${REPORT}?format=csv`, body);
      assert.equal(csv.status, 403);
      assert.equal(csv.body.right, 'export_data');
    });

    test('a range that runs backwards is refused at /to as the sales report refuses it; a bad membership or top at its field', async () => {
      for (const url of [REPORT, CLOUD]) {
        const backwards = await store.api.post(url, { group_id: groups.loyal, from: '2026-10-05', to: '2026-10-04' });
        assert.equal(backwards.status, 400, url);
        assert.equal(backwards.body.field, '/to');
        assert.equal(backwards.body.errors[0].code, 'report.range_inverted');
      }
      for (const [url, extra, field] of [[REPORT, { membership: 'ever' }, '/membership'], [REPORT, { top: 0 }, '/top'], [CLOUD, { limit: 201 }, '/limit']] as const) {
        const response = await store.api.post(url, { group_id: groups.loyal, ...RANGE, ...extra });
        assert.equal(response.status, 400, JSON.stringify(extra));
        assert.equal(response.body.field, field);
      }
    });
  });
}
