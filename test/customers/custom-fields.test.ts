import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';

async function defineFields(store: TestStore) {
  for (const field of [
    { key: 'birthday', label: 'Birthday', type: 'date' },
    { key: 'employees', label: 'Employees', type: 'number' },
    { key: 'newsletter', label: 'Newsletter', type: 'boolean' },
    { key: 'segment', label: 'Segment', type: 'choice', options: ['retail', 'trade'], required: true },
    { key: 'referrer', label: 'Referred by', type: 'text' },
  ]) {
    const response = await store.api.post('/v1/custom-fields', field);
    assert.equal(response.status, 201, JSON.stringify(response.body));
  }
}

for (const kind of databaseKinds()) {
  describe(`custom fields on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('values are checked against each field\'s type, and every bad value is named', async () => {
      const store = await t.createStore();
      await defineFields(store);
      const bad = await store.api.post('/v1/customers', {
        type: 'consumer', name: 'Val',
        custom_fields: { birthday: '1990-02-30', employees: 'many', newsletter: 'yes', segment: 'wholesale', shoe_size: 42 },
      });
      assert.equal(bad.status, 400);
      const byField = Object.fromEntries(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
      assert.deepEqual(byField, {
        '/custom_fields/birthday': 'customer.custom_field_invalid',
        '/custom_fields/employees': 'customer.custom_field_invalid',
        '/custom_fields/newsletter': 'customer.custom_field_invalid',
        '/custom_fields/segment': 'customer.custom_field_invalid',
        '/custom_fields/shoe_size': 'customer.custom_field_unknown',
      });
      assert.equal((await store.api.get('/v1/customers')).body.total, 0);
    });

    test('a required field must be given, and good values are kept as typed', async () => {
      const store = await t.createStore();
      await defineFields(store);
      const missing = await store.api.post('/v1/customers', { type: 'consumer', name: 'Val' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errors[0].field, '/custom_fields/segment');
      assert.equal(missing.body.errors[0].code, 'customer.custom_field_required');
      const values = { birthday: '1990-02-28', employees: 12, newsletter: true, segment: 'trade', referrer: 'Bea' };
      const created = await store.api.post('/v1/customers', { type: 'consumer', name: 'Val', custom_fields: values });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.custom_fields, values);
      const merged = await store.api.patch(`/v1/customers/${created.body.id}`, { custom_fields: { referrer: null, employees: 13 } });
      assert.deepEqual(merged.body.custom_fields, { birthday: '1990-02-28', employees: 13, newsletter: true, segment: 'trade' });
    });

    test('a choice field needs options, keys are unique, and deleting a field removes its values', async () => {
      const store = await t.createStore();
      const noOptions = await store.api.post('/v1/custom-fields', { key: 'size', label: 'Size', type: 'choice' });
      assert.equal(noOptions.status, 400);
      assert.equal(noOptions.body.errors[0].field, '/options');
      const field = (await store.api.post('/v1/custom-fields', { key: 'size', label: 'Size', type: 'choice', options: ['S', 'M'] })).body;
      const again = await store.api.post('/v1/custom-fields', { key: 'size', label: 'Size 2', type: 'text' });
      assert.equal(again.status, 409);
      const customer = (await store.api.post('/v1/customers', { type: 'consumer', name: 'Sid', custom_fields: { size: 'M' } })).body;
      assert.equal((await store.api.delete(`/v1/custom-fields/${field.id}`)).status, 204);
      assert.deepEqual((await store.api.get(`/v1/customers/${customer.id}`)).body.custom_fields, {});
      assert.equal((await store.api.get('/v1/custom-fields')).body.total, 0);
    });
  });
}
