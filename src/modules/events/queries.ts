import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/**
 * Takes `count` numbers from the store's counter. The counter's row stays locked until the transaction ends,
 * so transactions that publish take their numbers in the order they commit.
 */
export async function takeNumbers(tx: Tx, tenantId: string, count: number): Promise<number> {
  const row = await tx.insertInto('event_counters').values({ tenant_id: tenantId, last_number: count })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_number: sql`event_counters.last_number + ${count}` }))
    .returning('last_number').executeTakeFirstOrThrow();
  return row.last_number - count + 1;
}

/** Appends events numbered from `first`, in one statement whatever their number: one array parameter a column. */
export async function insertEvents(tx: Tx, tenantId: string, first: number, events: { type: string; data: Record<string, unknown> }[]) {
  if (events.length === 0) return;
  await sql`
    insert into events (tenant_id, number, type, data)
    select ${tenantId}, ${first}::bigint + e.i - 1, e.type, e.data::jsonb
    from unnest(${sql.val(events.map((event) => event.type))}::text[], ${sql.val(events.map((event) => JSON.stringify(event.data)))}::text[])
      with ordinality as e(type, data, i)`.execute(tx);
}

export function listEvents(db: Db, tenantId: string, after: number, types: string[] | undefined, limit: number) {
  let query = db.selectFrom('events').select(['number', 'type', 'data', 'occurred_at'])
    .where('tenant_id', '=', tenantId).where('number', '>', after);
  if (types?.length) query = query.where('type', 'in', types);
  return query.orderBy('number').limit(limit).execute();
}

export async function countEvents(db: Db, tenantId: string, after: number, types: string[] | undefined): Promise<number> {
  let query = db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('total'))
    .where('tenant_id', '=', tenantId).where('number', '>', after);
  if (types?.length) query = query.where('type', 'in', types);
  return Number((await query.executeTakeFirstOrThrow()).total);
}
