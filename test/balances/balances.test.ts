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

async function newCustomer(store: TestStore) {
  return created(store.api.post('/v1/customers', { type: 'consumer', name: `Customer ${randomUUID().slice(0, 6)}` }));
}

const entry = (store: TestStore, customerId: string, body: object) => store.api.post(`/v1/customers/${customerId}/balance-entries`, body);

for (const kind of databaseKinds()) {
  describe(`store credit, on-account and loyalty points on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('store credit: issued, redeemed, never below zero; every change is a ledger entry with who, why and the balance after', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      const issued = await created(entry(store, customer.id, { balance: 'store_credit', entry_type: 'issue', amount: 2500, reason: 'Late delivery', reference: 'CASE-7' }));
      assert.equal(issued.entry.balance_after, 2500);
      assert.equal(issued.entry.created_by.kind, 'api_key');
      assert.equal(issued.balances.store_credit, 2500);

      const tooMuch = await entry(store, customer.id, { balance: 'store_credit', entry_type: 'redemption', amount: -2501 });
      assert.equal(tooMuch.status, 422);
      assert.equal(tooMuch.body.code, 'balance.insufficient');
      assert.equal(tooMuch.body.field, '/amount');
      assert.equal(tooMuch.body.available, 2500);

      await created(entry(store, customer.id, { balance: 'store_credit', entry_type: 'redemption', amount: -1000, reference: 'R-9' }));
      const wrongSign = await entry(store, customer.id, { balance: 'store_credit', entry_type: 'redemption', amount: 5 });
      assert.equal(wrongSign.body.code, 'balance.amount_sign');
      const noReason = await entry(store, customer.id, { balance: 'store_credit', entry_type: 'adjustment', amount: 5 });
      assert.equal(noReason.body.code, 'balance.reason_required');
      assert.equal(noReason.body.field, '/reason');
      const wrongBalance = await entry(store, customer.id, { balance: 'on_account', entry_type: 'issue', amount: 5 });
      assert.equal(wrongBalance.body.code, 'balance.entry_type_invalid');

      const ledger = await store.api.get(`/v1/customers/${customer.id}/balance-entries?balance=store_credit`);
      assert.deepEqual(ledger.body.items.map((e: any) => [e.entry_type, e.amount, e.balance_after]), [['redemption', -1000, 1500], ['issue', 2500, 2500]]);
      assert.equal((await store.api.get(`/v1/customers/${customer.id}`)).body.store_credit, 1500);
    });

    test('on account: charged by sales up to the credit limit, paid off by account payments', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      const sale = (id: string, amount: number) => store.api.post('/v1/sales', {
        external_id: id, customer_id: customer.id, occurred_at: '2026-03-01T10:00:00Z',
        lines: [{ quantity: 1, unit_price: amount }], payments: [{ method: 'on_account', amount }],
      });
      const noLimit = await sale('A1', 1000);
      assert.equal(noLimit.status, 422);
      assert.equal(noLimit.body.code, 'balance.credit_limit_exceeded');
      assert.equal(noLimit.body.field, '/payments/0/amount');
      assert.equal((await store.api.get('/v1/sales')).body.total, 0, 'the refused sale recorded nothing');

      const limited = await store.api.patch(`/v1/customers/${customer.id}/balances`, { credit_limit: 5000 });
      assert.equal(limited.body.available_on_account, 5000);
      assert.equal((await sale('A1', 1000)).status, 201);
      assert.equal((await sale('A2', 4500)).body.code, 'balance.credit_limit_exceeded');
      const balances = (await store.api.get(`/v1/customers/${customer.id}/balances`)).body;
      assert.deepEqual([balances.on_account, balances.credit_limit, balances.available_on_account], [-1000, 5000, 4000]);

      const lower = await store.api.patch(`/v1/customers/${customer.id}/balances`, { credit_limit: 500 });
      assert.equal(lower.status, 409);
      assert.equal(lower.body.code, 'balance.credit_limit_below_owed');

      const paid = await created(entry(store, customer.id, { balance: 'on_account', entry_type: 'account_payment', amount: 1000, reference: 'BACS 2026-03-31' }));
      assert.equal(paid.balances.on_account, 0);
      const ledger = await store.api.get(`/v1/customers/${customer.id}/balance-entries?balance=on_account`);
      assert.deepEqual(ledger.body.items.map((e: any) => [e.entry_type, e.amount, e.reference]), [['account_payment', 1000, 'BACS 2026-03-31'], ['sale_payment', -1000, 'A1']]);
      assert.ok(ledger.body.items[1].sale_id);
    });

    test('loyalty points: earned per pound by the store\'s rule, taken back by a return, redeemed, not below zero', async () => {
      const store = await t.createStore();
      await store.api.patch('/v1/store', { loyalty_points_per_unit: 2 });
      const customer = await newCustomer(store);
      const sale = await created(store.api.post('/v1/sales', {
        external_id: 'L1', customer_id: customer.id, occurred_at: '2026-03-01T10:00:00Z', lines: [{ quantity: 1, unit_price: 1299 }],
      }));
      assert.equal(sale.loyalty_points, 25, '£12.99 × 2 points, rounded down');
      const back = await created(store.api.post('/v1/sales', {
        external_id: 'L2', kind: 'return', original_external_id: 'L1', occurred_at: '2026-03-02T10:00:00Z', lines: [{ quantity: -1, unit_price: 550 }],
      }));
      assert.equal(back.loyalty_points, -11);
      assert.equal((await store.api.get(`/v1/customers/${customer.id}`)).body.loyalty_points, 14);
      const over = await entry(store, customer.id, { balance: 'loyalty_points', entry_type: 'redemption', amount: -15 });
      assert.equal(over.body.code, 'balance.insufficient');
      await created(entry(store, customer.id, { balance: 'loyalty_points', entry_type: 'redemption', amount: -14 }));
      const ledger = await store.api.get(`/v1/customers/${customer.id}/balance-entries?balance=loyalty_points`);
      assert.deepEqual(ledger.body.items.map((e: any) => [e.entry_type, e.amount, e.balance_after]), [['redemption', -14, 0], ['earning', -11, 14], ['earning', 25, 25]]);
    });

    test('concurrent entries on one customer lose no update, and the ledger adds up to the balance', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      await created(entry(store, customer.id, { balance: 'store_credit', entry_type: 'issue', amount: 1000 }));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => entry(store, customer.id, i % 2
        ? { balance: 'store_credit', entry_type: 'issue', amount: 100 }
        : { balance: 'store_credit', entry_type: 'redemption', amount: -150 })));
      const applied = results.filter((r) => r.status === 201);
      assert.ok(results.every((r) => r.status === 201 || r.body.code === 'balance.insufficient'));
      const ledger = (await store.api.get(`/v1/customers/${customer.id}/balance-entries?limit=500`)).body.items;
      assert.equal(ledger.length, applied.length + 1);
      const sum = ledger.reduce((total: number, e: any) => total + e.amount, 0);
      const balance = (await store.api.get(`/v1/customers/${customer.id}/balances`)).body.store_credit;
      assert.equal(balance, sum);
      assert.equal(balance, 1000 + 10 * 100 - 10 * 150);
      // Each entry's balance_after follows from the one before it.
      const ordered = [...ledger].reverse();
      ordered.reduce((before: number, e: any) => (assert.equal(e.balance_after, before + e.amount), e.balance_after), 0);
    });

    test('an entry retried with its Idempotency-Key posts once', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      const key = randomUUID();
      const body = { balance: 'store_credit', entry_type: 'issue', amount: 700 };
      await created(entry(store, customer.id, body)); // without a key: a separate, intended entry
      const keyed = await Promise.all([1, 2, 3].map(() => store.api.post(`/v1/customers/${customer.id}/balance-entries`, body, { 'idempotency-key': key })));
      assert.ok(keyed.some((r) => r.status === 201));
      const again = await store.api.post(`/v1/customers/${customer.id}/balance-entries`, body, { 'idempotency-key': key });
      assert.equal(again.status, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal((await store.api.get(`/v1/customers/${customer.id}/balances`)).body.store_credit, 1400);
    });

    test('rights: a cashier redeems but cannot adjust or issue; a viewer reads balances only', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      await created(entry(store, customer.id, { balance: 'store_credit', entry_type: 'issue', amount: 1000 }));
      const cashier = await t.keyWith(store, ['view_customers', 'record_sales']);
      const redeem = await cashier.post(`/v1/customers/${customer.id}/balance-entries`, { balance: 'store_credit', entry_type: 'redemption', amount: -100 });
      assert.equal(redeem.status, 201);
      const issue = await cashier.post(`/v1/customers/${customer.id}/balance-entries`, { balance: 'store_credit', entry_type: 'issue', amount: 100 });
      assert.equal(issue.status, 403);
      assert.equal(issue.body.right, 'adjust_balances');
      const viewer = await t.keyWith(store, ['view_customers']);
      assert.equal((await viewer.get(`/v1/customers/${customer.id}/balances`)).body.store_credit, 900);
      assert.equal((await viewer.post(`/v1/customers/${customer.id}/balance-entries`, { balance: 'store_credit', entry_type: 'redemption', amount: -1 })).status, 403);
      assert.equal((await viewer.patch(`/v1/customers/${customer.id}/balances`, { credit_limit: 1 })).status, 403);

      const other = await t.createStore();
      assert.equal((await other.api.get(`/v1/customers/${customer.id}/balances`)).status, 404);
      assert.equal((await entry(other, customer.id, { balance: 'store_credit', entry_type: 'issue', amount: 1 })).status, 404);
    });

    test('the customer export carries balances and points, money as decimals', async () => {
      const store = await t.createStore();
      const customer = await newCustomer(store);
      await created(entry(store, customer.id, { balance: 'store_credit', entry_type: 'issue', amount: 1250 }));
      await created(entry(store, customer.id, { balance: 'loyalty_points', entry_type: 'issue', amount: 40 }));
      await store.api.patch(`/v1/customers/${customer.id}/balances`, { credit_limit: 5000 });
      await created(entry(store, customer.id, { balance: 'on_account', entry_type: 'adjustment', amount: -1005, reason: 'Invoice 17 from the old system' }));
      const csv = await store.api.post('/v1/customers/search?format=csv', { columns: ['name', 'store_credit', 'on_account', 'loyalty_points', 'order_count', 'total_sales'] });
      assert.equal(csv.status, 200);
      const lines = String(csv.body).trim().split(/\r?\n/);
      assert.equal(lines[0], 'name,store_credit,on_account,loyalty_points,order_count,total_sales');
      // A negative amount stays a number a spreadsheet can add (no formula-guard apostrophe).
      assert.equal(lines[1], `${customer.name},12.50,-10.05,40,0,0.00`);
    });
  });
}
