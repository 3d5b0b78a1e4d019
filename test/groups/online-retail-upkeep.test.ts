import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_DATASET } from '../../src/cli/demo.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/database.ts';
import { expectStatus, ok } from '../helpers/responses.ts';

// The issue's check: a full recompute of each frequency group gives exactly the members and levels that the
// sale-by-sale upkeep left, over the whole Online Retail history (541,909 lines, imported with the groups in place).
// It loads the whole file: about 100 s on each database.

const GROUPS = [
  { name: 'Spend tiers', metric: 'sales', active_from: '2010-12-01', levels: [
    { description: 'Bronze', min: 50_000, max: 199_999 }, { description: 'Silver', min: 200_000, max: 999_999 }, { description: 'Gold', min: 1_000_000, vip: true }] },
  { name: 'Margin makers', metric: 'gross_margin', active_from: '2011-06-01', levels: [
    { description: 'Some', min: 1, max: 9_999 }, { description: 'Much', min: 20_000, vip: true }] },
  { name: 'Visits', metric: 'transactions', active_from: '2010-12-01', levels: [
    { description: 'Twice', min: 2, max: 4 }, { description: 'Often', min: 5, max: 19 }, { description: 'Always', min: 20 }] },
];

async function settled(api: Client, groupId: string) {
  for (;;) {
    const group = await ok(api.get(`/v1/groups/${groupId}`));
    if (group.recompute.state === 'idle') return group;
    assert.notEqual(group.recompute.state, 'failed', group.recompute.error);
    await sleep(50);
  }
}

async function everyMember(api: Client, groupId: string) {
  const members: string[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await ok(api.get(`/v1/groups/${groupId}/members?limit=500${cursor ? `&cursor=${cursor}` : ''}`));
    members.push(...page.items.map((m: any) => `${m.customer_id} ${m.level} ${m.figure} ${m.vip}`));
    cursor = page.next_cursor;
  } while (cursor);
  return members.sort();
}

for (const kind of databaseKinds()) {
  describe(`frequency upkeep over the whole Online Retail history on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('a full recompute finds exactly the members and levels the sale-by-sale upkeep left', async () => {
      const store = await t.createStore();
      await ok(store.api.patch('/v1/store', { time_zone: 'Europe/London', default_margin_bp: 3500 }));
      const groups = [];
      for (const definition of GROUPS) {
        const group = await expectStatus(store.api.post('/v1/groups', { kind: 'frequency', window: 'never_reset', ...definition }), 201);
        groups.push(await settled(store.api, group.id));
      }

      const upload = await expectStatus(store.api.post('/v1/sales-imports', readFileSync(DEFAULT_DATASET), { 'content-type': 'application/gzip' }), 202);
      let job;
      do {
        await sleep(500);
        job = await ok(store.api.get(`/v1/import-jobs/${upload.id}`));
      } while (job.state === 'queued' || job.state === 'running');
      assert.equal(job.state, 'succeeded', JSON.stringify(job.failure));

      const upkept = [];
      for (const group of groups) upkept.push(await everyMember(store.api, group.id));
      assert.ok(upkept[0]!.length > 1000, `${upkept[0]!.length} customers spent £500 or more`);
      assert.ok(upkept[0]!.some((m) => / Gold \d+ true$/.test(m)), 'someone is at Gold, and VIP');
      const histories = [];
      for (const group of groups) histories.push((await ok(store.api.get(`/v1/groups/${group.id}/history?limit=1`))).total);

      for (const group of groups) {
        await expectStatus(store.api.post(`/v1/groups/${group.id}/recompute`), 202);
        const done = await settled(store.api, group.id);
        assert.ok(done.recompute.total >= upkept[groups.indexOf(group)]!.length);
      }
      for (const [i, group] of groups.entries()) {
        assert.deepEqual(await everyMember(store.api, group.id), upkept[i], `${group.name}: the recompute moved members`);
        assert.equal((await ok(store.api.get(`/v1/groups/${group.id}/history?limit=1`))).total, histories[i], `${group.name}: the recompute wrote to the ledger`);
      }
    });
  });
}
