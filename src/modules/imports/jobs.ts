import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { BackgroundQueue } from '../../lib/background.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { cursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../lib/paging.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import * as queries from './queries.ts';
import type { ImportCounts, ImportJob, ImportJobList, ImportJobListQuery, RowError } from './schema.ts';
import type { ImportJobsTable } from './tables.ts';

export const MAX_JOB_ERRORS = 1000;

/** What a job was started with. */
export interface JobOptions {
  channel: string;
  dry_run: boolean;
  skip_invalid: boolean;
}

export const INTERRUPTED = {
  code: 'import.interrupted',
  message: 'The process running this import stopped before it finished. What it recorded stays; run the same import again to finish it '
    + '(the invoices already recorded are skipped).',
};

export async function createImportJob(ctx: Ctx, input: { kind: 'sales'; format: string; file_name: string | null; bytes_total: number | null; options: JobOptions }): Promise<ImportJob> {
  requireRight(ctx, 'import_data');
  const row = await queries.insertJob(ctx.db, {
    tenant_id: ctx.tenantId, kind: input.kind, format: input.format, file_name: input.file_name, state: 'queued', bytes_total: input.bytes_total,
    counts: '{}', errors: '[]', options: JSON.stringify(input.options), failure: null,
    created_by_kind: ctx.actor.kind, created_by_id: ctx.actor.kind === 'system' ? null : ctx.actor.id, heartbeat_at: new Date(),
  });
  return toJob(row);
}

export async function getImportJob(ctx: Ctx, id: string): Promise<ImportJob> {
  requireRight(ctx, 'import_data');
  const row = await queries.findJob(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('import_job');
  return toJob(row);
}

export async function listImportJobs(ctx: Ctx, query: ImportJobListQuery): Promise<ImportJobList> {
  requireRight(ctx, 'import_data');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const before = query.cursor ? decodeCursor(query.cursor, 2) as [string, string] : undefined;
  const [rows, total] = await Promise.all([queries.listJobPage(ctx.db, ctx.tenantId, limit + 1, before), queries.countJobs(ctx.db, ctx.tenantId)]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toJob), total,
    next_cursor: rows.length > limit && last ? encodeCursor([cursorValue(last.created_at), last.id]) : null,
  };
}

/** Where a running job stands: written between batches (and now and then while checking). */
export interface JobProgress {
  phase: 'checking' | 'writing';
  bytes_read: number;
  rows_read: number;
  counts: ImportCounts;
}

export function saveProgress(db: Db, tenantId: string, id: string, progress: JobProgress) {
  return queries.updateJob(db, tenantId, id, { ...progress, counts: JSON.stringify(progress.counts) });
}

export function markRunning(db: Db, tenantId: string, id: string) {
  return queries.updateJob(db, tenantId, id, { state: 'running', phase: 'checking', started_at: new Date() });
}

export function finishJob(db: Db, tenantId: string, id: string, result: {
  state: 'succeeded' | 'failed'; counts: ImportCounts; errors: RowError[]; failure?: { code: string; message: string } | undefined;
}) {
  return queries.updateJob(db, tenantId, id, {
    state: result.state, phase: null, counts: JSON.stringify(result.counts), errors: JSON.stringify(result.errors.slice(0, MAX_JOB_ERRORS)),
    failure: result.failure ? JSON.stringify(result.failure) : null, finished_at: new Date(),
  });
}

/** How often a queued or running job writes at least a heartbeat, and how long without one before it counts as abandoned. */
export const HEARTBEAT_MS = 10_000;
export const ABANDONED_AFTER_MS = 60_000;

/** Writes the job's heartbeat every HEARTBEAT_MS until the returned function is called. */
export function keepAlive(db: Db, tenantId: string, id: string): () => void {
  const timer = setInterval(() => void queries.updateJob(db, tenantId, id, {}).catch(() => {}), HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Marks failed the jobs whose process stopped, at server start and then every ABANDONED_AFTER_MS. On PGlite the
 * database belongs to this one process, so every job still queued or running at start was left by a process
 * that died; on a server, other processes may be running jobs, so only those silent for ABANDONED_AFTER_MS count.
 */
export async function sweepAbandonedJobs(db: Db, kind: 'pglite' | 'postgres'): Promise<() => void> {
  const sweep = (staleBefore: Date) => queries.failAbandonedJobs(db, staleBefore, INTERRUPTED);
  await sweep(new Date(kind === 'pglite' ? Date.now() + 1000 : Date.now() - ABANDONED_AFTER_MS));
  const timer = setInterval(() => void sweep(new Date(Date.now() - ABANDONED_AFTER_MS)).catch(() => {}), ABANDONED_AFTER_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs import jobs in the background of this process, one after another. `close` asks the running job to
 * stop at its next batch (it fails with import.interrupted, and a rerun finishes it) and waits for it.
 */
export class ImportJobRunner {
  readonly #queue: BackgroundQueue;

  constructor(private readonly db: Db, private readonly onError: (error: unknown, jobId: string) => void) {
    this.#queue = new BackgroundQueue(() => {});
  }

  enqueue(tenantId: string, jobId: string, work: (signal: AbortSignal) => Promise<unknown>): void {
    const stop = keepAlive(this.db, tenantId, jobId);
    this.#queue.enqueue((signal) => work(signal).catch((error: unknown) => this.onError(error, jobId)), stop);
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}

function toJob(row: Selectable<ImportJobsTable>): ImportJob {
  const options = row.options as Partial<JobOptions>;
  return {
    id: row.id, kind: row.kind as 'sales', format: row.format, file_name: row.file_name, channel: options.channel ?? '',
    dry_run: options.dry_run ?? false, skip_invalid: options.skip_invalid ?? false, state: row.state, phase: row.phase,
    bytes_total: row.bytes_total, bytes_read: row.bytes_read, rows_read: row.rows_read, counts: row.counts,
    errors: row.errors as RowError[], failure: row.failure,
    created_by: { kind: row.created_by_kind, id: row.created_by_id }, created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null, finished_at: row.finished_at?.toISOString() ?? null,
  };
}
