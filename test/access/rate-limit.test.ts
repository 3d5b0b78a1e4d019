import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';

const PASSWORD = 'correct horse battery';

describe('rate limits, five requests a minute per caller', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp('pglite', { rateLimitPerMinute: 5 })));
  after(() => t.close());

  test('a key past its allowance gets 429 with retry-after, and another store\'s key is still served', async () => {
    const flooding = await t.createStore();
    const other = await t.createStore();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await flooding.api.get('/v1/store')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);

    const refused = await flooding.api.post('/v1/customers', { type: 'consumer', name: 'Never made' });
    assert.equal(refused.status, 429);
    assert.match(String(refused.headers['content-type']), /problem\+json/);
    assert.equal(refused.body.code, 'request.rate_limited');
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `retry-after ${refused.headers['retry-after']}`);
    assert.equal(refused.body.retry_after, wait);
    assert.equal(refused.headers['x-ratelimit-limit'], '5');

    assert.equal((await other.api.get('/v1/store')).status, 200);
    const customers = await t.database.connection.db.selectFrom('customers').select('id')
      .where('tenant_id', '=', flooding.id).execute();
    assert.equal(customers.length, 0, 'the refused request created nothing');
  });

  test('a web session has its own allowance, apart from its address and from API keys', async () => {
    const store = await t.createStore();
    const email = `ann-${store.id}@shop.test`;
    const user = await store.api.post('/v1/users', { email, name: 'Ann Till', password: PASSWORD, role_ids: [store.ownerRoleId] });
    assert.equal(user.status, 201);
    const { client } = await signIn(t.anonymous, email, PASSWORD);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await client!.get('/v1/session')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal((await t.anonymous.get('/health')).status, 200, 'the address without a session is counted apart');
    assert.equal((await store.api.get('/v1/store')).status, 200, 'the store\'s key is counted apart');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp('pglite')));
  after(() => t.close());

  test('more than ten login attempts a minute for one email from one address are refused with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(t.anonymous, 'guess@shop.test', `guess ${i}`)).response.status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.equal(statuses[10], 429);
    assert.equal((await signIn(t.anonymous, 'other@shop.test', 'a guess')).response.status, 401, 'another email is still tried');
  });
});
