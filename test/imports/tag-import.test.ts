import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { type Client, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { makeTag } from '../helpers/tags.ts';

const csv = (lines: string[]) => `${lines.join('\n')}\n`;
const upload = (api: Client, body: string, query = '') => api.post(`/v1/tag-imports${query}`, body, { 'content-type': 'text/csv' });

async function customers(store: TestStore) {
  const make = async (body: object) => {
    const response = await store.api.post('/v1/customers', body);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string };
  };
  return {
    ada: await make({ type: 'consumer', name: 'Ada', code: 'C-1', contacts: [{ email: 'ada@shop.test' }] }),
    bolt: await make({ type: 'business', name: 'Bolt', code: 'C-2', external_ids: { shopify: '7166504501526' } }),
    cleo: await make({ type: 'consumer', name: 'Cleo', code: 'C-3', contacts: [{ email: 'shared@shop.test' }] }),
    dee: await make({ type: 'consumer', name: 'Dee', code: 'C-4', contacts: [{ email: 'Shared@shop.test' }] }),
  };
}

const tagNamesOf = async (store: TestStore, id: string) =>
  ((await store.api.get(`/v1/customers/${id}/tags`)).body.items as { category_name: string; name: string }[])
    .map((tag) => `${tag.category_name}: ${tag.name}`).sort();

for (const kind of databaseKinds()) {
  describe(`tag import on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a file names customers by id, code, email or external id, and creates the tags it lacks', async () => {
      const store = await t.createStore();
      const people = await customers(store);
      await makeTag(store.api, 'Customer groups', 'Wholesaler');
      const response = await upload(store.api, csv([
        'Category,Tag,customer_id,customer_code,customer_email,external_system,external_id',
        `customer groups,WHOLESALER,${people.ada.id},,,,`,
        'Customer groups,VIP,,C-2,,,',
        'Region,UK,,,ADA@shop.test,,',
        'Region,UK,,,,shopify,7166504501526',
        'Customer groups,VIP,,C-2,,,',
        'Season,Christmas 2026,,,,,',
      ]));
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body, {
        dry_run: false, rows: 6, rows_applied: 6, rows_invalid: 0, categories_created: 2, tags_created: 3,
        assignments_added: 4, assignments_unchanged: 1, assignments_replaced: 0, errors: [],
      });
      assert.deepEqual(await tagNamesOf(store, people.ada.id), ['Customer groups: Wholesaler', 'Region: UK']);
      assert.deepEqual(await tagNamesOf(store, people.bolt.id), ['Customer groups: VIP', 'Region: UK']);
      const christmas = (await store.api.get('/v1/tags?q=christmas')).body.items[0];
      assert.equal(christmas.customers, 0);

      const again = await upload(store.api, csv(['category,tag,customer_code', 'Customer groups,VIP,C-2']));
      assert.equal(again.body.assignments_added, 0);
      assert.equal(again.body.assignments_unchanged, 1, 're-running an import adds nothing');
    });

    test('a tag lands in a category the store already has, even one with no tags yet, and a single-choice one keeps its rule', async () => {
      const store = await t.createStore();
      const people = await customers(store);
      const empty = await store.api.post('/v1/tag-categories', { name: 'Price level', single_choice: true });
      assert.equal(empty.status, 201);
      const response = await upload(store.api, csv(['category,tag,customer_code', 'price level,Retail,C-1', 'Price level,Trade,C-1']));
      assert.equal(response.status, 422, JSON.stringify(response.body));
      assert.deepEqual(response.body.errors.map((e: { row: number; code: string }) => [e.row, e.code]), [[3, 'tag.single_choice_conflict']]);
      const applied = await upload(store.api, csv(['category,tag,customer_code', 'price level,Retail,C-1']));
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.equal(applied.body.categories_created, 0);
      assert.deepEqual(await tagNamesOf(store, people.ada.id), ['Price level: Retail']);
    });

    test('one bad row stops the whole import, and the answer names every bad row and column', async () => {
      const store = await t.createStore();
      const people = await customers(store);
      const archived = await makeTag(store.api, 'Season', 'Summer 2025');
      await store.api.patch(`/v1/tags/${archived.id}`, { archived: true });
      const response = await upload(store.api, csv([
        'category,tag,customer_code,customer_email',
        'Customer groups,VIP,C-1,',
        'Customer groups,VIP,NOPE,',
        ',VIP,C-2,',
        'Customer groups,VIP,,shared@shop.test',
        'Season,Summer 2025,C-3,',
        'Customer groups,VIP,C-1,ada@shop.test',
      ]));
      assert.equal(response.status, 422);
      assert.equal(response.body.code, 'import.rows_invalid');
      assert.deepEqual(response.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]), [
        [3, 'customer_code', 'customer.unknown'],
        [4, 'category', 'import.value_missing'],
        [5, 'customer_email', 'customer.ambiguous'],
        [6, 'tag', 'tag.archived'],
        [7, 'customer_email', 'import.customer_keys'],
      ]);
      assert.equal(response.body.row, 3);
      assert.deepEqual(await tagNamesOf(store, people.ada.id), [], 'the good row 2 was not applied either');
      assert.equal((await store.api.get('/v1/tag-categories')).body.items.length, 1, 'no category was created');
    });

    test('a dry run reports what would happen and writes nothing; skip_invalid applies the good rows', async () => {
      const store = await t.createStore();
      const people = await customers(store);
      const file = csv(['category,tag,customer_code', 'Customer groups,VIP,C-1', 'Customer groups,VIP,NOPE']);
      const dry = await upload(store.api, file, '?dry_run=true');
      assert.equal(dry.status, 200);
      assert.equal(dry.body.dry_run, true);
      assert.equal(dry.body.assignments_added, 1);
      assert.equal(dry.body.tags_created, 1);
      assert.equal(dry.body.rows_invalid, 1);
      assert.deepEqual(dry.body.errors.map((e: { row: number }) => e.row), [3]);
      assert.equal((await store.api.get('/v1/tags')).body.total, 0, 'the dry run created no tag');

      const skipped = await upload(store.api, file, '?skip_invalid=true');
      assert.equal(skipped.status, 200);
      assert.equal(skipped.body.rows_applied, 1);
      assert.equal(skipped.body.rows_invalid, 1);
      assert.deepEqual(await tagNamesOf(store, people.ada.id), ['Customer groups: VIP']);
    });

    test('a single-choice tag replaces the customer\'s other one, and two in one file are refused', async () => {
      const store = await t.createStore();
      const people = await customers(store);
      const retail = await makeTag(store.api, 'Price level', 'Retail', { single_choice: true });
      await makeTag(store.api, 'Price level', 'Trade');
      await store.api.patch(`/v1/customers/${people.ada.id}`, { tag_ids: [retail.id] });
      const replaced = await upload(store.api, csv(['category,tag,customer_code', 'Price level,Trade,C-1']));
      assert.equal(replaced.body.assignments_replaced, 1);
      assert.deepEqual(await tagNamesOf(store, people.ada.id), ['Price level: Trade']);

      const twice = await upload(store.api, csv(['category,tag,customer_code', 'Price level,Retail,C-2', 'Price level,Trade,C-2']));
      assert.equal(twice.status, 422);
      assert.deepEqual(twice.body.errors.map((e: { row: number; code: string }) => [e.row, e.code]), [[3, 'tag.single_choice_conflict']]);
    });

    test('the header and the file are checked: unknown columns, a missing column, a malformed line, the wrong media type', async () => {
      const store = await t.createStore();
      const unknown = await upload(store.api, csv(['category,tag,customer_phone', 'A,B,123']));
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.code, 'import.csv_invalid');
      assert.equal(unknown.body.row, 1);
      assert.equal(unknown.body.column, 'customer_phone');
      const missing = await upload(store.api, csv(['category', 'A']));
      assert.equal(missing.body.column, 'tag');
      const malformed = await upload(store.api, csv(['category,tag', 'A,B', 'A,"unclosed']));
      assert.equal(malformed.status, 422);
      assert.equal(malformed.body.code, 'import.csv_invalid');
      const empty = await upload(store.api, '');
      assert.equal(empty.status, 422);
      const json = await store.api.post('/v1/tag-imports', { category: 'A' });
      assert.equal(json.status, 400);
      assert.equal(json.body.code, 'request.media_type');
      assert.equal((await store.api.get('/v1/tags')).body.total, 0);
    });

    test('importing needs "Import data", assigning needs "Assign tags to the customer", creating tags needs "Manage customer tags"', async () => {
      const store = await t.createStore();
      await customers(store);
      await makeTag(store.api, 'Customer groups', 'VIP');
      const file = csv(['category,tag,customer_code', 'Customer groups,VIP,C-1']);
      const noImport = await upload(await t.keyWith(store, ['view_customers', 'assign_customer_tags']), file);
      assert.equal(noImport.status, 403);
      assert.equal(noImport.body.right, 'import_data');
      const noAssign = await upload(await t.keyWith(store, ['view_customers', 'import_data']), file);
      assert.equal(noAssign.status, 403);
      assert.equal(noAssign.body.right, 'assign_customer_tags');

      const importer = await t.keyWith(store, ['view_customers', 'import_data', 'assign_customer_tags']);
      assert.equal((await upload(importer, file)).status, 200);
      const creating = await upload(importer, csv(['category,tag,customer_code', 'Customer groups,New tag,C-1']));
      assert.equal(creating.status, 422);
      assert.equal(creating.body.errors[0].code, 'tag.unknown');
      assert.equal(creating.body.errors[0].column, 'tag');
    });
  });
}
