import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { created, ok } from '../helpers/responses.ts';

const LEVELS = [
  { description: 'Bronze', min: 10_000, max: 49_999 },
  { description: 'Silver', min: 50_000, max: 99_999 },
  { description: 'Gold', min: 100_000, max: null, vip: true },
];

let receipt = 0;
function sale(store: TestStore, customerId: string, occurredAt: string, amount: number, kind: 'sale' | 'return' | 'cancellation' = 'sale') {
  receipt += 1;
  const quantity = kind === 'sale' ? 1 : -1;
  return created(store.api.post('/v1/sales', {
    external_id: `R${receipt}`, customer_id: customerId, occurred_at: occurredAt, kind, lines: [{ description: 'Goods', quantity, unit_price: amount }],
  }));
}

/** Waits for the background recompute a change started. */
async function settled(store: TestStore, groupId: string, withinMs = 5_000) {
  for (let i = 0; i < withinMs / 25; i++) {
    const group = await ok(store.api.get(`/v1/groups/${groupId}`));
    if (group.recompute.state === 'idle' || group.recompute.state === 'failed') return group;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the recompute did not finish');
}

const membersOf = async (store: TestStore, groupId: string, query = '') =>
  (await ok(store.api.get(`/v1/groups/${groupId}/members?limit=500${query}`))).items.map((m: any) => [m.name, m.level, m.figure]);

for (const kind of databaseKinds()) {
  describe(`frequency groups on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('levels may not overlap (the error names both levels), may leave gaps, and a frequency group needs its whole rule', async () => {
      const store = await t.createStore();
      const missing = await store.api.post('/v1/groups', { kind: 'frequency', name: 'Loyal', metric: 'sales', levels: LEVELS });
      assert.deepEqual([missing.status, missing.body.code], [422, 'group.rule_required']);
      assert.deepEqual(missing.body.errors.map((e: any) => e.field), ['/active_from', '/window']);
      const overlap = await store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Loyal', metric: 'sales', active_from: '2020-01-01', window: 'never_reset',
        levels: [{ description: 'Gold', min: 100_000 }, { description: 'Bronze', min: 0, max: 50_000 }, { description: 'Silver', min: 40_000, max: 99_999 }],
      });
      assert.deepEqual([overlap.status, overlap.body.code], [422, 'group.levels_overlap']);
      assert.deepEqual(overlap.body.errors.map((e: any) => e.field).sort(), ['/levels/1', '/levels/2']);
      assert.match(overlap.body.errors[0].message, /"Bronze" and "Silver" overlap/);
      const gap = await created(store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Loyal', metric: 'transactions', active_from: '2020-01-01', window: 'never_reset',
        levels: [{ description: 'Many', min: 10 }, { description: 'Few', min: 2, max: 3 }],
      }));
      assert.deepEqual(gap.levels.map((l: any) => [l.number, l.description, l.min, l.max, l.vip]), [[1, 'Few', 2, 3, false], [2, 'Many', 10, null, false]]);
    });

    test('a sale moves its customer at once, returns count against sales, the ledger says why, and VIP follows the level', async () => {
      const store = await t.createStore();
      const ada = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Ada' }));
      const loyal = await created(store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Loyal', code: 'LOYAL', metric: 'sales', active_from: '2025-01-01', window: 'never_reset', levels: LEVELS,
      }));
      await settled(store, loyal.id);
      await sale(store, ada.id, '2024-12-31T12:00:00Z', 500_000); // before active_from: does not count
      assert.deepEqual(await membersOf(store, loyal.id), []);
      await sale(store, ada.id, '2025-02-01T12:00:00Z', 60_000);
      assert.deepEqual(await membersOf(store, loyal.id), [['Ada', 'Silver', 60_000]]);
      const gold = await sale(store, ada.id, '2025-03-01T12:00:00Z', 45_000);
      assert.deepEqual(await membersOf(store, loyal.id), [['Ada', 'Gold', 105_000]]);
      assert.equal((await ok(store.api.get(`/v1/customers/${ada.id}`))).vip, true);
      await sale(store, ada.id, '2025-03-02T12:00:00Z', 98_000, 'return');
      assert.deepEqual(await membersOf(store, loyal.id), []);
      const customer = await ok(store.api.get(`/v1/customers/${ada.id}`));
      assert.deepEqual([customer.vip, customer.groups], [false, []]);

      const history = await ok(store.api.get(`/v1/groups/${loyal.id}/history`));
      assert.deepEqual(history.items.map((h: any) => [h.change, h.level, h.reason, h.effective_at]), [
        ['left', 'Gold', 'rule', '2025-03-02T12:00:00.000Z'],
        ['level_changed', 'Gold', 'rule', '2025-03-01T12:00:00.000Z'],
        ['entered', 'Silver', 'rule', '2025-02-01T12:00:00.000Z'],
      ]);
      assert.equal(history.items[1].sale_id, gold.id);
      assert.equal(history.items[1].rule, 'sales since 2025-01-01: 1050.00 GBP, level Gold (1000.00 GBP and more)');
      const events = await ok(store.api.get('/v1/events'));
      assert.deepEqual(events.items.map((e: any) => [e.type, e.data.level, e.data.vip]), [
        ['group.member_entered', 'Silver', false], ['group.member_level_changed', 'Gold', true], ['group.member_left', null, false],
      ]);
    });

    test('transactions count sales made, not returns or cancellations; a rolling window forgets sales older than 12 months', async () => {
      const store = await t.createStore();
      const ada = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Ada' }));
      const visits = await created(store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Regulars', metric: 'transactions', active_from: '2020-01-01', window: 'rolling_12_months',
        levels: [{ description: 'Regular', min: 2 }],
      }));
      const now = Date.now();
      const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
      await sale(store, ada.id, daysAgo(400), 1000);
      await sale(store, ada.id, daysAgo(10), 1000);
      await sale(store, ada.id, daysAgo(5), 1000, 'cancellation');
      await settled(store, visits.id);
      assert.deepEqual(await membersOf(store, visits.id), []);
      await sale(store, ada.id, daysAgo(1), 1000);
      assert.deepEqual(await membersOf(store, visits.id), [['Ada', 'Regular', 2]]);
      // As of 300 days ago, the sale of 400 days ago was in the window, the later ones not yet made.
      const asOf = daysAgo(300).slice(0, 10);
      assert.deepEqual(await membersOf(store, visits.id, `&as_of=${asOf}`), []);
      // Bob's two visits are over a year old: out of today's window, in the window as of 380 days ago.
      const bob = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Bob' }));
      await sale(store, bob.id, daysAgo(420), 1000);
      await sale(store, bob.id, daysAgo(390), 1000);
      assert.deepEqual(await membersOf(store, visits.id), [['Ada', 'Regular', 2]]);
      assert.deepEqual(await membersOf(store, visits.id, `&as_of=${daysAgo(380).slice(0, 10)}`), [['Bob', 'Regular', 2]]);
    });

    test('a sale keeps every frequency group current, however many the store has (420 would pass the column limit of one statement)', async () => {
      const store = await t.createStore();
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Ada' }));
      let last;
      for (let i = 0; i < 420; i++) {
        last = await created(store.api.post('/v1/groups', {
          kind: 'frequency', name: `Visits ${i}`, metric: 'transactions', active_from: '2025-01-01', window: 'never_reset',
          levels: [{ description: 'Any', min: 1, max: 1 }, { description: 'Many', min: 2, vip: i === 419 }],
        }));
      }
      await sale(store, customer.id, '2025-03-01T10:00:00Z', 1_000);
      await sale(store, customer.id, '2025-03-02T10:00:00Z', 1_000);
      const read = await ok(store.api.get(`/v1/customers/${customer.id}`));
      assert.equal(read.groups.length, 420);
      assert.ok(read.groups.every((g: any) => g.level === 'Many'), JSON.stringify(read.groups.filter((g: any) => g.level !== 'Many')));
      assert.deepEqual(read.groups.filter((g: any) => g.vip).map((g: any) => g.name), ['Visits 419']);
      // The groups' first computations run one after another in the background: the next test starts after them.
      await settled(store, last.id, 40_000);
    });

    test('a change of rules recomputes the group as a job, with the same members as the sale-by-sale upkeep', async () => {
      const store = await t.createStore();
      const names = ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'];
      const customers = [];
      for (const name of names) customers.push(await created(store.api.post('/v1/customers', { type: 'consumer', name })));
      const loyal = await created(store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Loyal', metric: 'sales', active_from: '2025-01-01', window: 'never_reset', levels: LEVELS,
      }));
      const margin = await created(store.api.post('/v1/groups', {
        kind: 'frequency', name: 'Margin', metric: 'gross_margin', active_from: '2025-06-01', window: 'never_reset',
        levels: [{ description: 'Good', min: 1, max: 20_000 }, { description: 'Best', min: 30_000, vip: true }],
      }));
      let day = 1;
      for (const [i, customer] of customers.entries()) {
        for (let n = 0; n <= i; n++) await sale(store, customer.id, `2025-0${1 + (day++ % 9)}-15T10:00:00Z`, 20_000 + 7_000 * n);
      }
      await sale(store, customers[5].id, '2025-09-20T10:00:00Z', 50_000, 'return');
      const upkept = [await membersOf(store, loyal.id), await membersOf(store, margin.id)];
      assert.ok(upkept[0].length >= 4, JSON.stringify(upkept));

      // Ranges of 2 customers: the recompute crosses range bounds (50,000 by default) as a big store's does.
      process.env.CLIENTELE_RECOMPUTE_RANGE = '2';
      for (const group of [loyal, margin]) {
        const queued = await store.api.post(`/v1/groups/${group.id}/recompute`);
        assert.deepEqual([queued.status, queued.body.recompute.state], [202, 'queued']);
        const done = await settled(store, group.id);
        assert.deepEqual([done.recompute.state, done.recompute.done, done.recompute.total], ['idle', done.recompute.total, done.recompute.total]);
      }
      assert.deepEqual([await membersOf(store, loyal.id), await membersOf(store, margin.id)], upkept);

      // New levels: the group recomputes in the background, and the ledger says the definition changed.
      const before = await ok(store.api.get(`/v1/groups/${loyal.id}/history`));
      const changed = await ok(store.api.patch(`/v1/groups/${loyal.id}`, { levels: [{ description: 'Any', min: 1 }] }));
      assert.equal(changed.recompute.state, 'queued');
      const after = await settled(store, loyal.id);
      assert.equal(after.member_count, 6);
      assert.deepEqual((await membersOf(store, loyal.id)).map((m: any) => m[1]), ['Any', 'Any', 'Any', 'Any', 'Any', 'Any']);
      const history = await ok(store.api.get(`/v1/groups/${loyal.id}/history?limit=100`));
      const fresh = history.items.slice(0, history.total - before.total);
      assert.ok(fresh.length > 0 && fresh.every((h: any) => h.reason === 'definition_changed'), JSON.stringify(fresh));
      delete process.env.CLIENTELE_RECOMPUTE_RANGE;
    });
  });
}
