import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as JSON text, read back as the parsed value. */
type Json<T> = ColumnType<T, string, string>;

export interface IdempotencyKeysTable {
  tenant_id: string;
  scope: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: Json<unknown> | null;
  created_at: Generated<Date>;
  /** A 'running' row past this time belongs to a request that died: the next retry takes it over. */
  locked_until: Date;
}
