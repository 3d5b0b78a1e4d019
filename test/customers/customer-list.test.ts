import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';

const PEOPLE = [
  { type: 'consumer', name: 'alice Martin', code: 'C-003', contacts: [{ email: 'alice@example.test', phones: ['07700 900123'] }], addresses: [{ line1: '3 Rue Verte', city: 'Lyon', country: 'FR', is_billing: true }] },
  { type: 'business', name: 'Bolt Hardware', code: 'C-001', contacts: [{ email: 'orders@bolt.test', phones: ['+44 161 496 0000'] }], addresses: [{ line1: '7 Mill Lane', city: 'Manchester', postal_code: 'M1 1AA', country: 'GB', is_billing: true }] },
  { type: 'consumer', name: 'Bob Stone', code: 'C-002', contacts: [{ email: 'bob@example.test', phones: [] }], addresses: [{ line1: '12 Park Road', city: 'Leeds', country: 'GB', is_billing: true }] },
  { type: 'business', name: 'Crate & Co', code: null, contacts: [], addresses: [] },
  { type: 'consumer', name: 'Alice Zed', code: 'C-005', contacts: [{ email: 'az@example.test', phones: [] }], addresses: [{ line1: '1 Main St', city: 'Dublin', country: 'IE', is_billing: true }] },
];

async function seed(store: TestStore) {
  for (const person of PEOPLE) {
    const response = await store.api.post('/v1/customers', person);
    assert.equal(response.status, 201, JSON.stringify(response.body));
  }
}

const names = (body: { items: { name: string }[] }) => body.items.map((c) => c.name);

for (const kind of databaseKinds()) {
  describe(`customer list and till lookup on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    before(async () => {
      t = await startTestApp(kind);
      store = await t.createStore();
      await seed(store);
    });
    after(() => t.close());

    test('the list sorts by name without regard to case by default, and counts the whole set', async () => {
      const response = await store.api.get('/v1/customers');
      assert.equal(response.status, 200);
      assert.deepEqual(names(response.body), ['alice Martin', 'Alice Zed', 'Bob Stone', 'Bolt Hardware', 'Crate & Co']);
      assert.equal(response.body.total, 5);
      assert.equal(response.body.next_cursor, null);
    });

    test('a till finds a customer by any fragment of name, email, phone, code or address', async () => {
      const lookups: Record<string, string[]> = {
        'ALICE': ['alice Martin', 'Alice Zed'],
        'bolt.te': ['Bolt Hardware'],
        '900123': ['alice Martin'],
        '161-496': ['Bolt Hardware'],
        'c-002': ['Bob Stone'],
        'mill lane': ['Bolt Hardware'],
        'm1 1a': ['Bolt Hardware'],
        '&': ['Crate & Co'],
        '100%': [],
      };
      for (const [q, expected] of Object.entries(lookups)) {
        const response = await store.api.get(`/v1/customers?q=${encodeURIComponent(q)}`);
        assert.deepEqual(names(response.body), expected, `q=${q}`);
        assert.equal(response.body.total, expected.length, `total for q=${q}`);
      }
    });

    test('filters by type, country and creation time combine with the lookup', async () => {
      assert.deepEqual(names((await store.api.get('/v1/customers?type=business')).body), ['Bolt Hardware', 'Crate & Co']);
      assert.deepEqual(names((await store.api.get('/v1/customers?country=GB')).body), ['Bob Stone', 'Bolt Hardware']);
      assert.deepEqual(names((await store.api.get('/v1/customers?country=GB&type=consumer&q=bo')).body), ['Bob Stone']);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      assert.equal((await store.api.get(`/v1/customers?created_from=${future}`)).body.total, 0);
      assert.equal((await store.api.get(`/v1/customers?created_to=${future}`)).body.total, 5);
      const bad = await store.api.get('/v1/customers?country=France');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, '/query/country');
    });

    test('several sort keys apply in order, each ascending or descending', async () => {
      const byTypeThenName = await store.api.get('/v1/customers?sort=-type,name');
      assert.deepEqual(names(byTypeThenName.body), ['alice Martin', 'Alice Zed', 'Bob Stone', 'Bolt Hardware', 'Crate & Co']);
      const byCountryDesc = await store.api.get('/v1/customers?sort=-country,-name');
      assert.deepEqual(names(byCountryDesc.body), ['Alice Zed', 'Bolt Hardware', 'Bob Stone', 'alice Martin', 'Crate & Co']);
      const byCode = await store.api.get('/v1/customers?sort=code');
      assert.deepEqual(names(byCode.body), ['Crate & Co', 'Bolt Hardware', 'Bob Stone', 'alice Martin', 'Alice Zed']);
      assert.equal((await store.api.get('/v1/customers?sort=shoe_size')).status, 400);
      assert.equal((await store.api.get('/v1/customers?sort=name,-name')).status, 400);
    });

    test('cursor paging walks every customer once, in order, with the same total on each page', async () => {
      for (const sort of ['name', '-created_at,name', 'country,-code']) {
        const all = names((await store.api.get(`/v1/customers?sort=${sort}`)).body);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { body: { items: { name: string }[]; total: number; next_cursor: string | null } } =
            await store.api.get(`/v1/customers?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(page.body.total, 5);
          assert.ok(page.body.items.length <= 2);
          seen.push(...names(page.body));
          cursor = page.body.next_cursor;
        } while (cursor);
        assert.deepEqual(seen, all, `sort=${sort}`);
      }
      const bad = await store.api.get('/v1/customers?cursor=garbage');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, '/query/cursor');
    });
  });
}
