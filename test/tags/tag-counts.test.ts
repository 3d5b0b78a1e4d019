import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { storeWithImportedCustomers } from '../helpers/sales.ts';
import { makeTag } from '../helpers/tags.ts';

// A tag condition, with a type, a country or whole months of creation, is counted from bits, a bit per customer in
// blocks of 8,192 (migrations 20261202T0900_tag_bits, 20261203T0900_customer_facets), and its page is read by number
// (when few) or by a walk in name order. The store gets 8,300 customers, "Customer 1" to "Customer 8300"
// (external id k in online_retail), so its customers fill one block and spill into the next; each total and page is
// checked against who carries what here, after every kind of change a tag or a customer goes through. With pages of 3,
// the store's 20 customers over 8,100 with a ten are read by number, larger sets are walked (WALK_COST in bits.ts).
const CUSTOMERS = 8300;
const everyone = Array.from({ length: CUSTOMERS }, (_, i) => i + 1);
type TagName = 'Even' | 'Tens' | 'Late' | 'Unused';
type Condition = { all?: TagName[]; any?: TagName[]; none?: TagName[] };
interface Model { k: number; country: string; type: 'consumer' | 'business' }
const month = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString();
};
// Each filter with what it keeps: whole months are read from bits, a range that ends inside a month from the table.
const FILTERS: { name: string; body: Record<string, string>; keeps: (c: Model) => boolean }[] = [
  { name: 'no filter', body: {}, keeps: () => true },
  { name: 'country FR', body: { country: 'FR' }, keeps: (c) => c.country === 'FR' },
  { name: 'business in DE', body: { type: 'business', country: 'DE' }, keeps: (c) => c.type === 'business' && c.country === 'DE' },
  { name: 'created this month', body: { created_from: month(0), created_to: month(1) }, keeps: () => true },
  { name: 'created from next month', body: { created_from: month(1) }, keeps: () => false },
  { name: 'created until the next hour', body: { created_to: new Date(Date.now() + 3_600_000).toISOString() }, keeps: () => true },
];

for (const kind of databaseKinds()) {
  describe(`the total of a tag condition on ${kind}`, () => {
    let t: TestApp;
    let store: TestStore;
    const ids = new Map<TagName, string>();
    // Who carries each tag, by external id.
    const carriers = new Map<TagName, Set<number>>([
      ['Even', new Set(everyone.filter((k) => k % 2 === 0))],
      ['Tens', new Set(everyone.filter((k) => k % 10 === 0))],
      ['Late', new Set(everyone.filter((k) => k > 8100))],
      ['Unused', new Set()],
    ]);
    const customers = new Map(everyone.map((k) => [k, { k, country: 'GB', type: 'consumer' } as Model]));
    const idOf = new Map<number, string>();

    before(async () => {
      t = await startTestApp(kind);
      store = await storeWithImportedCustomers(t, 1, CUSTOMERS);
      const rows = [...carriers].flatMap(([tag, who]) => [...who].map((k) => `Counts,${tag},online_retail,${k}`));
      const imported = await store.api.post('/v1/tag-imports', `category,tag,external_system,external_id\n${rows.join('\n')}\n`, { 'content-type': 'text/csv' });
      assert.equal(imported.status, 200, JSON.stringify(imported.body).slice(0, 500));
      assert.equal(imported.body.assignments_added, 4150 + 830 + 200);
      await makeTag(store.api, 'Counts', 'Unused');
      for (const tag of (await store.api.get('/v1/tags?limit=100')).body.items as { id: string; name: TagName }[]) ids.set(tag.name, tag.id);
      assert.equal(ids.size, 4);
      // Customers 8104, 8108 ... 8300 (second block) move to France; 10, 20 ... 100 (first block) become businesses in Germany.
      const moves = [...everyone.filter((k) => k > 8100 && k % 4 === 0).map((k) => [k, { country: 'FR' }] as const),
        ...everyone.filter((k) => k <= 100 && k % 10 === 0).map((k) => [k, { type: 'business', country: 'DE' }] as const)];
      for (const [k, change] of moves) {
        const { country, ...rest } = change as { country: string; type?: string };
        const address = { line1: '1 rue de la Paix', country, is_billing: true, is_default_billing: true };
        const patched = await store.api.patch(`/v1/customers/${await customerId(k)}`, { ...rest, addresses: [address] });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        customers.set(k, { ...customers.get(k)!, ...change });
      }
    });
    after(() => t.close());

    const conditions: Condition[] = [
      { all: ['Even', 'Tens'] }, { all: ['Late', 'Tens'] }, { any: ['Tens', 'Late'] }, { none: ['Even'] }, { none: ['Even', 'Late'] },
      { all: ['Even'], any: ['Late', 'Tens'], none: ['Tens'] }, { all: ['Late'], none: ['Even'] }, { any: ['Even', 'Late', 'Tens'] },
      { all: ['Unused'] }, { any: ['Unused'] }, { none: ['Unused'] }, { all: ['Even', 'Unused'] }, { any: ['Late'], none: ['Unused'] },
    ];

    async function customerId(k: number): Promise<string> {
      if (!idOf.has(k)) {
        const found = await store.api.get(`/v1/customers?q=${encodeURIComponent(`customer ${k}`)}&limit=100`);
        idOf.set(k, (found.body.items as { id: string; name: string }[]).find((c) => c.name === `Customer ${k}`)!.id);
      }
      return idOf.get(k)!;
    }

    /** The customers that meet the condition and the filter here, by the definition of AND, OR and NONE, in name order. */
    function expected(condition: Condition, keeps: (c: Model) => boolean): string[] {
      const carries = (k: number, tag: TagName) => carriers.get(tag)!.has(k);
      return [...customers.values()].filter((c) => keeps(c) && (condition.all ?? []).every((tag) => carries(c.k, tag))
        && (!condition.any?.length || condition.any.some((tag) => carries(c.k, tag)))
        && !(condition.none ?? []).some((tag) => carries(c.k, tag)))
        .map((c) => `Customer ${c.k}`).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    }

    /** Every condition with every filter: the total; with `pages`, also the first two pages of 3 in name order. */
    async function check(when: string, pages: boolean) {
      for (const condition of conditions.filter((c) => Object.values(c).flat().every((tag) => ids.has(tag)))) {
        const search = Object.fromEntries(Object.entries(condition).map(([part, tags]) => [part, (tags as TagName[]).map((tag) => ids.get(tag))]));
        for (const filter of pages ? FILTERS : FILTERS.slice(0, 4)) {
          const want = expected(condition, filter.keeps);
          const what = `${when}: ${JSON.stringify(condition)}, ${filter.name}`;
          const first = await store.api.post('/v1/customers/search', { ...search, ...filter.body, limit: 3, sort: 'name' });
          assert.equal(first.status, 200, JSON.stringify(first.body));
          assert.equal(first.body.total, want.length, what);
          if (!pages) continue;
          assert.deepEqual(first.body.items.map((c: { name: string }) => c.name), want.slice(0, 3), what);
          if (want.length <= 3) continue;
          const second = await store.api.post('/v1/customers/search', { ...search, ...filter.body, limit: 3, sort: 'name', cursor: first.body.next_cursor });
          assert.deepEqual(second.body.items.map((c: { name: string }) => c.name), want.slice(3, 6), `${what}, second page`);
        }
      }
    }

    test('counts and pages AND, OR and NONE with each filter over both blocks, as imported and patched', async () => {
      await check('imported', true);
    });

    test('follows a bulk removal, a merge and a deleted customer', async () => {
      const removed = await store.api.post('/v1/customers/bulk-tags', { search: { all: [ids.get('Late')] }, remove: [ids.get('Even')] });
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      for (const k of carriers.get('Late')!) carriers.get('Even')!.delete(k);
      await check('after removing Even from the Late customers', false);

      const merged = await store.api.post(`/v1/tags/${ids.get('Tens')}/merge`, { into_tag_id: ids.get('Late') });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      for (const k of carriers.get('Tens')!) carriers.get('Late')!.add(k);
      carriers.set('Tens', new Set());
      ids.delete('Tens'); // gone with the merge: the conditions that name it are left out from here
      await check('after merging Tens into Late', false);

      // Customer 8252 (in the second block, in France) and customer 20 (in the first, a business in Germany), both Late now.
      for (const k of [8252, 20]) {
        assert.equal((await store.api.delete(`/v1/customers/${await customerId(k)}`)).status, 204);
        customers.delete(k);
      }
      await check('after deleting two customers', true);
    });
  });
}
