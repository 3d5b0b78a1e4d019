// A sales file as an import job: every row checked first (nothing written while any is bad, unless skip_invalid),
// then the invoices written in batches, each batch one short transaction. docs/sales.md states the guarantees.
import { stat } from 'node:fs/promises';
import type { DatabaseKind } from '../../db/connect.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import type { Right } from '../access/rights.ts';
import { getStore } from '../access/stores.ts';
import { createCustomersInBulk, customersByKey, customerKeyString } from '../customers/service.ts';
import { addMissingProducts } from '../products/service.ts';
import type { SaleCreate } from '../sales/schema.ts';
import { recordSales } from '../sales/service.ts';
import { CheckedLines } from './checked-lines.ts';
import type { InvoiceLine, SalesFileFormat } from './formats/format.ts';
import { onlineRetail } from './formats/online-retail.ts';
import {
  createImportJob, finishJob, getImportJob, type ImportJobRunner, type JobOptions, type JobProgress, keepAlive, markRunning, saveProgress,
} from './jobs.ts';
import { analyzeSalesTables, startSalesImportBatch } from './queries.ts';
import { checkSalesFile, type FileCheck } from './sales-check.ts';
import type { ImportCounts, ImportJob, RowError, SalesImportQuery } from './schema.ts';

export const SALES_FORMATS: Record<string, SalesFileFormat> = { 'online-retail': onlineRetail };

/**
 * Each batch is one transaction, sized to take about `targetMs`. On PGlite a request waits for the transaction in
 * progress (docs/architecture.md), so batches there stay near 2,000-3,000 lines. A server runs other requests
 * beside it (only a sale of a customer in the batch, or a recompute of the store's groups, waits for it), and each
 * batch costs it some twenty round trips whatever its size, so there a batch takes about a second. A batch also
 * closes at `invoices`.
 */
export const BATCH = { targetMs: { pglite: 200, server: 1000 }, firstLines: 2000, minLines: 500, maxLines: 25_000, invoices: 2000 };
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
    await writeSalesFile(run, ctx, check, checked, counts);
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

function interrupted(): ClienteleError {
  return new ClienteleError('internal', 'import.interrupted',
    'The server stopped before the import finished. What it recorded stays; run the same import again to finish it.');
}

async function progress(run: SalesImportRun, at: JobProgress) {
  await saveProgress(run.ctx.db, run.ctx.tenantId, run.jobId, at);
  run.onProgress?.(at);
}

interface Batch {
  invoices: InvoiceLine[][];
  /** The last row and the bytes read when the batch closed. */
  rows: number;
  bytes: number;
}

/** What earlier batches found or made, so the next need not ask again: kept only once their transaction committed. */
interface Known {
  customers: Map<string, string>;
  skus: Set<string>;
}

async function writeSalesFile(run: SalesImportRun, ctx: Ctx, check: FileCheck, checked: CheckedLines, counts: ImportCounts) {
  const known: Known = { customers: new Map(), skus: new Set() };
  const size = { lines: BATCH.firstLines };
  const embedded = run.database === 'pglite';
  const targetMs = embedded ? BATCH.targetMs.pglite : BATCH.targetMs.server;
  const batches = batchesOf(check, checked, size)[Symbol.asyncIterator]();
  // The next batch is read while this one is written: on a server, Node and the database work at once.
  let next = batches.next();
  // Statistics are refreshed after the first batch, then each time the sales recorded have doubled: on PGlite, which
  // has no autovacuum, plans made when the store looked small read every sale per batch (frequency groups' figures),
  // and the import of the whole Online Retail history with three groups ran for over 20 minutes.
  let analyzedAt = 0;
  try {
    for (;;) {
      const { value: batch, done } = await next;
      if (done) break;
      next = batches.next();
      if (run.signal?.aborted) throw interrupted();
      const started = performance.now();
      // Counted on a copy, kept once the batch commits: the job's counts are exactly what is recorded.
      const after = { ...counts };
      const at: JobProgress = { phase: 'writing', bytes_read: batch.bytes, rows_read: batch.rows, counts: after };
      const learned = await inTransaction(ctx, async (tx) => {
        const found = await writeBatch(tx, run, check, batch, known, after, !embedded);
        await saveProgress(tx.db, tx.tenantId, run.jobId, at);
        return found;
      });
      Object.assign(counts, after);
      run.onProgress?.(at);
      const lines = batch.invoices.reduce((sum, invoice) => sum + invoice.length, 0);
      const fits = (lines * targetMs) / Math.max(performance.now() - started, 1);
      size.lines = Math.round(Math.min(BATCH.maxLines, Math.max(BATCH.minLines, (size.lines + fits) / 2)));
      if (counts.sales_added! > 0 && counts.sales_added! >= analyzedAt * 2) {
        await analyzeSalesTables(ctx.db, { lines: analyzedAt === 0 });
        analyzedAt = counts.sales_added!;
      }
      for (const [key, id] of learned.customers) known.customers.set(key, id);
      for (const sku of learned.skus) known.skus.add(sku);
      // The caches only spare lookups: they are let go before they grow large.
      if (known.customers.size > 100_000) known.customers.clear();
      if (known.skus.size > 100_000) known.skus.clear();
    }
  } catch (error) {
    // The batch read ahead is dropped, and the file closed.
    next.catch(() => {});
    await batches.return?.(undefined).catch(() => {});
    throw error;
  }
  if (counts.sales_added! > 0) await analyzeSalesTables(ctx.db, { lines: true });
  await progress(run, { phase: 'writing', bytes_read: (await stat(run.path)).size, rows_read: counts.rows ?? 0, counts });
}

/**
 * The file's good invoices, each whole, in batches, from the lines the check pass kept. An invoice comes out when
 * its last line is read: at once for invoices whose lines are together, and for one split across the file (Online
 * Retail has one: 542806) when the row the check pass found last, its earlier lines held until then.
 */
async function* batchesOf(check: FileCheck, checked: CheckedLines, size: { lines: number }): AsyncGenerator<Batch> {
  const held = new Map<string, InvoiceLine[]>();
  let current: InvoiceLine[] = [];
  let batch: InvoiceLine[][] = [];
  let lines = 0;
  let row = 0;
  let bytes = 0;
  const close = (invoice: InvoiceLine[]) => {
    if (invoice.length === 0) return;
    batch.push(invoice);
    lines += invoice.length;
  };
  for await (const chunk of checked.chunks()) {
    bytes = chunk.bytes;
    for (const line of chunk.lines) {
      row = line.row;
      if (check.badInvoices.has(line.invoice)) continue;
      const end = check.splitEnds.get(line.invoice);
      if (end !== undefined) {
        const lines = held.get(line.invoice) ?? [];
        lines.push(line);
        held.set(line.invoice, lines);
        if (line.row === end) {
          close(lines);
          held.delete(line.invoice);
        }
      } else if (current.length > 0 && current[0]!.invoice === line.invoice) {
        current.push(line);
      } else {
        close(current);
        current = [line];
      }
      if (batch.length >= BATCH.invoices || lines >= size.lines) {
        yield { invoices: batch, rows: row - 1, bytes };
        batch = [];
        lines = 0;
      }
    }
  }
  close(current);
  for (const lines of held.values()) close(lines);
  if (batch.length > 0) yield { invoices: batch, rows: row - 1, bytes };
}

/** One batch in the caller's transaction: its customers and products first, then its sales. */
async function writeBatch(tx: TxCtx, run: SalesImportRun, check: FileCheck, batch: Batch, known: Known, counts: ImportCounts,
  onServer: boolean): Promise<Known> {
  const { format } = run;
  await startSalesImportBatch(tx.db, tx.tenantId, onServer);
  const customers = await customersOf(tx, format, batch.invoices, known, counts);
  const skus = [...new Set(batch.invoices.flatMap((lines) => lines.flatMap((line) => (line.isProduct && !known.skus.has(line.sku) ? [line.sku] : []))))];
  counts.products_created! += await addMissingProducts(tx, skus.map((sku) => check.products.get(sku)!));

  const drafts = batch.invoices.map((lines): SaleCreate => {
    const first = lines[0]!;
    const lineDrafts = lines.map((line) => ({
      sku: line.sku, ...(line.description && { description: line.description }), is_product: line.isProduct, quantity: line.quantity, unit_price: line.unitPrice,
    }));
    return {
      external_id: first.invoice, channel: run.options.channel, kind: format.kindOf(first.invoice, lines.some((line) => line.quantity > 0)),
      customer_id: first.customer === null ? null : customers.get(first.customer)!, currency: format.currency,
      occurred_at: new Date(Math.min(...lines.map((line) => line.occurredAt))).toISOString(), lines: lineDrafts,
    };
  });
  const { added, existing } = await recordSales(tx, drafts, { importJobId: run.jobId, pointerOf: (i) => `/rows/${batch.invoices[i]![0]!.row}` });
  for (const { index } of added) {
    const draft = drafts[index]!;
    counts.sales_added!++;
    counts.lines! += draft.lines.length;
    if (draft.kind === 'cancellation') counts.cancellations!++;
    if (draft.kind === 'return') counts.returns!++;
    if (draft.customer_id === null) counts.walk_in_sales!++;
  }
  counts.sales_skipped! += existing.length;
  counts.sales_different! += existing.filter((sale) => !sale.same_request).length;
  return { customers, skus: new Set(skus) };
}

/**
 * The id of every customer the batch names, by their id in the file: known, found by external id, or created
 * (with the country of the first line that names them).
 */
async function customersOf(tx: TxCtx, format: SalesFileFormat, invoices: InvoiceLine[][], known: Known, counts: ImportCounts): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const wanted = new Map<string, InvoiceLine>();
  for (const lines of invoices) {
    const { customer } = lines[0]!;
    if (customer === null || ids.has(customer) || wanted.has(customer)) continue;
    const id = known.customers.get(customer);
    if (id) ids.set(customer, id);
    else wanted.set(customer, lines[0]!);
  }
  if (wanted.size === 0) return ids;
  const keys = [...wanted.keys()].map((value) => ({ kind: 'external' as const, system: format.externalSystem, value }));
  const found = await customersByKey(tx, keys);
  const missing: InvoiceLine[] = [];
  for (const key of keys) {
    const matches = found.get(customerKeyString(key)) ?? [];
    if (matches.length > 1) {
      throw new ClienteleError('conflict', 'customer.ambiguous',
        `${matches.length} customers of this store have ${format.externalSystem} id ${key.value}; merge them, then run the import again.`);
    }
    if (matches[0]) ids.set(key.value, matches[0]);
    else missing.push(wanted.get(key.value)!);
  }
  const created = await createCustomersInBulk(tx, missing.map((line) => ({
    type: 'business', name: `Customer ${line.customer}`, external_ids: { [format.externalSystem]: line.customer! }, country: line.country,
  })));
  for (const customer of created) ids.set(customer.external_ids[format.externalSystem]!, customer.id);
  counts.customers_created! += created.length;
  return ids;
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
