import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/app.ts';

type Call = (api: Client) => ReturnType<Client['get']>;

// Each right with a request that needs exactly it. Rights whose features arrive with later issues
// (tags, groups, prices, sales, reports, imports, exports) are checked by the roles test below.
const NEEDS: Record<string, Call> = {
  view_customers: (api) => api.get('/v1/customers'),
  manage_customers: (api) => api.post('/v1/customers', { type: 'consumer', name: 'Right check' }),
  manage_users: (api) => api.get('/v1/users'),
  manage_api_keys: (api) => api.get('/v1/api-keys'),
  manage_store_settings: (api) => api.post('/v1/custom-fields', { key: 'loyalty_tier', label: 'Tier', type: 'text' }),
};

for (const kind of databaseKinds()) {
  describe(`rights on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    for (const [right, call] of Object.entries(NEEDS)) {
      test(`"${right}" alone opens its endpoint, and its absence answers 403 naming it`, async () => {
        const store = await t.createStore();
        const allowed = await call(await t.keyWith(store, [right]));
        assert.ok(allowed.status < 300, `${right}: ${allowed.status} ${JSON.stringify(allowed.body)}`);
        const others = Object.keys(NEEDS).filter((other) => other !== right);
        const refused = await call(await t.keyWith(store, others));
        assert.equal(refused.status, 403);
        assert.equal(refused.body.code, 'auth.right_missing');
        assert.equal(refused.body.right, right);
      });
    }

    test('a refused change writes nothing', async () => {
      const store = await t.createStore();
      const viewer = await t.keyWith(store, ['view_customers']);
      assert.equal((await viewer.post('/v1/customers', { type: 'consumer', name: 'Sneaky' })).status, 403);
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('every right the product needs is listed with its merchant name', async () => {
      const store = await t.createStore();
      const response = await store.api.get('/v1/rights');
      const names = Object.fromEntries(response.body.items.map((r: { code: string; name: string }) => [r.code, r.name]));
      assert.equal(names.manage_customer_tags, 'Manage customer tags');
      assert.equal(names.assign_customer_tags, 'Assign tags to the customer');
      for (const code of ['view_customers', 'manage_customers', 'manage_customer_groups', 'assign_customers_to_groups',
        'manage_prices', 'record_sales', 'view_reports', 'import_data', 'export_data', 'manage_users']) {
        assert.ok(names[code], code);
      }
    });

    test('a store starts with owner, manager, cashier and viewer roles that cannot be changed', async () => {
      const store = await t.createStore();
      const roles = (await store.api.get('/v1/roles')).body.items;
      assert.deepEqual(roles.map((r: { name: string }) => r.name), ['owner', 'manager', 'cashier', 'viewer']);
      const cashier = roles.find((r: { name: string }) => r.name === 'cashier');
      assert.ok(cashier.rights.includes('assign_customer_tags'));
      assert.ok(!cashier.rights.includes('manage_customer_tags'));
      const change = await store.api.patch(`/v1/roles/${cashier.id}`, { rights: ['manage_users'] });
      assert.equal(change.status, 422);
      assert.equal(change.body.code, 'role.builtin');
      assert.equal((await store.api.delete(`/v1/roles/${cashier.id}`)).status, 422);
    });

    test('a custom role gives its users exactly its rights', async () => {
      const store = await t.createStore();
      const role = await store.api.post('/v1/roles', { name: 'Tagger', rights: ['view_customers', 'assign_customer_tags'] });
      assert.equal(role.status, 201);
      const duplicate = await store.api.post('/v1/roles', { name: 'tagger', rights: [] });
      assert.equal(duplicate.status, 409);
      const user = await store.api.post('/v1/users', { email: `tag-${store.id}@shop.test`, name: 'Tess', password: 'long enough pw', role_ids: [role.body.id] });
      assert.equal(user.status, 201);
      const login = await t.anonymous.post('/v1/session', { email: user.body.email, password: 'long enough pw' });
      assert.deepEqual(login.body.rights.sort(), ['assign_customer_tags', 'view_customers']);
      assert.equal((await store.api.delete(`/v1/roles/${role.body.id}`)).status, 409, 'a role in use is not deleted');
    });
  });
}
