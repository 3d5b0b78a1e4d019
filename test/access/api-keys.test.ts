import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const kind of databaseKinds()) {
  describe(`API keys on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a request without a key, or with a made-up one, gets 401 as problem+json', async () => {
      const none = await t.anonymous.get('/v1/customers');
      assert.equal(none.status, 401);
      assert.match(String(none.headers['content-type']), /application\/problem\+json/);
      assert.equal(none.body.code, 'auth.unauthenticated');
      assert.equal(none.body.instance, '/v1/customers');
      const fake = await t.anonymous.get('/v1/customers', { authorization: `Bearer clt_${'0'.repeat(32)}_${'A'.repeat(43)}` });
      assert.equal(fake.status, 401);
      const garbage = await t.anonymous.get('/v1/customers', { authorization: 'Bearer nonsense' });
      assert.equal(garbage.status, 401);
    });

    test('a new key is shown once, then listed by prefix and last characters only', async () => {
      const store = await t.createStore();
      const created = await store.api.post('/v1/api-keys', { name: 'Till 1', rights: ['view_customers', 'record_sales'] });
      assert.equal(created.status, 201);
      const secret: string = created.body.secret;
      assert.match(secret, /^clt_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      const list = await store.api.get('/v1/api-keys');
      assert.equal(list.status, 200);
      const listed = list.body.items.find((key: { id: string }) => key.id === created.body.id);
      assert.equal(listed.name, 'Till 1');
      assert.equal(listed.display, `clt_${store.id.replaceAll('-', '').slice(0, 4)}…${secret.slice(-4)}`);
      assert.ok(!JSON.stringify(list.body).includes(secret.slice('clt_'.length + 33)), 'the secret never comes back');
      assert.deepEqual(listed.rights, ['view_customers', 'record_sales']);
    });

    test('a key records when it was last used', async () => {
      const store = await t.createStore();
      const created = await store.api.post('/v1/api-keys', { name: 'Web shop', rights: ['view_customers'] });
      const before = (await store.api.get('/v1/api-keys')).body.items.find((k: { id: string }) => k.id === created.body.id);
      assert.equal(before.last_used_at, null);
      await t.anonymous.get('/v1/customers', { authorization: `Bearer ${created.body.secret}` });
      const after = (await store.api.get('/v1/api-keys')).body.items.find((k: { id: string }) => k.id === created.body.id);
      assert.ok(Date.parse(after.last_used_at) > Date.now() - 60_000);
    });

    test('a revoked key is refused from the very next request', async () => {
      const store = await t.createStore();
      const created = await store.api.post('/v1/api-keys', { name: 'Old till', rights: ['view_customers'] });
      const till = t.anonymous.with({ authorization: `Bearer ${created.body.secret}` });
      assert.equal((await till.get('/v1/customers')).status, 200);
      assert.equal((await store.api.delete(`/v1/api-keys/${created.body.id}`)).status, 204);
      assert.equal((await till.get('/v1/customers')).status, 401);
      const listed = (await store.api.get('/v1/api-keys')).body.items.find((k: { id: string }) => k.id === created.body.id);
      assert.ok(listed.revoked_at);
    });

    test('a key cannot hand out a right it does not have', async () => {
      const store = await t.createStore();
      const keys = await t.keyWith(store, ['manage_api_keys']);
      const response = await keys.post('/v1/api-keys', { name: 'Escalate', rights: ['manage_users'] });
      assert.equal(response.status, 403);
      assert.equal(response.body.right, 'manage_users');
      assert.equal((await store.api.get('/v1/api-keys')).body.items.filter((k: { name: string }) => k.name === 'Escalate').length, 0);
    });

    test('an unknown right is a 400 naming the field', async () => {
      const store = await t.createStore();
      const response = await store.api.post('/v1/api-keys', { name: 'Bad', rights: ['fly'] });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/rights/0');
    });
  });
}
