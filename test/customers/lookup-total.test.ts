import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Client, startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { storeWithImportedCustomers } from '../helpers/sales.ts';
import { makeTag } from '../helpers/tags.ts';

// A text lookup counts its matches up to 1,000 (LOOKUP_TOTAL_CAP). The store gets 1,005 customers the way a shop
// gets many at once, through a sales import: one invoice each, customers "Customer 20000" to "Customer 21004".
const FIRST = 20000;
const CUSTOMERS = 1005;
const names = (body: { items: { name: string }[] }) => body.items.map((c) => c.name);
const byDateLimit = () => new Date(Date.now() + 3_600_000).toISOString();
const customerNames = (from: number, count: number) => Array.from({ length: count }, (_, i) => `Customer ${from + i}`);

/** Every page of a list, following next_cursor; each page's total and total_capped as well. */
async function everyPage(api: Client, path: string) {
  const seen: string[] = [];
  const totals: [number, boolean][] = [];
  let cursor: string | null = null;
  do {
    const response = await api.get(`${path}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    seen.push(...names(response.body));
    totals.push([response.body.total, response.body.total_capped]);
    cursor = response.body.next_cursor;
  } while (cursor);
  return { seen, totals };
}

for (const kind of databaseKinds()) {
  describe(`the total of a till lookup on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    before(async () => {
      t = await startTestApp(kind);
      store = await storeWithImportedCustomers(t, FIRST, CUSTOMERS);
    });
    after(() => t.close());

    test('a lookup that matches more than 1,000 customers answers 1,000 and says the total is capped, on the list and the search', async () => {
      const list = await store.api.get('/v1/customers?q=customer');
      assert.equal(list.status, 200);
      assert.deepEqual([list.body.total, list.body.total_capped], [1000, true]);
      assert.deepEqual(names(list.body), customerNames(FIRST, 50));
      const search = await store.api.post('/v1/customers/search', { q: 'CUSTOMER', type: 'business', limit: 10 });
      assert.equal(search.status, 200);
      assert.deepEqual([search.body.total, search.body.total_capped], [1000, true]);
      assert.deepEqual(names(search.body), customerNames(FIRST, 10));
    });

    test('a lookup under the cap counts its matches exactly, 1,000 included, and says so', async () => {
      const lookups: [string, number, number][] = [['customer 20', FIRST, 1000], ['customer 2000', FIRST, 10], ['customer 21', 21000, 5], ['customer 3', 0, 0]];
      for (const [q, from, count] of lookups) {
        const response = await store.api.get(`/v1/customers?q=${encodeURIComponent(q)}&limit=20`);
        assert.deepEqual([response.body.total, response.body.total_capped], [count, false], `q=${q}`);
        assert.deepEqual(names(response.body), customerNames(from, Math.min(count, 20)), `q=${q}`);
      }
      const none = await store.api.post('/v1/customers/search', { q: 'customer', type: 'consumer' });
      assert.deepEqual([none.body.total, none.body.total_capped, none.body.items], [0, false, []]);
    });

    test('a page past the last match still answers the lookup\'s total', async () => {
      // The cursor after "Customer 20008", given to a lookup that matches only that customer: nothing after it.
      const first = await store.api.get('/v1/customers?q=customer%202000&limit=9');
      assert.deepEqual([first.body.total, names(first.body).at(-1)], [10, 'Customer 20008']);
      const past = await store.api.get(`/v1/customers?q=customer%2020008&limit=9&cursor=${first.body.next_cursor}`);
      assert.equal(past.status, 200, JSON.stringify(past.body));
      assert.deepEqual([past.body.total, past.body.total_capped, past.body.items, past.body.next_cursor], [1, false, [], null]);
    });

    // A page sorts every match up to CLIENTELE_LOOKUP_SORTED_MATCHES (by default 1,000 for a lookup by name alone,
    // 8,000 otherwise) and walks the sort's index past it: at 100 these 1,005 matches take the walk, at 10,000 the sort.
    for (const [sortedMatches, path] of [['10000', 'sorted'], ['100', 'walked']] as const) {
      test(`paging a capped lookup still reaches every match once, in order, whatever the sort (${path})`, async () => {
        process.env.CLIENTELE_LOOKUP_SORTED_MATCHES = sortedMatches;
        try {
          const everyone = customerNames(FIRST, CUSTOMERS);
          const byName = await everyPage(store.api, '/v1/customers?q=customer&sort=name');
          assert.deepEqual(byName.seen, everyone);
          assert.deepEqual(byName.totals, [[1000, true], [1000, true], [1000, true]]);
          assert.deepEqual((await everyPage(store.api, '/v1/customers?q=customer&sort=-name')).seen, [...everyone].reverse());
          // With other filters the walk reads their columns too.
          const filteredToo = await everyPage(store.api, `/v1/customers?q=customer&type=business&created_to=${encodeURIComponent(byDateLimit())}&sort=name`);
          assert.deepEqual(filteredToo.seen, everyone);
          // code (all empty here) has no index to walk, and created_at is one instant for the whole import: ties go by id.
          for (const sort of ['code', '-created_at,name']) {
            const { seen } = await everyPage(store.api, `/v1/customers?q=customer&sort=${sort}`);
            assert.deepEqual([...seen].sort(), everyone, `sort=${sort}`);
          }
        } finally {
          delete process.env.CLIENTELE_LOOKUP_SORTED_MATCHES;
        }
      });
    }

    test('without a text lookup the total stays exact, and bulk changes take every match of a capped lookup', async () => {
      const all = await store.api.get('/v1/customers?limit=1');
      assert.deepEqual([all.body.total, all.body.total_capped], [CUSTOMERS, false]);
      const byDate = await store.api.get(`/v1/customers?limit=1&created_to=${encodeURIComponent(byDateLimit())}`);
      assert.deepEqual([byDate.body.total, byDate.body.total_capped], [CUSTOMERS, false]);

      const tag = await makeTag(store.api, 'Origin', 'Imported');
      const bulk = await store.api.post('/v1/customers/bulk-tags', { search: { q: 'customer' }, add: [tag.id] });
      assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
      assert.deepEqual(bulk.body, { matched: CUSTOMERS, changed: CUSTOMERS });
      const tagged = await store.api.post('/v1/customers/search', { all: [tag.id], limit: 1 });
      assert.deepEqual([tagged.body.total, tagged.body.total_capped], [CUSTOMERS, false]);
      // The other filters still apply to a capped lookup's page.
      const both = await store.api.post('/v1/customers/search', { q: 'customer', all: [tag.id], created_to: byDateLimit(), limit: 3 });
      assert.deepEqual([both.body.total, both.body.total_capped, names(both.body)], [1000, true, customerNames(FIRST, 3)]);
      const neither = await store.api.post('/v1/customers/search', { q: 'customer', none: [tag.id], limit: 3 });
      assert.deepEqual([neither.body.total, neither.body.total_capped, names(neither.body)], [0, false, []]);
    });
  });
}
