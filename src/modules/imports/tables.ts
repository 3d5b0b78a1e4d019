import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export type ImportJobState = 'queued' | 'running' | 'succeeded' | 'failed';
export type ImportJobPhase = 'checking' | 'writing';

export interface ImportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  format: string;
  file_name: string | null;
  state: ImportJobState;
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
  /** What the job was started with (channel, dry_run, skip_invalid). */
  options: Json<Record<string, unknown>>;
  /** While running: checking every row, then writing. */
  phase: ImportJobPhase | null;
  /** Why a failed job failed, when it is not (only) its bad rows: { code, message }. */
  failure: ColumnType<{ code: string; message: string } | null, string | null, string | null>;
  /** The last time the process running the job wrote to it; a job that stops writing has lost its process. */
  heartbeat_at: Date | null;
}
