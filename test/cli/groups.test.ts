import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { connect } from '../../src/db/connect.ts';
import { clientele } from '../helpers/cli.ts';
import { copyTemplate, databaseKinds } from '../helpers/database.ts';

// Cut from the UCI Online Retail data set (CC BY 4.0): see test/fixtures/README.md.
const SAMPLE = new URL('../fixtures/online-retail-sample.csv', import.meta.url).pathname;

for (const kind of databaseKinds()) {
  describe(`groups at the command line on ${kind}`, () => {
    let dataDir: string;
    const env = kind === 'postgres' ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {};
    before(async () => (dataDir = await copyTemplate()));
    after(() => rm(dataDir, { recursive: true, force: true }));

    test('an operator lists the groups and recomputes a frequency group, with what moved', async () => {
      const created = await clientele(['store', 'create', 'Gift shop', '--json', '--data', dataDir], env);
      assert.equal(created.code, 0, created.stderr);
      const { store_id: storeId } = JSON.parse(created.stdout) as { store_id: string };
      assert.equal((await clientele(['sales', 'import', SAMPLE, '--store', storeId, '--data', dataDir], env)).code, 0);

      // The CLI has no command to define a group's levels: the group is made with the service the API calls, on the same data.
      const connection = await connect(kind === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL } : { dataDir });
      const { createGroup } = await import('../../src/modules/groups/service.ts');
      const { ALL_RIGHTS } = await import('../../src/modules/access/rights.ts');
      const group = await createGroup({ db: connection.db, tenantId: storeId, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) }, {
        kind: 'frequency', name: 'Regulars', code: 'REG', metric: 'transactions', active_from: '2010-12-01', window: 'never_reset',
        levels: [{ description: 'Twice', min: 2 }],
      });
      await connection.close();

      const recomputed = await clientele(['groups', 'recompute', group.id, '--store', storeId, '--data', dataDir], env);
      assert.equal(recomputed.code, 0, recomputed.stderr);
      assert.match(recomputed.stdout, /^Regulars: (\d+) members after evaluating 20 customers in [\d.]+ s \(\1 entered, 0 changed level, 0 left\)\.$/m);
      const again = await clientele(['groups', 'recompute', group.id, '--store', storeId, '--json', '--data', dataDir], env);
      assert.deepEqual(JSON.parse(again.stdout).moves, { entered: 0, level_changed: 0, left: 0 });

      const list = await clientele(['groups', 'list', '--store', storeId, '--json', '--data', dataDir], env);
      const groups = JSON.parse(list.stdout);
      assert.deepEqual(groups.map((g: any) => [g.code, g.kind, g.member_count > 0]), [['REG', 'frequency', true]]);

      const bad = await clientele(['groups', 'recompute', 'nope', '--store', storeId, '--data', dataDir], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /<group-id>: "nope" is not a group id/);
      const unknown = await clientele(['groups', 'recompute', '00000000-0000-4000-8000-000000000000', '--store', storeId, '--data', dataDir], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /group\.not_found/);
    });
  });
}
