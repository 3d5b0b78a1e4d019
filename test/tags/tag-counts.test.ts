import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { storeWithImportedCustomers } from '../helpers/sales.ts';
import { makeTag } from '../helpers/tags.ts';

// A tag condition with no other filter is counted from the tags' bits, a bit per customer in blocks of 8,192
// (migration 20261202T0900_tag_bits). The store gets 8,300 customers, "Customer 1" to "Customer 8300" (external
// id k in online_retail), so its customers fill one block and spill into the next; each total is checked against
// who carries what here, after every kind of change a tag goes through.
const CUSTOMERS = 8300;
const everyone = Array.from({ length: CUSTOMERS }, (_, i) => i + 1);
type TagName = 'Even' | 'Tens' | 'Late' | 'Unused';
type Condition = { all?: TagName[]; any?: TagName[]; none?: TagName[] };

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
    let customers = new Set(everyone);

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
    });
    after(() => t.close());

    const conditions: Condition[] = [
      { all: ['Even', 'Tens'] }, { any: ['Tens', 'Late'] }, { none: ['Even'] }, { none: ['Even', 'Late'] },
      { all: ['Even'], any: ['Late', 'Tens'], none: ['Tens'] }, { all: ['Late'], none: ['Even'] }, { any: ['Even', 'Late', 'Tens'] },
      { all: ['Unused'] }, { any: ['Unused'] }, { none: ['Unused'] }, { all: ['Even', 'Unused'] }, { any: ['Late'], none: ['Unused'] },
    ];

    /** How many customers meet the condition here, by the definition of AND, OR and NONE. */
    function expected(condition: Condition): number {
      const carries = (k: number, tag: TagName) => carriers.get(tag)!.has(k);
      return [...customers].filter((k) => (condition.all ?? []).every((tag) => carries(k, tag))
        && (!condition.any?.length || condition.any.some((tag) => carries(k, tag)))
        && !(condition.none ?? []).some((tag) => carries(k, tag))).length;
    }

    async function checkTotals(when: string) {
      for (const condition of conditions.filter((c) => Object.values(c).flat().every((tag) => ids.has(tag)))) {
        const search = Object.fromEntries(Object.entries(condition).map(([part, tags]) => [part, (tags as TagName[]).map((tag) => ids.get(tag))]));
        const response = await store.api.post('/v1/customers/search', { ...search, limit: 1 });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.equal(response.body.total, expected(condition), `${when}: ${JSON.stringify(condition)}`);
      }
    }

    test('counts AND, OR and NONE over both blocks as the tags were imported', async () => {
      await checkTotals('imported');
    });

    test('follows a bulk removal, a merge and a deleted customer', async () => {
      const removed = await store.api.post('/v1/customers/bulk-tags', { search: { all: [ids.get('Late')] }, remove: [ids.get('Even')] });
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      for (const k of carriers.get('Late')!) carriers.get('Even')!.delete(k);
      await checkTotals('after removing Even from the Late customers');

      const merged = await store.api.post(`/v1/tags/${ids.get('Tens')}/merge`, { into_tag_id: ids.get('Late') });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      for (const k of carriers.get('Tens')!) carriers.get('Late')!.add(k);
      carriers.set('Tens', new Set());
      ids.delete('Tens'); // gone with the merge: the conditions that name it are left out from here
      await checkTotals('after merging Tens into Late');

      // Customer 8250 (in the second block) and customer 20 (in the first), both Late now.
      for (const k of [8250, 20]) {
        const found = await store.api.get(`/v1/customers?q=${encodeURIComponent(`customer ${k}`)}&limit=100`);
        const customer = (found.body.items as { id: string; name: string }[]).find((c) => c.name === `Customer ${k}`)!;
        assert.equal((await store.api.delete(`/v1/customers/${customer.id}`)).status, 204);
        customers = new Set([...customers].filter((c) => c !== k));
      }
      await checkTotals('after deleting two customers');
    });
  });
}
