import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const ACME = {
  type: 'business',
  name: 'Acme Trading',
  company_name: 'Acme Trading Ltd',
  vat_number: 'GB123456789',
  code: 'ACME-01',
  external_ids: { shopify: '7166504501526' },
  payment_terms: 'net_30',
  notes: 'Delivers on Tuesdays',
  contacts: [
    { name: 'Jo Buyer', email: 'jo@acme.test', phones: ['+44 20 7946 0018'] },
    { name: 'Accounts', email: 'accounts@acme.test', phones: [] },
  ],
  addresses: [
    { label: 'Head office', line1: '1 High Street', city: 'London', postal_code: 'EC1A 1BB', country: 'GB', is_billing: true },
    { label: 'Warehouse', line1: '9 Dock Road', city: 'Calais', postal_code: '62100', country: 'FR', is_shipping: true },
  ],
};

for (const kind of databaseKinds()) {
  describe(`customers on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a business customer is created with contacts, addresses and terms, and read back whole', async () => {
      const store = await t.createStore();
      const created = await store.api.post('/v1/customers', ACME);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.headers.etag, '"1"');
      const read = await store.api.get(`/v1/customers/${created.body.id}`);
      assert.equal(read.status, 200);
      const customer = read.body;
      assert.equal(customer.name, 'Acme Trading');
      assert.equal(customer.payment_terms, 'net_30');
      assert.deepEqual(customer.external_ids, { shopify: '7166504501526' });
      assert.deepEqual(customer.contacts.map((c: { email: string }) => c.email), ['jo@acme.test', 'accounts@acme.test']);
      assert.deepEqual(customer.contacts[0].phones, ['+44 20 7946 0018']);
      // The first billing and the first shipping address become the defaults when none is marked.
      assert.equal(customer.addresses[0].is_default_billing, true);
      assert.equal(customer.addresses[0].is_default_shipping, false);
      assert.equal(customer.addresses[1].is_default_shipping, true);
      assert.equal(customer.country, 'GB');
      assert.match(customer.created_at, /Z$/);
    });

    test('two default billing addresses are refused, naming the second', async () => {
      const store = await t.createStore();
      const response = await store.api.post('/v1/customers', {
        type: 'consumer', name: 'Two Defaults',
        addresses: [
          { line1: 'A', is_billing: true, is_default_billing: true },
          { line1: 'B', is_billing: true, is_default_billing: true },
        ],
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/addresses/1/is_default_billing');
      assert.equal(response.body.errors[0].code, 'customer.address_default_twice');
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('invalid input lists every failing field by JSON pointer and writes nothing', async () => {
      const store = await t.createStore();
      const response = await store.api.post('/v1/customers', {
        type: 'person', contacts: [{ email: 'not-an-email' }], payment_terms: 'net_31', colour: 'red',
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'request.invalid');
      const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
      assert.deepEqual(fields, ['/colour', '/contacts/0/email', '/name', '/payment_terms', '/type']);
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('a customer code is unique in the store', async () => {
      const store = await t.createStore();
      assert.equal((await store.api.post('/v1/customers', { type: 'consumer', name: 'First', code: 'C1' })).status, 201);
      const second = await store.api.post('/v1/customers', { type: 'consumer', name: 'Second', code: 'C1' });
      assert.equal(second.status, 409);
      assert.equal(second.body.code, 'customer.code_taken');
      assert.equal(second.body.field, '/code');
      // Two tills creating the same code at the same moment: one wins, the other gets the same 409.
      const race = await Promise.all([1, 2, 3].map((n) => store.api.post('/v1/customers', { type: 'consumer', name: `Racer ${n}`, code: 'RACE' })));
      assert.deepEqual(race.map((r) => r.status).sort(), [201, 409, 409]);
      assert.ok(race.filter((r) => r.status === 409).every((r) => r.body.code === 'customer.code_taken'));
      const other = (await store.api.post('/v1/customers', { type: 'consumer', name: 'Third', code: 'C3' })).body;
      const clash = await store.api.patch(`/v1/customers/${other.id}`, { code: 'C1' });
      assert.equal(clash.status, 409);
    });

    test('PATCH changes only what is sent and replaces contacts when they are sent', async () => {
      const store = await t.createStore();
      const created = (await store.api.post('/v1/customers', ACME)).body;
      const patched = await store.api.patch(`/v1/customers/${created.id}`, { notes: 'Closed in August', contacts: [{ name: 'New Buyer', email: 'new@acme.test' }] });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.notes, 'Closed in August');
      assert.equal(patched.body.name, 'Acme Trading');
      assert.deepEqual(patched.body.contacts.map((c: { email: string }) => c.email), ['new@acme.test']);
      assert.equal(patched.body.addresses.length, 2);
      assert.equal(patched.body.version, 2);
      assert.equal(patched.headers.etag, '"2"');
      // The till finds the customer by the new contact, no longer by the old one.
      assert.equal((await store.api.get('/v1/customers?q=new@acme')).body.total, 1);
      assert.equal((await store.api.get('/v1/customers?q=jo@acme')).body.total, 0);
    });

    test('an edit made on a stale copy answers 412 and does not overwrite the newer one', async () => {
      const store = await t.createStore();
      const created = (await store.api.post('/v1/customers', { type: 'consumer', name: 'Sam' })).body;
      const first = await store.api.patch(`/v1/customers/${created.id}`, { notes: 'first' }, { 'if-match': '"1"' });
      assert.equal(first.status, 200);
      const stale = await store.api.patch(`/v1/customers/${created.id}`, { notes: 'second' }, { 'if-match': '"1"' });
      assert.equal(stale.status, 412);
      assert.equal(stale.body.code, 'precondition_failed');
      assert.equal((await store.api.get(`/v1/customers/${created.id}`)).body.notes, 'first');
      const staleDelete = await store.api.delete(`/v1/customers/${created.id}`, { 'if-match': '"1"' });
      assert.equal(staleDelete.status, 412);
      assert.equal((await store.api.get(`/v1/customers/${created.id}`)).status, 200);
    });

    test('a deleted customer is gone, with its contacts and addresses', async () => {
      const store = await t.createStore();
      const created = (await store.api.post('/v1/customers', ACME)).body;
      assert.equal((await store.api.delete(`/v1/customers/${created.id}`, { 'if-match': '"1"' })).status, 204);
      assert.equal((await store.api.get(`/v1/customers/${created.id}`)).status, 404);
      assert.equal((await store.api.delete(`/v1/customers/${created.id}`)).status, 404);
      const leftovers = await t.database.connection.db.selectFrom('customer_contacts').select('id')
        .where('tenant_id', '=', store.id).execute();
      assert.equal(leftovers.length, 0);
    });

    test('the list totals stay exact as customers change type and country and are deleted', async () => {
      const store = await t.createStore();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      // Type and country alone are answered from tallies; a created_to filter makes the API count rows.
      const totals = async (filter: string) => {
        const tallied = (await store.api.get(`/v1/customers?${filter}`)).body.total;
        const counted = (await store.api.get(`/v1/customers?${filter}&created_to=${future}`)).body.total;
        assert.equal(tallied, counted, `tallies disagree with a count for "${filter}"`);
        return tallied;
      };
      const uk = { line1: '1 Road', country: 'GB', is_billing: true };
      const a = (await store.api.post('/v1/customers', { type: 'consumer', name: 'A', addresses: [uk] })).body;
      const b = (await store.api.post('/v1/customers', { type: 'consumer', name: 'B', addresses: [uk] })).body;
      await store.api.post('/v1/customers', { type: 'business', name: 'C' });
      assert.deepEqual([await totals('type=consumer'), await totals('country=GB'), await totals('type=business&country=GB')], [2, 2, 0]);
      await store.api.patch(`/v1/customers/${a.id}`, { type: 'business' });
      await store.api.patch(`/v1/customers/${b.id}`, { addresses: [{ line1: 'Rue 2', country: 'FR', is_billing: true }] });
      assert.deepEqual([await totals('type=business&country=GB'), await totals('country=FR'), await totals('country=GB')], [1, 1, 1]);
      await store.api.delete(`/v1/customers/${a.id}`);
      assert.deepEqual([await totals('type=business'), await totals('country=GB'), await totals('type=consumer')], [1, 0, 1]);
      assert.equal((await store.api.get('/v1/customers')).body.total, 2);
    });

    test('a malformed id or body is a 400, not a 500', async () => {
      const store = await t.createStore();
      assert.equal((await store.api.get('/v1/customers/not-a-uuid')).status, 400);
      const badJson = await t.app.inject({
        method: 'POST', url: '/v1/customers', payload: '{"name":', headers: { authorization: `Bearer ${store.key}`, 'content-type': 'application/json' },
      });
      assert.equal(badJson.statusCode, 400);
      assert.equal(JSON.parse(badJson.body).code, 'request.malformed_json');
    });
  });
}
