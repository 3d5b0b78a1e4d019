import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { makeTag } from '../helpers/tags.ts';

async function created(response: Promise<{ status: number; body: any }>) {
  const { status, body } = await response;
  assert.equal(status, 201, JSON.stringify(body));
  return body;
}

for (const kind of databaseKinds()) {
  describe(`tag categories and tags on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a merchant makes a category and tags in it, each answered with its id, names unique without regard to case', async () => {
      const store = await t.createStore();
      const category = await created(store.api.post('/v1/tag-categories', { name: 'Customer groups', colour: '#336699' }));
      assert.equal(category.name, 'Customer groups');
      assert.equal(category.single_choice, false);
      const wholesaler = await created(store.api.post('/v1/tags', { category_id: category.id, name: 'Wholesaler' }));
      assert.equal(wholesaler.category_id, category.id);
      assert.equal(wholesaler.customers, 0);
      assert.equal(wholesaler.archived, false);

      const twin = await store.api.post('/v1/tags', { category_id: category.id, name: 'WHOLESALER' });
      assert.equal(twin.status, 409);
      assert.equal(twin.body.code, 'tag.name_taken');
      assert.equal(twin.body.field, '/name');
      const twinCategory = await store.api.post('/v1/tag-categories', { name: 'customer GROUPS' });
      assert.equal(twinCategory.status, 409);
      assert.equal(twinCategory.body.code, 'tag_category.name_taken');

      // The same name is fine in another category.
      const other = await created(store.api.post('/v1/tag-categories', { name: 'Channel' }));
      await created(store.api.post('/v1/tags', { category_id: other.id, name: 'Wholesaler' }));

      assert.equal((await store.api.get(`/v1/tags/${wholesaler.id}`)).body.name, 'Wholesaler');
      const list = await store.api.get(`/v1/tags?category_id=${category.id}`);
      assert.deepEqual(list.body.items.map((tag: { name: string }) => tag.name), ['Wholesaler']);
      assert.equal((await store.api.get(`/v1/tag-categories/${category.id}`)).body.tag_count, 1);
    });

    test('renaming, recolouring, archiving and moving a tag to another category keep it on its customers', async () => {
      const store = await t.createStore();
      const vip = await makeTag(store.api, 'Loyalty', 'VIP');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Ada', tag_ids: [vip.id] }));
      const target = await created(store.api.post('/v1/tag-categories', { name: 'Customer groups' }));

      const changed = await store.api.patch(`/v1/tags/${vip.id}`, { name: 'Very important', colour: '#aa0000', archived: true, category_id: target.id });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.name, 'Very important');
      assert.equal(changed.body.category_id, target.id);
      assert.equal(changed.body.archived, true);
      assert.deepEqual((await store.api.get(`/v1/customers/${customer.id}`)).body.tag_ids, [vip.id]);
      assert.equal((await store.api.get(`/v1/tags/${vip.id}`)).body.customers, 1);
    });

    test('an archived tag stays on its customers but cannot be given to another', async () => {
      const store = await t.createStore();
      const old = await makeTag(store.api, 'Season', 'Summer 2025');
      const keeper = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Keeper', tag_ids: [old.id] }));
      await store.api.patch(`/v1/tags/${old.id}`, { archived: true });

      const kept = await store.api.patch(`/v1/customers/${keeper.id}`, { tag_ids: [old.id] });
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      assert.deepEqual(kept.body.tag_ids, [old.id]);

      const refused = await store.api.post('/v1/customers', { type: 'consumer', name: 'Newcomer', tag_ids: [old.id] });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'tag.archived');
      assert.equal(refused.body.field, '/tag_ids/0');
      assert.equal((await store.api.get('/v1/customers?q=newcomer')).body.total, 0, 'the refused customer was not created');
    });

    test('a customer carries one tag of a single-choice category at most', async () => {
      const store = await t.createStore();
      const retail = await makeTag(store.api, 'Price level', 'Retail', { single_choice: true });
      const trade = await makeTag(store.api, 'Price level', 'Trade');
      const customer = await created(store.api.post('/v1/customers', { type: 'business', name: 'Bolt', tag_ids: [retail.id] }));

      const both = await store.api.patch(`/v1/customers/${customer.id}`, { tag_ids: [retail.id, trade.id] });
      assert.equal(both.status, 422);
      assert.equal(both.body.code, 'tag.single_choice_conflict');
      assert.equal(both.body.field, '/tag_ids/1');
      assert.deepEqual((await store.api.get(`/v1/customers/${customer.id}`)).body.tag_ids, [retail.id]);

      const swapped = await store.api.patch(`/v1/customers/${customer.id}`, { tag_ids: [trade.id] });
      assert.deepEqual(swapped.body.tag_ids, [trade.id]);
      assert.equal((await store.api.get(`/v1/tags/${retail.id}`)).body.customers, 0);
      assert.equal((await store.api.get(`/v1/tags/${trade.id}`)).body.customers, 1);
    });

    test('a category cannot become single-choice while a customer carries two of its tags', async () => {
      const store = await t.createStore();
      const north = await makeTag(store.api, 'Region', 'North');
      const south = await makeTag(store.api, 'Region', 'South');
      const both = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Both', tag_ids: [north.id, south.id] }));

      const refused = await store.api.patch(`/v1/tag-categories/${north.category_id}`, { single_choice: true });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'tag_category.single_choice_conflict');
      assert.deepEqual(refused.body.customer_ids, [both.id]);
      assert.equal((await store.api.get(`/v1/tag-categories/${north.category_id}`)).body.single_choice, false);

      await store.api.patch(`/v1/customers/${both.id}`, { tag_ids: [north.id] });
      const accepted = await store.api.patch(`/v1/tag-categories/${north.category_id}`, { single_choice: true });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.single_choice, true);
    });

    test('a customer\'s tag_ids come in the order the store made the tags, not the order they were given', async () => {
      const store = await t.createStore();
      const first = await makeTag(store.api, 'Groups', 'First');
      const second = await makeTag(store.api, 'Groups', 'Second');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Dora', tag_ids: [second.id] }));
      const patched = await store.api.patch(`/v1/customers/${customer.id}`, { tag_ids: [second.id, first.id] });
      assert.deepEqual(patched.body.tag_ids, [first.id, second.id]);
      assert.deepEqual((await store.api.get(`/v1/customers/${customer.id}`)).body.tag_ids, [first.id, second.id]);
      const found = await store.api.post('/v1/customers/search', { all: [second.id] });
      assert.deepEqual(found.body.items.map((item: any) => item.tag_ids), [[first.id, second.id]]);
    });

    test('a customer\'s tags are replaced by PATCH tag_ids, and each keeps who assigned it and when', async () => {
      const store = await t.createStore();
      const a = await makeTag(store.api, 'Groups', 'A');
      const b = await makeTag(store.api, 'Groups', 'B');
      const c = await makeTag(store.api, 'Groups', 'C');
      const till = await t.keyWith(store, ['view_customers', 'assign_customer_tags']);
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Cleo', tag_ids: [a.id, b.id] }));

      const replaced = await till.patch(`/v1/customers/${customer.id}`, { tag_ids: [b.id, c.id] });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.deepEqual([...replaced.body.tag_ids].sort(), [b.id, c.id].sort());
      assert.ok(replaced.body.version > customer.version, 'a tag change is a change of the customer (its ETag moves)');

      const assigned = (await store.api.get(`/v1/customers/${customer.id}/tags`)).body.items as any[];
      const byTag = new Map(assigned.map((item) => [item.tag_id, item]));
      const keys = (await store.api.get('/v1/api-keys')).body.items as { id: string; name: string }[];
      const tillKey = keys.find((key) => key.name.includes('assign_customer_tags'))!;
      assert.equal(byTag.get(c.id).assigned_by.kind, 'api_key');
      assert.equal(byTag.get(c.id).assigned_by.id, tillKey.id);
      assert.notEqual(byTag.get(b.id).assigned_by.id, tillKey.id, 'B kept its first assignment');
      assert.equal(byTag.get(b.id).category_name, 'Groups');
      assert.ok(!Number.isNaN(Date.parse(byTag.get(c.id).assigned_at)));
      const counts = await Promise.all([a, b, c].map(async (tag) => (await store.api.get(`/v1/tags/${tag.id}`)).body.customers));
      assert.deepEqual(counts, [0, 1, 1]);
    });

    test('an unknown tag id on a customer answers 422 naming it, and nothing changes', async () => {
      const store = await t.createStore();
      const theirs = await t.createStore();
      const foreign = await makeTag(theirs.api, 'Groups', 'Theirs');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Dee' }));
      const response = await store.api.patch(`/v1/customers/${customer.id}`, { tag_ids: [foreign.id] });
      assert.equal(response.status, 422);
      assert.equal(response.body.code, 'tag.unknown');
      assert.equal(response.body.field, '/tag_ids/0');
      const after = (await store.api.get(`/v1/customers/${customer.id}`)).body;
      assert.deepEqual(after.tag_ids, []);
      assert.equal(after.version, customer.version);
    });

    test('merging two tags moves the assignments without duplicates and deletes the merged tag', async () => {
      const store = await t.createStore();
      const wholesale = await makeTag(store.api, 'Groups', 'Wholesale');
      const trade = await makeTag(store.api, 'Groups', 'Trade');
      const onlyTrade = await created(store.api.post('/v1/customers', { type: 'business', name: 'Only trade', tag_ids: [trade.id] }));
      const both = await created(store.api.post('/v1/customers', { type: 'business', name: 'Both', tag_ids: [trade.id, wholesale.id] }));
      const search = await created(store.api.post('/v1/saved-searches', { name: 'Trade buyers', search: { any: [trade.id] } }));

      const merged = await store.api.post(`/v1/tags/${trade.id}/merge`, { into_tag_id: wholesale.id });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.customers_moved, 1);
      assert.equal(merged.body.customers_touched, 2);
      assert.equal(merged.body.tag.customers, 2);
      assert.equal((await store.api.get(`/v1/tags/${trade.id}`)).status, 404);
      assert.deepEqual((await store.api.get(`/v1/customers/${onlyTrade.id}`)).body.tag_ids, [wholesale.id]);
      assert.deepEqual((await store.api.get(`/v1/customers/${both.id}`)).body.tag_ids, [wholesale.id]);
      assert.deepEqual((await store.api.get(`/v1/saved-searches/${search.id}`)).body.search.any, [wholesale.id]);

      const self = await store.api.post(`/v1/tags/${wholesale.id}/merge`, { into_tag_id: wholesale.id });
      assert.equal(self.status, 422);
      assert.equal(self.body.code, 'tag.merge_same');
    });

    test('deleting a tag or a category says how many customers it touched', async () => {
      const store = await t.createStore();
      const lapsed = await makeTag(store.api, 'Engagement', 'Lapsed');
      const loyal = await makeTag(store.api, 'Engagement', 'Loyal');
      for (const name of ['One', 'Two']) await created(store.api.post('/v1/customers', { type: 'consumer', name, tag_ids: [lapsed.id] }));
      const three = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Three', tag_ids: [loyal.id] }));

      const deleted = await store.api.delete(`/v1/tags/${lapsed.id}`);
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, { customers_touched: 2 });
      assert.equal((await store.api.get(`/v1/tags/${lapsed.id}`)).status, 404);

      const gone = await store.api.delete(`/v1/tag-categories/${loyal.category_id}`);
      assert.deepEqual(gone.body, { tags_deleted: 1, customers_touched: 1 });
      assert.deepEqual((await store.api.get(`/v1/customers/${three.id}`)).body.tag_ids, []);
      assert.equal((await store.api.get(`/v1/tags/${loyal.id}`)).status, 404);
    });

    test('deleting a customer takes its tags off the counts', async () => {
      const store = await t.createStore();
      const vip = await makeTag(store.api, 'Loyalty', 'VIP');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Gone', tag_ids: [vip.id] }));
      assert.equal((await store.api.delete(`/v1/customers/${customer.id}`)).status, 204);
      assert.equal((await store.api.get(`/v1/tags/${vip.id}`)).body.customers, 0);
    });
  });

  describe(`tag rights and stores on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    before(async () => {
      t = await startTestApp(kind);
      store = await t.createStore();
    });
    after(() => t.close());

    test('a cashier who may assign tags cannot create, change or delete them', async () => {
      const vip = await makeTag(store.api, 'Loyalty', 'VIP');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Cashier\'s customer' }));
      const cashier = await t.keyWith(store, ['view_customers', 'assign_customer_tags']);

      const assigned = await cashier.patch(`/v1/customers/${customer.id}`, { tag_ids: [vip.id] });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      for (const response of [
        await cashier.post('/v1/tag-categories', { name: 'Mine' }),
        await cashier.post('/v1/tags', { category_id: vip.category_id, name: 'Mine' }),
        await cashier.patch(`/v1/tags/${vip.id}`, { name: 'Renamed' }),
        await cashier.delete(`/v1/tags/${vip.id}`),
        await cashier.post(`/v1/tags/${vip.id}/merge`, { into_tag_id: vip.id }),
        await cashier.patch(`/v1/tag-categories/${vip.category_id}`, { name: 'Renamed' }),
        await cashier.delete(`/v1/tag-categories/${vip.category_id}`),
      ]) {
        assert.equal(response.status, 403, JSON.stringify(response.body));
        assert.equal(response.body.right, 'manage_customer_tags');
      }
      // Assigning alone does not let it change the rest of the customer.
      const renamed = await cashier.patch(`/v1/customers/${customer.id}`, { name: 'Renamed', tag_ids: [] });
      assert.equal(renamed.status, 403);
      assert.equal(renamed.body.right, 'manage_customers');
      assert.equal((await store.api.get(`/v1/tags/${vip.id}`)).body.name, 'VIP');
    });

    test('a tag manager who may not assign tags cannot put them on customers', async () => {
      const vip = await makeTag(store.api, 'Loyalty 2', 'VIP');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Manager\'s customer' }));
      const manager = await t.keyWith(store, ['view_customers', 'manage_customers', 'manage_customer_tags']);

      assert.equal((await manager.post('/v1/tags', { category_id: vip.category_id, name: 'Gold' })).status, 201);
      for (const response of [
        await manager.patch(`/v1/customers/${customer.id}`, { tag_ids: [vip.id] }),
        await manager.post('/v1/customers', { type: 'consumer', name: 'Tagged', tag_ids: [vip.id] }),
        await manager.post('/v1/customers/bulk-tags', { search: {}, add: [vip.id] }),
      ]) {
        assert.equal(response.status, 403, JSON.stringify(response.body));
        assert.equal(response.body.right, 'assign_customer_tags');
      }
      assert.deepEqual((await store.api.get(`/v1/customers/${customer.id}`)).body.tag_ids, []);
      // Without tag_ids the manager still edits customers.
      assert.equal((await manager.patch(`/v1/customers/${customer.id}`, { notes: 'ok' })).status, 200);
    });

    test('every tag endpoint answers 401 without credentials', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      for (const [method, url] of [
        ['GET', '/v1/tag-categories'], ['POST', '/v1/tag-categories'], ['GET', `/v1/tag-categories/${id}`], ['PATCH', `/v1/tag-categories/${id}`],
        ['DELETE', `/v1/tag-categories/${id}`], ['GET', '/v1/tags'], ['POST', '/v1/tags'], ['GET', `/v1/tags/${id}`], ['PATCH', `/v1/tags/${id}`],
        ['DELETE', `/v1/tags/${id}`], ['POST', `/v1/tags/${id}/merge`], ['GET', `/v1/customers/${id}/tags`], ['POST', '/v1/customers/search'],
        ['POST', '/v1/customers/bulk-tags'], ['GET', '/v1/saved-searches'], ['POST', '/v1/saved-searches'], ['GET', `/v1/saved-searches/${id}`],
        ['PATCH', `/v1/saved-searches/${id}`], ['DELETE', `/v1/saved-searches/${id}`], ['POST', '/v1/tag-imports'],
      ] as const) {
        const response = await t.anonymous.send(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
        assert.equal(response.status, 401, `${method} ${url}`);
      }
    });

    test('another store\'s tags, categories and saved searches answer 404 and stay as they were', async () => {
      const theirs = await t.createStore();
      const tag = await makeTag(store.api, 'Private', 'Secret');
      const customer = await created(store.api.post('/v1/customers', { type: 'consumer', name: 'Private customer', tag_ids: [tag.id] }));
      const search = await created(store.api.post('/v1/saved-searches', { name: 'Private search', search: { all: [tag.id] } }));
      const other = await makeTag(theirs.api, 'Theirs', 'Theirs');
      for (const response of [
        await theirs.api.get(`/v1/tags/${tag.id}`),
        await theirs.api.patch(`/v1/tags/${tag.id}`, { name: 'Stolen' }),
        await theirs.api.delete(`/v1/tags/${tag.id}`),
        await theirs.api.post(`/v1/tags/${tag.id}/merge`, { into_tag_id: other.id }),
        await theirs.api.get(`/v1/tag-categories/${tag.category_id}`),
        await theirs.api.patch(`/v1/tag-categories/${tag.category_id}`, { name: 'Stolen' }),
        await theirs.api.delete(`/v1/tag-categories/${tag.category_id}`),
        await theirs.api.get(`/v1/customers/${customer.id}/tags`),
        await theirs.api.get(`/v1/saved-searches/${search.id}`),
        await theirs.api.patch(`/v1/saved-searches/${search.id}`, { name: 'Stolen' }),
        await theirs.api.delete(`/v1/saved-searches/${search.id}`),
      ]) {
        assert.equal(response.status, 404, JSON.stringify(response.body));
      }
      // Their tag in my search is unknown here, not a way to probe.
      const probe = await theirs.api.post('/v1/customers/search', { all: [tag.id] });
      assert.equal(probe.status, 422);
      assert.equal(probe.body.code, 'tag.unknown');
      assert.equal((await store.api.get(`/v1/tags/${tag.id}`)).body.name, 'Secret');
      assert.equal((await store.api.get(`/v1/tags/${tag.id}`)).body.customers, 1);
      assert.equal((await store.api.get(`/v1/saved-searches/${search.id}`)).body.name, 'Private search');
      assert.deepEqual((await theirs.api.get('/v1/tags')).body.items.map((item: { name: string }) => item.name), ['Theirs']);
    });
  });
}
