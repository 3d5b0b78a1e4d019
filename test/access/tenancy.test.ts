import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const kind of databaseKinds()) {
  describe(`stores never see each other on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('every endpoint, called with another store\'s key on this store\'s ids, answers 404 and changes nothing', async () => {
      const mine = await t.createStore({ name: 'Mine' });
      const theirs = await t.createStore({ name: 'Theirs' });
      const customer = (await mine.api.post('/v1/customers', { type: 'business', name: 'Acme Ltd', code: 'ACME' })).body;
      const field = (await mine.api.post('/v1/custom-fields', { key: 'tier', label: 'Tier', type: 'text' })).body;
      const role = (await mine.api.post('/v1/roles', { name: 'Clerk', rights: ['view_customers'] })).body;
      const user = (await mine.api.post('/v1/users', { email: `u-${mine.id}@shop.test`, name: 'U', password: 'long enough pw', role_ids: [role.id] })).body;
      const key = (await mine.api.post('/v1/api-keys', { name: 'Till', rights: ['view_customers'] })).body;

      const attempts = [
        theirs.api.get(`/v1/customers/${customer.id}`),
        theirs.api.patch(`/v1/customers/${customer.id}`, { name: 'Stolen' }),
        theirs.api.delete(`/v1/customers/${customer.id}`),
        theirs.api.get(`/v1/custom-fields/${field.id}`),
        theirs.api.patch(`/v1/custom-fields/${field.id}`, { label: 'Stolen' }),
        theirs.api.delete(`/v1/custom-fields/${field.id}`),
        theirs.api.get(`/v1/roles/${role.id}`),
        theirs.api.patch(`/v1/roles/${role.id}`, { name: 'Stolen' }),
        theirs.api.delete(`/v1/roles/${role.id}`),
        theirs.api.get(`/v1/users/${user.id}`),
        theirs.api.patch(`/v1/users/${user.id}`, { disabled: true }),
        theirs.api.delete(`/v1/users/${user.id}`),
        theirs.api.delete(`/v1/api-keys/${key.id}`),
      ];
      for (const response of await Promise.all(attempts)) {
        assert.equal(response.status, 404, JSON.stringify(response.body));
      }
      // Their own ids that do not exist answer exactly the same.
      const missing = await theirs.api.get('/v1/customers/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'customer.not_found');

      const after = await mine.api.get(`/v1/customers/${customer.id}`);
      assert.equal(after.body.name, 'Acme Ltd');
      assert.equal(after.body.version, 1);
      assert.equal((await mine.api.get(`/v1/custom-fields/${field.id}`)).body.label, 'Tier');
      assert.equal((await mine.api.get(`/v1/roles/${role.id}`)).body.name, 'Clerk');
      assert.equal((await mine.api.get(`/v1/users/${user.id}`)).body.disabled, false);
      const keys = (await mine.api.get('/v1/api-keys')).body.items;
      assert.equal(keys.find((k: { id: string }) => k.id === key.id).revoked_at, null);
    });

    test('lists and counts show only the caller\'s store', async () => {
      const mine = await t.createStore();
      const theirs = await t.createStore();
      await mine.api.post('/v1/customers', { type: 'consumer', name: 'Only Mine', code: 'SHARED-CODE' });
      const list = await theirs.api.get('/v1/customers?q=only%20mine');
      assert.equal(list.body.total, 0);
      assert.deepEqual(list.body.items, []);
      assert.equal((await theirs.api.get('/v1/users')).body.total, 0);
      // A code is unique per store, not across stores.
      const sameCode = await theirs.api.post('/v1/customers', { type: 'consumer', name: 'Theirs', code: 'SHARED-CODE' });
      assert.equal(sameCode.status, 201);
    });

    test('a key that names one store but carries another\'s secret is refused', async () => {
      const mine = await t.createStore();
      const theirs = await t.createStore();
      const forged = `clt_${mine.id.replaceAll('-', '')}_${theirs.key.slice('clt_'.length + 33)}`;
      const response = await t.anonymous.get('/v1/customers', { authorization: `Bearer ${forged}` });
      assert.equal(response.status, 401);
    });
  });
}
