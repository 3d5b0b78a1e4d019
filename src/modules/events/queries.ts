import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/**
 * Appends events to the store's feed, in one statement whatever their number (one array parameter a column),
 * numbered from the store's counter. The counter's row stays locked until the transaction ends, so
 * transactions that publish take their numbers in the order they commit; taking the numbers and writing the
 * events in one statement keeps that lock one round trip shorter.
 */
export async function appendEvents(tx: Tx, tenantId: string, events: { type: string; data: Record<string, unknown> }[]) {
  if (events.length === 0) return;
  await sql`
    with counter as (
      insert into event_counters (tenant_id, last_number) values (${tenantId}, ${events.length})
      on conflict (tenant_id) do update set last_number = event_counters.last_number + excluded.last_number
      returning last_number
    )
    insert into events (tenant_id, number, type, data)
    select ${tenantId}, counter.last_number - ${events.length} + e.i, e.type, e.data::jsonb
    from counter, unnest(${sql.val(events.map((event) => event.type))}::text[], ${sql.val(events.map((event) => JSON.stringify(event.data)))}::text[])
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
