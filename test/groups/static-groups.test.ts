import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp, type TestStore } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { created, ok } from '../helpers/responses.ts';

const customer = (store: TestStore, name: string, type = 'consumer') => created(store.api.post('/v1/customers', { type, name }));
const group = (store: TestStore, body: Record<string, unknown>) => created(store.api.post('/v1/groups', { kind: 'static', ...body }));

for (const kind of databaseKinds()) {
  describe(`static groups on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a group keeps the contract\'s fields, numbers itself in creation order, and refuses a taken code or ERP id', async () => {
      const store = await t.createStore();
      const category = await created(store.api.post('/v1/tag-categories', { name: 'Customer groups' }));
      const tag = await created(store.api.post('/v1/tags', { category_id: category.id, name: 'Wholesale' }));
      const trade = await group(store, { name: 'Trade', code: 'TRADE', erp_id: 'ERP-7', segment: 'b2b', vip: true, tag_ids: [tag.id], description: 'Shops buying to resell' });
      assert.deepEqual([trade.kind, trade.name, trade.code, trade.erp_id, trade.segment, trade.vip, trade.tag_ids, trade.number, trade.member_count, trade.recompute],
        ['static', 'Trade', 'TRADE', 'ERP-7', 'b2b', true, [tag.id], 1, 0, null]);
      const staff = await group(store, { name: 'Staff' });
      assert.equal(staff.number, 2);
      assert.equal(staff.segment, 'b2c');

      const codeTaken = await store.api.post('/v1/groups', { kind: 'static', name: 'Other', code: 'trade' });
      assert.deepEqual([codeTaken.status, codeTaken.body.code, codeTaken.body.field], [409, 'group.code_taken', '/code']);
      const erpTaken = await store.api.patch(`/v1/groups/${staff.id}`, { erp_id: 'ERP-7' });
      assert.deepEqual([erpTaken.status, erpTaken.body.code], [409, 'group.erp_id_taken']);
      const ruleOnStatic = await store.api.post('/v1/groups', { kind: 'static', name: 'Odd', metric: 'sales' });
      assert.deepEqual([ruleOnStatic.status, ruleOnStatic.body.code, ruleOnStatic.body.field], [422, 'group.rule_on_static', '/metric']);

      // Another store neither sees the group nor collides with its code.
      const other = await t.createStore();
      assert.equal((await other.api.get(`/v1/groups/${trade.id}`)).status, 404);
      await group(other, { name: 'Trade', code: 'TRADE' });
      assert.equal((await other.api.get('/v1/groups')).body.total, 1);

      const read = await store.api.get(`/v1/groups/${trade.id}`);
      const stale = await store.api.patch(`/v1/groups/${trade.id}`, { name: 'Trade buyers' }, { 'if-match': '"0"' });
      assert.equal(stale.status, 412);
      const renamed = await ok(store.api.patch(`/v1/groups/${trade.id}`, { name: 'Trade buyers' }, { 'if-match': String(read.headers.etag) }));
      assert.equal(renamed.version, read.body.version + 1);
    });

    test('the list searches, filters and sorts on several columns at once, with the record count and a cursor', async () => {
      const store = await t.createStore();
      for (const [name, segment, vip] of [['Bakeries', 'b2b', false], ['Cafés', 'b2b', true], ['Art students', 'b2c', false], ['Ateliers', 'b2b', true]] as const) {
        await group(store, { name, code: name.slice(0, 3).toUpperCase(), segment, vip });
      }
      const b2b = await ok(store.api.get('/v1/groups?segment=b2b&sort=-vip,name'));
      assert.equal(b2b.total, 3);
      assert.deepEqual(b2b.items.map((g: any) => g.name), ['Ateliers', 'Cafés', 'Bakeries']);
      const search = await ok(store.api.get('/v1/groups?q=caf'));
      assert.deepEqual(search.items.map((g: any) => g.name), ['Cafés']);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await ok(store.api.get(`/v1/groups?sort=segment,-number&limit=3${cursor ? `&cursor=${cursor}` : ''}`));
        assert.equal(page.total, 4);
        pages.push(...page.items.map((g: any) => g.name));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(pages, ['Ateliers', 'Cafés', 'Bakeries', 'Art students']);
      // A search pages the same way, each page with the search's total; every name holds an "s".
      for (const [sort, expected] of [['name', ['Art students', 'Ateliers', 'Bakeries', 'Cafés']], ['-vip,-number', ['Ateliers', 'Cafés', 'Art students', 'Bakeries']]] as const) {
        const found: string[] = [];
        let after: string | null = null;
        do {
          const page: any = await ok(store.api.get(`/v1/groups?q=s&sort=${sort}&limit=3${after ? `&cursor=${after}` : ''}`));
          assert.equal(page.total, 4, sort);
          found.push(...page.items.map((g: any) => g.name));
          after = page.next_cursor;
        } while (after);
        assert.deepEqual(found, expected, sort);
      }
      // Past its last match, a search's page is empty and still counts what it matches.
      const first = await ok(store.api.get('/v1/groups?q=s&sort=name&limit=3'));
      const past = await ok(store.api.get(`/v1/groups?q=bak&sort=name&limit=3&cursor=${first.next_cursor}`));
      assert.deepEqual([past.items, past.total, past.next_cursor], [[], 1, null]);
      const badSort = await store.api.get('/v1/groups?sort=colour');
      assert.equal(badSort.status, 400);
    });

    test('the search finds a fragment of the name, the code or the ERP id, never one spread over two of them', async () => {
      const store = await t.createStore();
      const bakers = await group(store, { name: 'Bakers Guild', code: 'BAKE-01', erp_id: 'ERP-4471' });
      const florists = await group(store, { name: 'Florists', code: 'FLO_2', erp_id: 'X9' });
      const names = async (q: string) => {
        const list = await ok(store.api.get(`/v1/groups?q=${encodeURIComponent(q)}`));
        assert.equal(list.total, list.items.length);
        return list.items.map((g: any) => g.id);
      };
      assert.deepEqual(await names('ers gui'), [bakers.id]);
      assert.deepEqual(await names('ke-0'), [bakers.id]);
      assert.deepEqual(await names('p-447'), [bakers.id]);
      assert.deepEqual(await names('  LO_2 '), [florists.id]);
      assert.deepEqual(await names('o_'), [florists.id], 'an underscore is taken literally');
      assert.deepEqual(await names('x9'), [florists.id]);
      // The end of one field and the start of the next, joined by a space or by a line break, match nothing.
      for (const q of ['guild bake', 'guildbake', 'guild\nbake', '01\nerp', 'ists\nflo', 'florists\nflo_2\nx9']) assert.deepEqual(await names(q), [], q);
      const lines = await group(store, { name: 'Two\nlines' });
      assert.deepEqual(await names('two\nl'), [lines.id], 'a line break inside one field still matches');
    });

    test('members come in from the group, the customer and a search, each change in the ledger and on the event feed', async () => {
      const store = await t.createStore();
      const [ada, bob, cy] = [await customer(store, 'Ada'), await customer(store, 'Bob'), await customer(store, 'Cy', 'business')];
      const trade = await group(store, { name: 'Trade', vip: true });
      const staff = await group(store, { name: 'Staff' });

      assert.deepEqual(await ok(store.api.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id, bob.id] })), { changed: 2, moved: 0 });
      assert.deepEqual(await ok(store.api.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id] })), { changed: 0, moved: 0 });
      const patched = await ok(store.api.patch(`/v1/customers/${cy.id}`, { group_ids: [staff.id, trade.id] }));
      assert.deepEqual(new Set(patched.group_ids), new Set([staff.id, trade.id]));
      assert.equal(patched.vip, true);
      const bulk = await ok(store.api.post('/v1/customers/bulk-groups', { search: { type: 'consumer' }, add: [staff.id] }));
      assert.deepEqual(bulk, { matched: 2, changed: 2 });

      const members = await ok(store.api.get(`/v1/groups/${trade.id}/members`));
      assert.equal(members.total, 3);
      assert.deepEqual(members.items.map((m: any) => [m.name, m.level, m.vip]), [['Ada', null, true], ['Bob', null, true], ['Cy', null, true]]);
      const vip = await ok(store.api.get('/v1/customers?vip=true'));
      assert.equal(vip.total, 3);
      const inStaff = await ok(store.api.get(`/v1/customers?group_id=${staff.id}&sort=name`));
      assert.deepEqual(inStaff.items.map((c: any) => c.name), ['Ada', 'Bob', 'Cy']);

      assert.deepEqual(await ok(store.api.send('DELETE', `/v1/groups/${trade.id}/members`, { customer_ids: [bob.id] })), { changed: 1, moved: 0 });
      const bobNow = await ok(store.api.get(`/v1/customers/${bob.id}`));
      assert.deepEqual([bobNow.group_ids, bobNow.vip], [[staff.id], false]);
      const history = await ok(store.api.get(`/v1/customers/${bob.id}/group-history`));
      assert.deepEqual(history.items.map((h: any) => [h.change, h.group_name, h.reason, h.by.kind]),
        [['left', 'Trade', 'manual', 'api_key'], ['entered', 'Staff', 'manual', 'api_key'], ['entered', 'Trade', 'manual', 'api_key']]);

      const events = await ok(store.api.get('/v1/events?limit=3'));
      assert.equal(events.total, 7);
      assert.deepEqual(events.items.map((e: any) => e.number), [1, 2, 3]);
      assert.equal(events.items[0].type, 'group.member_entered');
      assert.equal(events.items[0].data.group_id, trade.id);
      const rest = await ok(store.api.get(`/v1/events?after=${events.next_cursor}`));
      assert.deepEqual(rest.items.map((e: any) => e.number), [4, 5, 6, 7]);
      assert.equal(rest.items.at(-1).type, 'group.member_left');
      const nothingNew = await ok(store.api.get(`/v1/events?after=${rest.next_cursor}`));
      assert.deepEqual([nothingNew.items, nothingNew.next_cursor], [[], rest.next_cursor]);
      assert.equal((await ok(store.api.get('/v1/events?after=3&type=group.member_left'))).items.length, 1);
      assert.equal((await ok((await t.createStore()).api.get('/v1/events'))).total, 0);

      // A frequency group cannot be joined by hand; an unknown customer changes nothing.
      const unknown = await store.api.post(`/v1/groups/${staff.id}/members`, { customer_ids: [ada.id, '00000000-0000-4000-8000-000000000000'] });
      assert.deepEqual([unknown.status, unknown.body.code, unknown.body.field], [422, 'customer.unknown', '/customer_ids/1']);

      const csv = await store.api.post('/v1/customers/search?format=csv', { vip: true, sort: 'name', columns: ['name', 'groups', 'vip'] });
      assert.equal(csv.body, 'name,groups,vip\nAda,Trade; Staff,true\nCy,Trade; Staff,true\n');

      const deleted = await ok(store.api.delete(`/v1/groups/${staff.id}`));
      assert.deepEqual(deleted, { members_removed: 3 });
      assert.equal((await ok(store.api.get(`/v1/customers/${ada.id}`))).group_ids.length, 1);
    });

    test('as_of answers a static group\'s members at the end of a past day, from the ledger', async () => {
      const store = await t.createStore();
      const ada = await customer(store, 'Ada');
      const trade = await group(store, { name: 'Trade' });
      await ok(store.api.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id] }));
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      assert.equal((await ok(store.api.get(`/v1/groups/${trade.id}/members?as_of=${yesterday}`))).total, 0);
      const now = await ok(store.api.get(`/v1/groups/${trade.id}/members?as_of=${today}`));
      assert.deepEqual(now.items.map((m: any) => m.customer_id), [ada.id]);
      const csv = await store.api.get(`/v1/groups/${trade.id}/members?format=csv`);
      assert.equal(csv.status, 200);
      assert.match(String(csv.body), /^customer_id,name,code,email,level,vip,figure,since\n/);
      assert.match(String(csv.body), new RegExp(`${ada.id},Ada,`));
    });

    test('with one group per customer, a second static group moves the customer, and turning it on is refused while some are in two', async () => {
      const store = await t.createStore();
      const ada = await customer(store, 'Ada');
      const [retail, trade] = [await group(store, { name: 'Retail' }), await group(store, { name: 'Trade' })];
      await ok(store.api.patch(`/v1/customers/${ada.id}`, { group_ids: [retail.id, trade.id] }));
      const refused = await store.api.patch('/v1/store', { one_group_per_customer: true });
      assert.deepEqual([refused.status, refused.body.code], [409, 'group.one_group_conflict']);
      assert.match(refused.body.errors[0].message, /Ada is in 2 static groups/);
      assert.deepEqual(refused.body.customers, [{ id: ada.id, name: 'Ada', static_groups: 2 }]);
      assert.equal((await ok(store.api.get('/v1/store'))).one_group_per_customer, false);

      await ok(store.api.patch(`/v1/customers/${ada.id}`, { group_ids: [retail.id] }));
      await ok(store.api.patch('/v1/store', { one_group_per_customer: true }));
      assert.deepEqual(await ok(store.api.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id] })), { changed: 1, moved: 1 });
      const moved = await ok(store.api.get(`/v1/customers/${ada.id}`));
      assert.deepEqual(moved.group_ids, [trade.id]);
      const history = await ok(store.api.get(`/v1/groups/${retail.id}/history`));
      assert.deepEqual(history.items.map((h: any) => [h.change, h.reason]), [['left', 'one_group_rule'], ['entered', 'manual']]);
      const two = await store.api.patch(`/v1/customers/${ada.id}`, { group_ids: [retail.id, trade.id] });
      assert.deepEqual([two.status, two.body.code], [422, 'group.one_group_only']);
    });

    test('rights: assigning needs "Assign customers to groups", managing needs "Manage customer groups"', async () => {
      const store = await t.createStore();
      const ada = await customer(store, 'Ada');
      const trade = await group(store, { name: 'Trade' });
      const till = await t.keyWith(store, ['view_customers', 'assign_customers_to_groups']);
      const manager = await t.keyWith(store, ['view_customers', 'manage_customer_groups']);
      assert.equal((await till.post('/v1/groups', { kind: 'static', name: 'Mine' })).status, 403);
      assert.equal((await till.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id] })).status, 200);
      assert.equal((await till.patch(`/v1/customers/${ada.id}`, { group_ids: [] })).status, 200);
      assert.equal((await manager.post(`/v1/groups/${trade.id}/members`, { customer_ids: [ada.id] })).status, 403);
      assert.equal((await manager.patch(`/v1/customers/${ada.id}`, { group_ids: [trade.id] })).status, 403);
      assert.equal((await manager.patch(`/v1/groups/${trade.id}`, { vip: true })).status, 200);
    });
  });
}
