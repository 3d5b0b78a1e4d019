import type { ColumnType, Generated } from 'kysely';

export interface EventCountersTable {
  tenant_id: string;
  last_number: number;
}

export interface EventsTable {
  tenant_id: string;
  /** 1, 2, 3... per store, handed out in commit order: the reader's cursor. */
  number: number;
  type: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  occurred_at: Generated<Date>;
}
