import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { storeWithImportedCustomers } from '../helpers/sales.ts';

// The exports read a store in batches (2,000 customers, 1,000 group members per statement) and ask for the next
// batch while the last is being written: 2,101 customers cross both sizes, so a row lost or written twice at a
// batch's edge shows here.
const FIRST = 30000;
const CUSTOMERS = 2101;
const everyName = Array.from({ length: CUSTOMERS }, (_, i) => `Customer ${FIRST + i}`);

for (const kind of databaseKinds()) {
  describe(`CSV exports larger than a batch on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    before(async () => {
      t = await startTestApp(kind);
      store = await storeWithImportedCustomers(t, FIRST, CUSTOMERS);
    });
    after(() => t.close());

    test('the customer export writes every customer once, in the sort asked for, with the figures of each', async () => {
      const columns = ['name', 'id', 'order_count', 'total_sales', 'average_order_size', 'country'];
      const byName = await store.api.post('/v1/customers/search?format=csv', { columns });
      assert.equal(byName.status, 200, String(byName.body));
      const [header, ...rows] = parse(byName.body as string) as string[][];
      assert.deepEqual(header, columns);
      assert.deepEqual(rows.map((row) => row[0]), everyName);
      assert.equal(new Set(rows.map((row) => row[1])).size, CUSTOMERS);
      assert.deepEqual(rows[0]!.slice(2), ['1', '2.55', '2.55', 'GB']);

      const reversed = await store.api.post('/v1/customers/search?format=csv', { columns: ['name'], sort: '-name' });
      assert.deepEqual((parse(reversed.body as string) as string[][]).slice(1).map((row) => row[0]), [...everyName].reverse());
    });

    test('the group members export writes every member once, in name order', async () => {
      const group = await store.api.post('/v1/groups', { kind: 'static', name: 'Everyone', code: 'ALL' });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      const bulk = await store.api.post('/v1/customers/bulk-groups', { search: {}, add: [group.body.id] });
      assert.deepEqual(bulk.body, { matched: CUSTOMERS, changed: CUSTOMERS });
      const csv = await store.api.get(`/v1/groups/${group.body.id}/members?format=csv`);
      assert.equal(csv.status, 200, String(csv.body));
      const [header, ...rows] = parse(csv.body as string) as string[][];
      assert.deepEqual(header, ['customer_id', 'name', 'code', 'email', 'level', 'vip', 'figure', 'since']);
      assert.deepEqual(rows.map((row) => row[1]), everyName);
      assert.equal(new Set(rows.map((row) => row[0])).size, CUSTOMERS);
    });
  });
}
