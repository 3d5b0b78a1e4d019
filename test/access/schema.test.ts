import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../helpers/database.ts';

// tenant_id leads every primary key, unique key and index, so a tenant-sharded PostgreSQL (Citus) can distribute
// the schema as it is, and every lookup starts inside one store. The migrations' own bookkeeping is not the stores'.
// One index is not a store's on purpose: signing in knows the email before the store (access/queries.ts,
// findLoginCandidates). It is not unique, so a sharded server keeps it per shard.
const ACROSS_STORES = ['users.users_login_email'];
for (const kind of databaseKinds()) {
  describe(`the schema on ${kind}`, () => {
    let database: TestDatabase;
    before(async () => (database = await openTestDatabase(kind)));
    after(() => database.close());

    test('every index of every table starts with tenant_id, but the one that signing in reads', async () => {
      const { rows } = await sql<{ table: string; index: string; first: string }>`
        select t.relname as table, i.relname as index, a.attname as first
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where n.nspname = current_schema() and t.relname not like 'kysely_migration%'
        order by 1, 2`.execute(database.connection.db);
      assert.ok(rows.length > 50, `found ${rows.length} indexes`);
      const others = rows.filter((row) => row.first !== 'tenant_id').map((row) => `${row.table}.${row.index}`);
      assert.deepEqual(others, ACROSS_STORES);
    });
  });
}
