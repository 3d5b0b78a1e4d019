import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { signIn, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';

const PASSWORD = 'correct horse battery';

async function addUser(store: TestStore, email: string, roleId = store.ownerRoleId) {
  const response = await store.api.post('/v1/users', { email, name: 'Ann Till', password: PASSWORD, role_ids: [roleId] });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body;
}

for (const kind of databaseKinds()) {
  describe(`web sessions on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a user signs in with email and password and sees their store and rights', async () => {
      const store = await t.createStore({ name: 'Corner shop' });
      const user = await addUser(store, `ann-${store.id}@shop.test`);
      const { response, client } = await signIn(t.anonymous, user.email.toUpperCase(), PASSWORD);
      assert.equal(response.status, 200);
      assert.equal(response.body.store.name, 'Corner shop');
      assert.ok(response.body.rights.includes('manage_users'));
      const cookie = String(response.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      const me = await client!.get('/v1/session');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.id, user.id);
    });

    test('a wrong password is refused without saying which part was wrong', async () => {
      const store = await t.createStore();
      const user = await addUser(store, `bob-${store.id}@shop.test`);
      const { response } = await signIn(t.anonymous, user.email, 'not the password');
      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'session.invalid_login');
      const unknown = await signIn(t.anonymous, `nobody-${store.id}@shop.test`, PASSWORD);
      assert.equal(unknown.response.status, 401);
      assert.equal(unknown.response.body.code, 'session.invalid_login');
    });

    test('each login gets a new session id, and signing out ends only that session', async () => {
      const store = await t.createStore();
      const user = await addUser(store, `cat-${store.id}@shop.test`);
      const first = await signIn(t.anonymous, user.email, PASSWORD);
      const second = await signIn(t.anonymous, user.email, PASSWORD);
      assert.notEqual(first.cookie, second.cookie);
      assert.equal((await first.client!.delete('/v1/session')).status, 204);
      assert.equal((await first.client!.get('/v1/session')).status, 401);
      assert.equal((await second.client!.get('/v1/session')).status, 200);
    });

    test('a change through a session without its CSRF token is refused and changes nothing', async () => {
      const store = await t.createStore();
      const user = await addUser(store, `dan-${store.id}@shop.test`);
      const { cookie } = await signIn(t.anonymous, user.email, PASSWORD);
      const forged = await t.anonymous.post('/v1/customers', { type: 'consumer', name: 'Forged' }, { cookie: cookie! });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.code, 'auth.csrf');
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('disabling a user ends their sessions at once and stops new logins', async () => {
      const store = await t.createStore();
      const user = await addUser(store, `eve-${store.id}@shop.test`);
      const { client } = await signIn(t.anonymous, user.email, PASSWORD);
      assert.equal((await store.api.patch(`/v1/users/${user.id}`, { disabled: true })).status, 200);
      assert.equal((await client!.get('/v1/session')).status, 401);
      assert.equal((await signIn(t.anonymous, user.email, PASSWORD)).response.status, 401);
      assert.equal((await store.api.patch(`/v1/users/${user.id}`, { disabled: false })).status, 200);
      assert.equal((await signIn(t.anonymous, user.email, PASSWORD)).response.status, 200);
    });

    test('an email that opens two stores asks which store, and lists only those stores', async () => {
      const one = await t.createStore({ name: 'North shop' });
      const two = await t.createStore({ name: 'South shop' });
      const email = `owner-${one.id}@chain.test`;
      await addUser(one, email);
      await addUser(two, email);
      const { response } = await signIn(t.anonymous, email, PASSWORD);
      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'session.store_choice');
      assert.deepEqual(response.body.stores.map((s: { name: string }) => s.name).sort(), ['North shop', 'South shop']);
      const chosen = await signIn(t.anonymous, email, PASSWORD, two.id);
      assert.equal(chosen.response.status, 200);
      assert.equal(chosen.response.body.store.id, two.id);
    });

    test('a user switches their own language to French', async () => {
      const store = await t.createStore();
      const user = await addUser(store, `fay-${store.id}@shop.test`);
      const { client } = await signIn(t.anonymous, user.email, PASSWORD);
      const changed = await client!.patch('/v1/me', { locale: 'fr' });
      assert.equal(changed.status, 200);
      assert.equal((await client!.get('/v1/session')).body.user.locale, 'fr');
      const byKey = await store.api.patch('/v1/me', { locale: 'fr' });
      assert.equal(byKey.status, 403);
    });
  });
}
