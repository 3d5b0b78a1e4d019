import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/** Claims the key for a first request; answers false when another request holds or held it. */
export async function claimKey(db: Db, tenantId: string, scope: string, key: string, requestHash: string, lockSeconds: number): Promise<boolean> {
  const row = await db.insertInto('idempotency_keys')
    .values({ tenant_id: tenantId, scope, key, request_hash: requestHash, state: 'running', locked_until: sql<Date>`now() + make_interval(secs => ${lockSeconds})` })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key']).doNothing())
    .returning('key').executeTakeFirst();
  return row !== undefined;
}

/** Takes over a key whose first request died while running (its lock ran out). */
export async function reclaimAbandonedKey(db: Db, tenantId: string, scope: string, key: string, requestHash: string, lockSeconds: number): Promise<boolean> {
  const row = await db.updateTable('idempotency_keys')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${lockSeconds})` })
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key)
    .where('request_hash', '=', requestHash).where('state', '=', 'running').where('locked_until', '<', sql<Date>`now()`)
    .returning('key').executeTakeFirst();
  return row !== undefined;
}

export function findKey(db: Db, tenantId: string, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key)
    .executeTakeFirst();
}

/** Stores the answer, in the transaction that did the work, so the work and its answer commit together. */
export function completeKey(tx: Tx, tenantId: string, scope: string, key: string, status: number, body: unknown) {
  return tx.updateTable('idempotency_keys').set({ state: 'done', response_status: status, response_body: JSON.stringify(body) })
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key).execute();
}

export function releaseKey(db: Db, tenantId: string, scope: string, key: string) {
  return db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key)
    .where('state', '=', 'running').execute();
}
