import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import { type Ctx, requireRight, type TxCtx } from '../access/context.ts';
import * as queries from './queries.ts';
import type { EventList, EventListQuery } from './schema.ts';

export interface NewEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Publishes events in the caller's transaction: readers see them when, and only if, it commits. */
export async function publish(tx: TxCtx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await queries.appendEvents(tx.db, tx.tenantId, events);
}

/** The events after a cursor, oldest first. The cursor of an empty page stays where it was, so a reader polls with it. */
export async function listEvents(ctx: Ctx, query: EventListQuery): Promise<EventList> {
  requireRight(ctx, 'view_customers');
  const position = query.after ?? query.cursor;
  const after = position === undefined ? 0 : cursorNumber(position, query.after !== undefined ? '/query/after' : '/query/cursor');
  const limit = query.limit ?? 100;
  const [rows, total] = await Promise.all([
    queries.listEvents(ctx.db, ctx.tenantId, after, query.type, limit),
    queries.countEvents(ctx.db, ctx.tenantId, after, query.type),
  ]);
  const last = rows.at(-1)?.number ?? after;
  return {
    items: rows.map((row) => ({ number: row.number, type: row.type, data: row.data, occurred_at: row.occurred_at.toISOString() })),
    total,
    next_cursor: encodeCursor([last]),
  };
}

/** A cursor this list gave, or a plain event number (what a reader that kept the last number sends). */
function cursorNumber(value: string, field: string): number {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const [number] = decodeCursor(value, 1, field);
  return Number(number);
}
