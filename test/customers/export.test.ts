import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
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
/** Every export column but the custom fields, in the API's order. */
const EVERY_COLUMN = ['id', 'code', 'type', 'name', 'company_name', 'vat_number', 'email', 'phone', 'address', 'city', 'postal_code', 'country',
  'payment_terms', 'notes', 'tags', 'groups', 'vip', 'external_ids', 'created_at', 'updated_at', 'order_count', 'total_sales', 'gross_margin',
  'average_order_size', 'first_purchase_at', 'last_purchase_at', 'store_credit', 'on_account', 'credit_limit', 'loyalty_points'];
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

    test('an export the client leaves halfway holds nothing: more abandoned exports than connections, then the store still answers', { timeout: 60_000 }, async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      // Each client leaves as soon as its request is sent, while the server is starting its export.
      for (let i = 0; i < 12; i++) {
        await new Promise<void>((resolve) => {
          const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/v1/customers/search?format=csv',
            headers: { authorization: `Bearer ${store.key}`, 'content-type': 'application/json' } });
          request.on('error', () => resolve());
          request.on('close', () => resolve());
          request.end(JSON.stringify({ columns: EVERY_COLUMN }), () => setTimeout(() => request.destroy(), 5));
        });
      }
      const after = await store.api.post('/v1/customers/search?format=csv', { columns: ['name'] });
      assert.equal(after.status, 200);
      assert.equal(String(after.body).trim().split('\n').length, CUSTOMERS + 1);
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

for (const kind of databaseKinds()) {
  describe(`the customer export's values on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    // A server has PostgreSQL's COPY write the CSV, PGlite csvStream: both must write every column the same way.
    test('every column is written as documented: decimals, ISO times, first contact, billing address, lists, defused text', async () => {
      const store = await t.createStore();
      const api = store.api;
      for (const field of [
        { key: 'referrer', label: 'Referred by', type: 'text' }, { key: 'employees', label: 'Employees', type: 'number' },
        { key: 'newsletter', label: 'Newsletter', type: 'boolean' }, { key: 'birthday', label: 'Birthday', type: 'date' },
      ]) assert.equal((await api.post('/v1/custom-fields', field)).status, 201);
      const region = (await api.post('/v1/tag-categories', { name: 'Region' })).body;
      const evil = (await api.post('/v1/tag-categories', { name: '=Evil' })).body;
      const france = (await api.post('/v1/tags', { category_id: region.id, name: 'France' })).body;
      const command = (await api.post('/v1/tags', { category_id: evil.id, name: 'Cmd' })).body;
      const customer = (await api.post('/v1/customers', {
        type: 'business', name: 'Café "Le Zinc", Paris', company_name: 'Zinc SARL', vat_number: 'FR40303265045', code: '=1+2',
        payment_terms: 'net_30', notes: 'Deliver after 10:00\nring twice',
        contacts: [{ name: 'Front desk', phones: ['+33 1 42 00 00 00'] }, { name: 'Anne', email: 'anne@zinc.test', phones: ['0142000001'] }],
        addresses: [
          { line1: 'Dock 4', city: 'Rungis', is_shipping: true, is_default_shipping: true },
          { line1: '12 rue de la Paix', line2: '2e étage', city: 'Paris', postal_code: '75002', country: 'FR', is_billing: true, is_default_billing: true },
        ],
        external_ids: { pos: '-12', shopify: '=cmd' },
        custom_fields: { referrer: '@someone', employees: 12.5, newsletter: true, birthday: '1990-05-01' },
        tag_ids: [france.id, command.id],
      })).body;
      assert.ok(customer.id, JSON.stringify(customer));
      const group = (await api.post('/v1/groups', { kind: 'static', name: 'Trade', code: 'TRADE', vip: true })).body;
      assert.deepEqual((await api.post('/v1/customers/bulk-groups', { search: { q: 'zinc' }, add: [group.id] })).body, { matched: 1, changed: 1 });
      // Two sales of 0.02 and 0.03: the average, 2.5 minor units, rounds half to even: 0.02.
      for (const [id, price] of [['Z1', 2], ['Z2', 3]] as const) {
        const sale = await api.post('/v1/sales', { external_id: id, customer_id: customer.id, occurred_at: `2026-03-0${price}T10:00:00Z`, lines: [{ sku: 'PIN', quantity: 1, unit_price: price }] });
        assert.equal(sale.status, 201, JSON.stringify(sale.body));
      }
      assert.equal((await api.patch(`/v1/customers/${customer.id}/balances`, { credit_limit: 5000 })).status, 200);
      const owed = await api.post(`/v1/customers/${customer.id}/balance-entries`, { balance: 'on_account', entry_type: 'adjustment', amount: -1005, reason: 'Opening balance' });
      assert.equal(owed.status, 201, JSON.stringify(owed.body));
      const columns = [...EVERY_COLUMN, 'custom_fields.referrer', 'custom_fields.employees', 'custom_fields.newsletter', 'custom_fields.birthday'];
      const now = (await api.get(`/v1/customers/${customer.id}`)).body;
      const csv = await api.post('/v1/customers/search?format=csv', { columns });
      assert.equal(csv.status, 200, JSON.stringify(csv.body));
      const [header, row, ...rest] = parse(csv.body as string) as string[][];
      assert.deepEqual(header, columns);
      assert.deepEqual(rest, []);
      assert.deepEqual(Object.fromEntries(columns.map((column, i) => [column, row![i]])), {
        id: customer.id, code: '\'=1+2', type: 'business', name: 'Café "Le Zinc", Paris', company_name: 'Zinc SARL', vat_number: 'FR40303265045',
        email: 'anne@zinc.test', phone: '\'+33 1 42 00 00 00', address: '12 rue de la Paix, 2e étage', city: 'Paris', postal_code: '75002', country: now.country ?? '',
        payment_terms: 'net_30', notes: 'Deliver after 10:00\nring twice', tags: '\'=Evil: Cmd; Region: France', groups: 'Trade', vip: 'true',
        external_ids: 'pos:-12; shopify:=cmd', created_at: now.created_at, updated_at: now.updated_at, order_count: '2', total_sales: '0.05',
        gross_margin: (now.gross_margin / 100).toFixed(2), average_order_size: '0.02', first_purchase_at: '2026-03-02T10:00:00.000Z',
        last_purchase_at: '2026-03-03T10:00:00.000Z', store_credit: '0.00', on_account: '-10.05', credit_limit: '50.00', loyalty_points: '0',
        'custom_fields.referrer': '\'@someone', 'custom_fields.employees': '12.5', 'custom_fields.newsletter': 'true', 'custom_fields.birthday': '1990-05-01',
      });
      // An empty value is written as nothing on both databases (COPY would quote an empty text: the statement writes null).
      const plain = await api.post('/v1/customers/search?format=csv', { columns: ['name', 'company_name', 'tags', 'groups'], q: 'nobody-has-this' });
      assert.equal(plain.body, 'name,company_name,tags,groups\n');
      await api.post('/v1/customers', { type: 'consumer', name: 'Bare' });
      const bare = await api.post('/v1/customers/search?format=csv', { columns: ['name', 'company_name', 'email', 'tags', 'groups', 'external_ids', 'custom_fields.referrer'], q: 'bare' });
      assert.equal(bare.body, 'name,company_name,email,tags,groups,external_ids,custom_fields.referrer\nBare,,,,,,\n');
    });
  });
}
