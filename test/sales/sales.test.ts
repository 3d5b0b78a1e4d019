import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';

async function created(response: Promise<{ status: number; body: any }>) {
  const { status, body } = await response;
  assert.equal(status, 201, JSON.stringify(body));
  return body;
}

async function customerOf(store: TestStore, name = 'Ada Shop') {
  return created(store.api.post('/v1/customers', { type: 'business', name }));
}

for (const kind of databaseKinds()) {
  describe(`products and sales on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a product is created with the contract\'s fields, its SKU unique and exact, and a sold product cannot be deleted', async () => {
      const store = await t.createStore();
      const candle = await created(store.api.post('/v1/products', {
        sku: '85099B', name: 'Jumbo bag red retrospot', list_price: 195, classifications: ['Bag', 'retrospot'], unit_cost: 80,
      }));
      assert.deepEqual([candle.sku, candle.list_price, candle.unit_cost, candle.currency, candle.active], ['85099B', 195, 80, 'GBP', true]);
      assert.deepEqual(candle.classifications, ['bag', 'retrospot']);
      const twin = await store.api.post('/v1/products', { sku: '85099B', name: 'Twin' });
      assert.equal(twin.status, 409);
      assert.equal(twin.body.code, 'product.sku_taken');
      await created(store.api.post('/v1/products', { sku: '85099b', name: 'Lower-case twin: another stock code' }));

      const list = await store.api.get('/v1/products?q=retro&sort=-name');
      assert.equal(list.body.total, 1);
      const byClass = await store.api.get('/v1/products?classification=bag');
      assert.deepEqual(byClass.body.items.map((p: any) => p.sku), ['85099B']);

      await created(store.api.post('/v1/sales', { external_id: 'R1', occurred_at: '2026-03-01T10:00:00Z', lines: [{ sku: '85099B', quantity: 1, unit_price: 195 }] }));
      const deletion = await store.api.delete(`/v1/products/${candle.id}`);
      assert.equal(deletion.status, 409);
      assert.equal(deletion.body.code, 'product.has_sales');
      const deactivated = await store.api.patch(`/v1/products/${candle.id}`, { active: false });
      assert.equal(deactivated.body.active, false);
    });

    test('a sale prices its lines, takes cost from the line, the product or the default margin, and keeps the customer\'s tallies', async () => {
      const store = await t.createStore();
      await store.api.patch('/v1/store', { default_margin_bp: 4000 });
      await created(store.api.post('/v1/products', { sku: 'MUG', name: 'Mug', list_price: 500, unit_cost: 200 }));
      const customer = await customerOf(store);
      const sale = await created(store.api.post('/v1/sales', {
        external_id: 'T1-0001', channel: 'till-1', customer_id: customer.id, occurred_at: '2026-03-01T10:00:00+01:00',
        lines: [
          { sku: 'MUG', quantity: 3, unit_price: 500, discount: 100, tax: 280 }, // cost from the product: 3 × 200
          { sku: 'NOT-IN-CATALOGUE', quantity: 2, unit_price: 250 }, // default margin 40%: cost 300
          { sku: 'GIFTWRAP', quantity: 1, unit_price: 99, unit_cost: 10, is_product: false }, // cost from the line
        ],
        total: 1999 + 280,
        payments: [{ method: 'card', amount: 2279 }],
      }));
      assert.equal(sale.occurred_at, '2026-03-01T09:00:00.000Z', 'stored in UTC');
      assert.deepEqual(sale.lines.map((l: any) => [l.net, l.cost, l.cost_source, l.gross_margin]), [
        [1400, 600, 'product', 800], [500, 300, 'default_rate', 200], [99, 10, 'line', 89],
      ]);
      assert.deepEqual([sale.subtotal, sale.discount, sale.net, sale.tax, sale.total, sale.gross_margin, sale.item_count],
        [2099, 100, 1999, 280, 2279, 1089, 6]);
      assert.equal(sale.line_count, 3);
      assert.equal(sale.lines[0].product_id !== null, true);
      assert.equal(sale.lines[1].product_id, null);
      assert.deepEqual((await store.api.get(`/v1/sales/${sale.id}`)).body, sale, 'the answer to POST is the sale as GET shows it');

      await created(store.api.post('/v1/sales', {
        external_id: 'T1-0002', channel: 'till-1', customer_id: customer.id, occurred_at: '2026-03-05T10:00:00Z',
        lines: [{ sku: 'MUG', quantity: 1, unit_price: 500 }],
      }));
      // A return refers to the original and takes its customer; it counts against sales but is no order.
      const returned = await created(store.api.post('/v1/sales', {
        external_id: 'T1-0003', channel: 'till-1', kind: 'return', original_external_id: 'T1-0002', occurred_at: '2026-03-06T10:00:00Z',
        lines: [{ sku: 'MUG', quantity: -1, unit_price: 500 }],
      }));
      assert.equal(returned.customer_id, customer.id);
      assert.equal(returned.net, -500);

      const after = (await store.api.get(`/v1/customers/${customer.id}`)).body;
      assert.equal(after.order_count, 2);
      assert.equal(after.total_sales, 1999);
      assert.equal(after.gross_margin, 1089);
      assert.equal(after.average_order_size, 1000, '1999 / 2 = 999.5, half to even');
      assert.equal(after.first_purchase_at, '2026-03-01T09:00:00.000Z');
      assert.equal(after.last_purchase_at, '2026-03-05T10:00:00.000Z', 'a return is not a purchase');

      const orders = await store.api.get(`/v1/sales?customer_id=${customer.id}&limit=2`);
      assert.equal(orders.body.total, 3);
      assert.deepEqual(orders.body.items.map((s: any) => s.external_id), ['T1-0003', 'T1-0002']);
      const next = await store.api.get(`/v1/sales?customer_id=${customer.id}&limit=2&cursor=${orders.body.next_cursor}`);
      assert.deepEqual(next.body.items.map((s: any) => s.external_id), ['T1-0001']);
    });

    test('a retry with the same external id counts once; a different body under that id is refused and changes nothing', async () => {
      const store = await t.createStore();
      const customer = await customerOf(store);
      const body = { external_id: 'R-42', customer_id: customer.id, occurred_at: '2026-03-01T10:00:00Z', lines: [{ sku: 'A', quantity: 2, unit_price: 1000 }] };
      const first = await created(store.api.post('/v1/sales', body));
      const again = await store.api.post('/v1/sales', body);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.id);
      const changed = await store.api.post('/v1/sales', { ...body, lines: [{ sku: 'A', quantity: 3, unit_price: 1000 }] });
      assert.equal(changed.status, 422);
      assert.equal(changed.body.code, 'sale.external_id_reused');
      // The same receipt number on another till is another sale.
      await created(store.api.post('/v1/sales', { ...body, channel: 'till-2' }));
      const customerAfter = (await store.api.get(`/v1/customers/${customer.id}`)).body;
      assert.equal(customerAfter.order_count, 2);
      assert.equal(customerAfter.total_sales, 4000);
    });

    test('Idempotency-Key: concurrent retries record one sale; the same key with another body is 422; answers are replayed', async () => {
      const store = await t.createStore();
      const customer = await customerOf(store);
      const key = randomUUID();
      const body = { external_id: `K-${key}`, customer_id: customer.id, occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 700 }] };
      const answers = await Promise.all(Array.from({ length: 8 }, () => store.api.post('/v1/sales', body, { 'idempotency-key': key })));
      const statuses = answers.map((a) => a.status);
      assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join(','));
      assert.ok(statuses.includes(201));
      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
      assert.equal(ids.size, 1, 'every 201 is the same sale');
      for (const busy of answers.filter((a) => a.status === 409)) assert.equal(busy.body.code, 'idempotency.in_progress');

      const replay = await store.api.post('/v1/sales', body, { 'idempotency-key': key });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body.id, [...ids][0]);
      const misuse = await store.api.post('/v1/sales', { ...body, lines: [{ quantity: 2, unit_price: 700 }] }, { 'idempotency-key': key });
      assert.equal(misuse.status, 422);
      assert.equal(misuse.body.code, 'idempotency.key_reused');

      const customerAfter = (await store.api.get(`/v1/customers/${customer.id}`)).body;
      assert.equal(customerAfter.order_count, 1);
      assert.equal(customerAfter.total_sales, 700);
      assert.equal((await store.api.get('/v1/sales')).body.total, 1);
    });

    test('a failed request releases its Idempotency-Key: the corrected request under the same key is recorded', async () => {
      const store = await t.createStore();
      const key = randomUUID();
      const bad = await store.api.post('/v1/sales', { external_id: 'X', customer_id: randomUUID(), occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1 }] }, { 'idempotency-key': key });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'sale.customer_unknown');
      assert.equal(bad.body.field, '/customer_id');
      const good = await store.api.post('/v1/sales', { external_id: 'X', occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1 }] }, { 'idempotency-key': key });
      assert.equal(good.status, 201);
    });

    test('bad sales are refused with the field that is wrong, and record nothing', async () => {
      const store = await t.createStore();
      const base = { external_id: 'B1', occurred_at: '2026-03-01T10:00:00Z' };
      const cases: [unknown, number, string, string][] = [
        [{ ...base, lines: [] }, 400, 'request.invalid', '/lines'],
        [{ ...base, lines: [{ quantity: 0, unit_price: 100 }] }, 400, 'request.invalid', '/lines/0/quantity'],
        [{ ...base, lines: [{ quantity: 1, unit_price: 100 }], total: 99 }, 422, 'sale.total_mismatch', '/total'],
        [{ ...base, lines: [{ quantity: 1, unit_price: 100, discount: 101 }] }, 422, 'sale.discount_too_large', '/lines/0/discount'],
        [{ ...base, kind: 'return', lines: [{ quantity: 1, unit_price: 100 }] }, 422, 'sale.return_quantity_positive', '/lines/0/quantity'],
        [{ ...base, lines: [{ quantity: -1, unit_price: 100 }] }, 422, 'sale.no_item_sold', '/kind'],
        [{ ...base, currency: 'EUR', lines: [{ quantity: 1, unit_price: 100 }] }, 422, 'sale.currency_mismatch', '/currency'],
        [{ ...base, lines: [{ quantity: 1, unit_price: 100 }], payments: [{ method: 'cash', amount: 50 }] }, 422, 'sale.payments_mismatch', '/payments'],
        [{ ...base, lines: [{ quantity: 1, unit_price: 100 }], payments: [{ method: 'store_credit', amount: 100 }] }, 422, 'sale.payment_needs_customer', '/payments'],
        [{ ...base, occurred_at: '2099-01-01T00:00:00Z', lines: [{ quantity: 1, unit_price: 100 }] }, 422, 'sale.occurred_in_future', '/occurred_at'],
      ];
      for (const [body, status, code, field] of cases) {
        const response = await store.api.post('/v1/sales', body);
        assert.equal(response.status, status, JSON.stringify(response.body));
        assert.equal(response.body.code, code);
        assert.equal(response.body.field, field);
      }
      assert.equal((await store.api.get('/v1/sales')).body.total, 0);
    });

    test('store settings: the currency is fixed once sales exist; the time zone must be an IANA zone', async () => {
      const store = await t.createStore();
      assert.equal((await store.api.patch('/v1/store', { currency: 'EUR' })).body.currency, 'EUR', 'free before any sale');
      const zone = await store.api.patch('/v1/store', { time_zone: 'Mars/Olympus_Mons' });
      assert.equal(zone.status, 400);
      assert.equal(zone.body.field, '/time_zone');
      const set = await store.api.patch('/v1/store', { time_zone: 'Europe/London', default_margin_bp: 3500, loyalty_points_per_unit: 1 });
      assert.deepEqual([set.body.time_zone, set.body.default_margin_bp, set.body.loyalty_points_per_unit], ['Europe/London', 3500, 1]);
      await created(store.api.post('/v1/sales', { external_id: 'E1', occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 100 }] }));
      const locked = await store.api.patch('/v1/store', { currency: 'GBP' });
      assert.equal(locked.status, 409);
      assert.equal(locked.body.code, 'store.currency_in_use');
      assert.equal((await store.api.get('/v1/store')).body.currency, 'EUR');
    });

    test('recording sales needs "Record sales"; another store\'s sales and customers stay invisible', async () => {
      const store = await t.createStore();
      const other = await t.createStore();
      const viewer = await t.keyWith(store, ['view_customers']);
      const refused = await viewer.post('/v1/sales', { external_id: 'V', occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1 }] });
      assert.equal(refused.status, 403);
      const theirs = await customerOf(other);
      const sale = await created(other.api.post('/v1/sales', { external_id: 'O', customer_id: theirs.id, occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1 }] }));
      assert.equal((await store.api.get(`/v1/sales/${sale.id}`)).status, 404);
      const intoTheirs = await store.api.post('/v1/sales', { external_id: 'O', customer_id: theirs.id, occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1 }] });
      assert.equal(intoTheirs.status, 422);
      assert.equal(intoTheirs.body.code, 'sale.customer_unknown');
    });
  });
}
