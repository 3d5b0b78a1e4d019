import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { makeTag } from '../helpers/tags.ts';

type Tags = Record<'wholesale' | 'vip' | 'lapsed' | 'france' | 'uk', { id: string }>;

// Who carries what: the searches below are checked against this table.
const PEOPLE = [
  { name: 'Alpha', country: 'GB', tags: ['wholesale', 'vip', 'uk'] },
  { name: 'Bravo', country: 'GB', tags: ['wholesale', 'uk'] },
  { name: 'Charlie', country: 'FR', tags: ['vip', 'france'] },
  { name: 'Delta', country: 'FR', tags: ['lapsed', 'france'] },
  { name: 'Echo', country: 'GB', tags: [] },
  { name: '=HYPERLINK("http://evil.test")', country: 'GB', tags: ['lapsed'] },
] as const;

async function seed(store: TestStore): Promise<Tags> {
  const tags = {
    wholesale: await makeTag(store.api, 'Customer groups', 'Wholesale'),
    vip: await makeTag(store.api, 'Customer groups', 'VIP'),
    lapsed: await makeTag(store.api, 'Engagement', 'Lapsed'),
    france: await makeTag(store.api, 'Region', 'France', { single_choice: true }),
    uk: await makeTag(store.api, 'Region', 'UK'),
  };
  for (const person of PEOPLE) {
    const response = await store.api.post('/v1/customers', {
      type: 'business', name: person.name, tag_ids: person.tags.map((tag) => tags[tag].id),
      contacts: [{ email: `${person.name.slice(0, 5).toLowerCase()}@shop.test`, phones: ['+44 20 7946 0000'] }],
      addresses: [{ line1: '1 High St', city: 'Town', country: person.country, is_billing: true }],
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
  }
  return tags;
}

const names = (body: { items: { name: string }[] }) => body.items.map((c) => c.name).sort();

for (const kind of databaseKinds()) {
  describe(`advanced customer search on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    let tags: Tags;
    before(async () => {
      t = await startTestApp(kind);
      store = await t.createStore();
      tags = await seed(store);
    });
    after(() => t.close());

    test('all is AND, any is OR, none is NONE, and they combine with each other and with the list filters', async () => {
      const cases: [object, string[]][] = [
        [{ all: [tags.wholesale.id, tags.vip.id] }, ['Alpha']],
        [{ any: [tags.vip.id, tags.lapsed.id] }, ['=HYPERLINK("http://evil.test")', 'Alpha', 'Charlie', 'Delta']],
        [{ none: [tags.wholesale.id, tags.vip.id] }, ['=HYPERLINK("http://evil.test")', 'Delta', 'Echo']],
        [{ all: [tags.vip.id], none: [tags.uk.id] }, ['Charlie']],
        [{ any: [tags.wholesale.id, tags.france.id], none: [tags.lapsed.id], all: [tags.vip.id] }, ['Alpha', 'Charlie']],
        [{ any: [tags.vip.id, tags.lapsed.id], country: 'FR' }, ['Charlie', 'Delta']],
        [{ none: [tags.lapsed.id], q: 'alp' }, ['Alpha']],
        [{ all: [], any: [], none: [] }, PEOPLE.map((p) => p.name).sort()],
      ];
      for (const [search, expected] of cases) {
        const response = await store.api.post('/v1/customers/search', search);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(names(response.body), [...expected].sort(), JSON.stringify(search));
        assert.equal(response.body.total, expected.length, JSON.stringify(search));
      }
    });

    test('a search pages with its cursor and sort like the list, and every customer shows its tag_ids', async () => {
      const search = { any: [tags.wholesale.id, tags.vip.id, tags.lapsed.id], sort: '-name', limit: 2 };
      const first = await store.api.post('/v1/customers/search', search);
      assert.deepEqual(first.body.items.map((c: { name: string }) => c.name), ['Delta', 'Charlie']);
      assert.equal(first.body.total, 5);
      const second = await store.api.post('/v1/customers/search', { ...search, cursor: first.body.next_cursor });
      assert.deepEqual(second.body.items.map((c: { name: string }) => c.name), ['Bravo', 'Alpha']);
      const alpha = second.body.items[1];
      assert.deepEqual([...alpha.tag_ids].sort(), [tags.wholesale.id, tags.vip.id, tags.uk.id].sort());
    });

    test('a bad search says which field is wrong', async () => {
      const unknown = await store.api.post('/v1/customers/search', { all: [tags.vip.id, '00000000-0000-4000-8000-000000000000'] });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.field, '/all/1');
      const malformed = await store.api.post('/v1/customers/search', { any: ['not-a-uuid'] });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.field, '/any/0');
      const extra = await store.api.post('/v1/customers/search', { tags: { all: [] } });
      assert.equal(extra.status, 400);
      const sort = await store.api.post('/v1/customers/search', { sort: 'name,name' });
      assert.equal(sort.body.field, '/sort');
    });

    test('the same search comes as CSV with the chosen columns, tags in one column and formulas defused', async () => {
      const search = { any: [tags.lapsed.id], columns: ['name', 'email', 'country', 'tags', 'phone'], sort: 'name' };
      for (const [url, headers] of [['/v1/customers/search?format=csv', {}], ['/v1/customers/search', { accept: 'text/csv' }]] as const) {
        const response = await store.api.post(url, search, headers);
        assert.equal(response.status, 200, String(response.body));
        assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
        assert.match(String(response.headers['content-disposition']), /attachment; filename="customers.csv"/);
        const rows = parse(response.body as string) as string[][];
        assert.deepEqual(rows, [
          ['name', 'email', 'country', 'tags', 'phone'],
          ['\'=HYPERLINK("http://evil.test")', '\'=hype@shop.test', 'GB', 'Engagement: Lapsed', '\'+44 20 7946 0000'],
          ['Delta', 'delta@shop.test', 'FR', 'Engagement: Lapsed; Region: France', '\'+44 20 7946 0000'],
        ]);
      }
      const defaults = await store.api.post('/v1/customers/search?format=csv', { all: [tags.vip.id] });
      const [header, ...rows] = parse(defaults.body as string) as string[][];
      assert.deepEqual(header, ['id', 'code', 'type', 'name', 'company_name', 'email', 'phone', 'country', 'tags', 'created_at']);
      assert.equal(rows.length, 2);
    });

    test('the CSV needs the right "Export data"; the JSON search does not', async () => {
      const viewer = await t.keyWith(store, ['view_customers']);
      const csv = await viewer.post('/v1/customers/search?format=csv', {});
      assert.equal(csv.status, 403);
      assert.equal(csv.body.right, 'export_data');
      assert.equal((await viewer.post('/v1/customers/search', {})).status, 200);
      const unknownColumn = await store.api.post('/v1/customers/search?format=csv', { columns: ['name', 'password_hash'] });
      assert.equal(unknownColumn.status, 400);
      assert.equal(unknownColumn.body.field, '/columns/1');
    });
  });

  describe(`bulk tagging and saved searches on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('bulk tagging adds and removes tags on every customer of a search and says how many changed', async () => {
      const store = await t.createStore();
      const tags = await seed(store);
      const gold = await makeTag(store.api, 'Customer groups', 'Gold');
      const response = await store.api.post('/v1/customers/bulk-tags', { search: { country: 'GB' }, add: [gold.id], remove: [tags.lapsed.id] });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body, { matched: 4, changed: 4 });
      const gb = await store.api.post('/v1/customers/search', { all: [gold.id] });
      assert.deepEqual(names(gb.body), ['=HYPERLINK("http://evil.test")', 'Alpha', 'Bravo', 'Echo']);
      assert.equal((await store.api.post('/v1/customers/search', { all: [tags.lapsed.id] })).body.total, 1, 'Delta (FR) keeps Lapsed');
      assert.equal((await store.api.get(`/v1/tags/${gold.id}`)).body.customers, 4);
      assert.equal((await store.api.get(`/v1/tags/${tags.lapsed.id}`)).body.customers, 1);

      const again = await store.api.post('/v1/customers/bulk-tags', { search: { country: 'GB' }, add: [gold.id] });
      assert.deepEqual(again.body, { matched: 4, changed: 0 }, 'a repeat changes nobody');
    });

    test('bulk tagging with a single-choice tag replaces the customer\'s other tag of that category', async () => {
      const store = await t.createStore();
      const tags = await seed(store);
      const response = await store.api.post('/v1/customers/bulk-tags', { search: { all: [tags.uk.id] }, add: [tags.france.id] });
      assert.deepEqual(response.body, { matched: 2, changed: 2 });
      assert.equal((await store.api.post('/v1/customers/search', { any: [tags.uk.id] })).body.total, 0);
      assert.equal((await store.api.get(`/v1/tags/${tags.france.id}`)).body.customers, 4);
    });

    test('a bulk action with one bad tag changes nobody', async () => {
      const store = await t.createStore();
      const tags = await seed(store);
      await store.api.patch(`/v1/tags/${tags.lapsed.id}`, { archived: true });
      const before = (await store.api.post('/v1/customers/search', {})).body.items.map((c: { version: number }) => c.version);
      const archived = await store.api.post('/v1/customers/bulk-tags', { search: {}, add: [tags.vip.id, tags.lapsed.id] });
      assert.equal(archived.status, 422);
      assert.equal(archived.body.code, 'tag.archived');
      assert.equal(archived.body.field, '/add/1');
      const both = await store.api.post('/v1/customers/bulk-tags', { search: {}, add: [tags.vip.id], remove: [tags.vip.id] });
      assert.equal(both.status, 422);
      assert.equal(both.body.code, 'tag.add_and_remove');
      const nothing = await store.api.post('/v1/customers/bulk-tags', { search: {} });
      assert.equal(nothing.status, 400);
      const after = (await store.api.post('/v1/customers/search', {})).body.items.map((c: { version: number }) => c.version);
      assert.deepEqual(after, before);
      assert.equal((await store.api.get(`/v1/tags/${tags.vip.id}`)).body.customers, 2);
    });

    test('a saved search keeps its name and search and runs again; names are unique', async () => {
      const store = await t.createStore();
      const tags = await seed(store);
      const search = { any: [tags.vip.id, tags.wholesale.id], none: [tags.france.id], sort: '-name' };
      const saved = await store.api.post('/v1/saved-searches', { name: 'UK trade', search });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.search, search);
      assert.equal(saved.body.created_by.kind, 'api_key');

      const listed = await store.api.get('/v1/saved-searches');
      assert.deepEqual(listed.body.items.map((s: { name: string }) => s.name), ['UK trade']);
      const rerun = await store.api.post('/v1/customers/search', (await store.api.get(`/v1/saved-searches/${saved.body.id}`)).body.search);
      assert.deepEqual(rerun.body.items.map((c: { name: string }) => c.name), ['Bravo', 'Alpha']);

      const twin = await store.api.post('/v1/saved-searches', { name: 'uk TRADE', search: {} });
      assert.equal(twin.status, 409);
      assert.equal(twin.body.code, 'saved_search.name_taken');
      const badTag = await store.api.post('/v1/saved-searches', { name: 'Broken', search: { all: ['00000000-0000-4000-8000-000000000000'] } });
      assert.equal(badTag.status, 422);
      assert.equal(badTag.body.field, '/search/all/0');

      const renamed = await store.api.patch(`/v1/saved-searches/${saved.body.id}`, { name: 'British trade' });
      assert.equal(renamed.body.name, 'British trade');
      assert.equal((await store.api.delete(`/v1/saved-searches/${saved.body.id}`)).status, 204);
      assert.equal((await store.api.get(`/v1/saved-searches/${saved.body.id}`)).status, 404);
    });
  });
}
