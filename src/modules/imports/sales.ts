// A sales file as an import job: every row checked first (nothing written while any is bad, unless skip_invalid),
// then the invoices written in batches, each batch one short transaction. docs/sales.md states the guarantees.
import { stat } from 'node:fs/promises';
import type { DatabaseKind } from '../../db/connect.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import type { Right } from '../access/rights.ts';
import { getStore } from '../access/stores.ts';
import { CheckedLines } from './checked-lines.ts';
import type { SalesFileFormat } from './formats/format.ts';
import { onlineRetail } from './formats/online-retail.ts';
import {
  createImportJob, finishJob, getImportJob, type ImportJobRunner, type JobOptions, type JobProgress, keepAlive, markRunning, saveProgress,
} from './jobs.ts';
import { checkSalesFile, type FileCheck } from './sales-check.ts';
import { interrupted, writeSalesFile } from './sales-write.ts';
import type { ImportCounts, ImportJob, RowError, SalesImportQuery } from './schema.ts';

export const SALES_FORMATS: Record<string, SalesFileFormat> = { 'online-retail': onlineRetail };

const PROGRESS_EVERY_MS = 1000;

// A sales import creates the customers and products its file names: the rights to import and to record
// sales cover that, as they would cover a till creating a walk-in's customer record.
const IMPORT_RIGHTS: Right[] = ['view_customers', 'manage_customers', 'manage_products'];

export interface SalesImportRun {
  ctx: Ctx;
  /** PGlite (in this process: short batches, each waiting for its log) or a server. */
  database: DatabaseKind;
  jobId: string;
  path: string;
  format: SalesFileFormat;
  options: JobOptions;
  /** Aborted when the process shuts down: the job stops before its next batch. */
  signal?: AbortSignal;
  /** Called with each progress the job writes (the CLI draws its bar from it). */
  onProgress?: (progress: JobProgress) => void;
}

/** Checks that the caller may start a sales import, before the file is even read. */
export function requireSalesImportRights(ctx: Ctx) {
  requireRight(ctx, 'import_data');
  requireRight(ctx, 'record_sales');
}

/**
 * Runs the job to its end and answers it as finished. Bad rows fail it with import.rows_invalid (thrown
 * too, with the rows, after the job is saved) and nothing written; any other failure is saved as the job's
 * failure and thrown.
 */
export async function runSalesImport(run: SalesImportRun): Promise<ImportJob> {
  requireSalesImportRights(run.ctx);
  const ctx: Ctx = { ...run.ctx, rights: new Set([...run.ctx.rights, ...IMPORT_RIGHTS]) };
  const { jobId, format, options } = run;
  const stopHeartbeat = keepAlive(ctx.db, ctx.tenantId, jobId);
  const counts: ImportCounts = {};
  let errors: RowError[] = [];
  let checked: CheckedLines | undefined;
  try {
    if (run.signal?.aborted) throw interrupted();
    await markRunning(ctx.db, ctx.tenantId, jobId);
    const store = await getStore(ctx);
    if (store.currency !== format.currency) {
      throw new ClienteleError('unprocessable', 'import.currency_mismatch',
        `This file's amounts are in ${format.currency}, and this store records sales in ${store.currency}.`);
    }
    checked = options.dry_run ? undefined : await CheckedLines.create();
    const check = await checkSalesFile(run.path, format, (at) => progress(run, { phase: 'checking', bytes_read: at.bytes, rows_read: at.rows, counts }),
      PROGRESS_EVERY_MS, checked);
    Object.assign(counts, check.counts);
    errors = check.errors;
    if (!checked) { // a dry run: checked, nothing kept to write
      await finishJob(ctx.db, ctx.tenantId, jobId, { state: 'succeeded', counts, errors });
      return await getImportJob(ctx, jobId);
    }
    if (errors.length > 0 && !options.skip_invalid) throw rowsInvalid(check);
    await checked.finish();
    Object.assign(counts, { sales_added: 0, sales_skipped: 0, sales_different: 0, cancellations: 0, returns: 0, walk_in_sales: 0, lines: 0,
      customers_created: 0, products_created: 0 });
    await writeSalesFile({ ctx, jobId, path: run.path, format, options, embedded: run.database === 'pglite', signal: run.signal, onProgress: run.onProgress },
      check, checked, counts);
    await finishJob(ctx.db, ctx.tenantId, jobId, { state: 'succeeded', counts, errors });
    return await getImportJob(ctx, jobId);
  } catch (error) {
    const failure = error instanceof ClienteleError ? { code: error.code, message: error.message }
      : { code: 'internal', message: 'Something went wrong on our side; it has been logged. What was recorded stays; run the import again.' };
    // Saving the failure must not hide the error itself (the database may be what failed).
    await finishJob(ctx.db, ctx.tenantId, jobId, { state: 'failed', counts, errors, failure }).catch(() => {});
    throw error;
  } finally {
    stopHeartbeat();
    await checked?.remove();
  }
}

function rowsInvalid(check: FileCheck): ClienteleError {
  const first = check.errors[0]!;
  return new ClienteleError('unprocessable', 'import.rows_invalid',
    `${check.counts.rows_invalid} row(s) are invalid, so nothing was imported; the first: row ${first.row}, column ${first.column}: ${first.message}`,
    { row: first.row, column: first.column, errors: check.errors });
}

async function progress(run: SalesImportRun, at: JobProgress) {
  await saveProgress(run.ctx.db, run.ctx.tenantId, run.jobId, at);
  run.onProgress?.(at);
}

/**
 * Creates the job for a file already saved (the upload), and queues it in this process's runner; answers the
 * job as queued. The file is removed when the job ends.
 */
export async function startSalesImport(ctx: Ctx, database: DatabaseKind, runner: ImportJobRunner, file: { path: string; bytes: number; remove: () => Promise<void> },
  query: SalesImportQuery): Promise<ImportJob> {
  try {
    requireSalesImportRights(ctx);
    const format = SALES_FORMATS[query.format ?? 'online-retail']!;
    const options: JobOptions = { channel: query.channel ?? format.defaultChannel, dry_run: query.dry_run ?? false, skip_invalid: query.skip_invalid ?? false };
    const job = await createImportJob(ctx, { kind: 'sales', format: format.name, file_name: query.file_name ?? null, bytes_total: file.bytes, options });
    runner.enqueue(ctx.tenantId, job.id, (signal) => runSalesImport({ ctx, database, jobId: job.id, path: file.path, format, options, signal }).finally(file.remove));
    return job;
  } catch (error) {
    await file.remove();
    throw error;
  }
}

/** A file on this machine imported at once (the CLI and the demo): the same job and checks as the API's. */
export async function importSalesFile(ctx: Ctx, database: DatabaseKind, path: string, query: SalesImportQuery, onProgress?: (progress: JobProgress) => void): Promise<ImportJob> {
  requireSalesImportRights(ctx);
  const format = SALES_FORMATS[query.format ?? 'online-retail']!;
  const options: JobOptions = { channel: query.channel ?? format.defaultChannel, dry_run: query.dry_run ?? false, skip_invalid: query.skip_invalid ?? false };
  const job = await createImportJob(ctx, { kind: 'sales', format: format.name, file_name: query.file_name ?? null, bytes_total: (await stat(path)).size, options });
  return runSalesImport({ ctx, database, jobId: job.id, path, format, options, onProgress });
}
