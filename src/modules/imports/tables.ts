import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ImportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  format: string;
  file_name: string | null;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  bytes_total: number | null;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  counts: Json<Record<string, number>>;
  errors: Json<unknown[]>;
  created_by_kind: 'user' | 'api_key' | 'system';
  created_by_id: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}
