// The second pass of a sales import: the lines the check pass kept, written. First the customers and products the
// good invoices name (those the store lacks created), then the invoices in batches, each batch one short
// transaction. A batch is priced in Node while the database writes the one before it (docs/sales-import.md).
import { stat } from 'node:fs/promises';
import { setImmediate as giveWay } from 'node:timers/promises';
import { ClienteleError } from '../../lib/errors.ts';
import { type Ctx, inTransaction, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { createCustomersInBulk, customersByKey, customerKeyString } from '../customers/service.ts';
import { hasFrequencyGroups } from '../groups/upkeep.ts';
import { addMissingProducts, productsBySku, productsForSale } from '../products/service.ts';
import type { SaleCreate } from '../sales/schema.ts';
import { joinPricedSales, type PricedSales, priceSales, type RecordOptions, type SaleLookups, writeSales } from '../sales/service.ts';
import type { CheckedLines } from './checked-lines.ts';
import type { InvoiceLine, SalesFileFormat } from './formats/format.ts';
import { type JobOptions, type JobProgress, saveProgress } from './jobs.ts';
import { analyzeSalesTables, startSalesImportBatch } from './queries.ts';
import type { FileCheck, NamedInFile } from './sales-check.ts';
import type { ImportCounts } from './schema.ts';

/**
 * Each batch is one transaction, sized to take about `targetMs`. On PGlite a request waits for the transaction in
 * progress (docs/architecture.md), so batches there stay near 2,000-3,000 lines. A server runs other requests
 * beside it (only a sale of a customer in the batch, or a recompute of the store's groups, waits for it), and each
 * batch costs it some twenty round trips whatever its size, so there a batch takes about a second. A batch also
 * closes at `invoices`. Customers and products are created `parties` at a time before the batches.
 */
export const BATCH = { targetMs: { pglite: 200, server: 1000 }, firstLines: 2000, minLines: 500, maxLines: 25_000, invoices: 2000, parties: 5000 };

/**
 * Sales priced between two turns of the event loop, about 1 ms of work: each turn may hold the batch being written
 * that long (over the Online Retail file, 100 at a time measured 0.3 s slower, 400 0.5 s).
 */
const PRICING_SLICE = 25;

/** What the write pass needs of the job. */
export interface SalesWrite {
  ctx: Ctx;
  jobId: string;
  path: string;
  format: SalesFileFormat;
  options: JobOptions;
  /** PGlite: short batches, each waiting for its log. */
  embedded: boolean;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: JobProgress) => void) | undefined;
}

export function interrupted(): ClienteleError {
  return new ClienteleError('internal', 'import.interrupted',
    'The server stopped before the import finished. What it recorded stays; run the same import again to finish it.');
}

interface Batch {
  invoices: InvoiceLine[][];
  /** The last row and the bytes read when the batch closed. */
  rows: number;
  bytes: number;
}

/** A batch priced, ready to write. */
interface PricedBatch extends Batch {
  sales: PricedSales;
  recordOptions: RecordOptions;
}

/** Writes the checked lines' invoices; `counts` holds what is committed, written to the job with each batch. */
export async function writeSalesFile(job: SalesWrite, check: FileCheck, checked: CheckedLines, counts: ImportCounts): Promise<void> {
  const { ctx } = job;
  const lookups = await createCustomersAndProducts(job, check, checked, counts);
  const size = { lines: BATCH.firstLines };
  const targetMs = job.embedded ? BATCH.targetMs.pglite : BATCH.targetMs.server;
  const batches = pricedBatchesOf(job, check, checked, lookups, size)[Symbol.asyncIterator]();
  // The next batch is read and priced while this one is written: Node and the database work at once.
  let next = batches.next();
  // Statistics are refreshed after the first batch, then, when the store has frequency groups, each time the sales
  // recorded have doubled: on PGlite, which has no autovacuum, the groups' evaluation planned when the store looked
  // small read every sale per batch, and the import of the whole Online Retail history with three groups ran for
  // over 20 minutes. Without such groups nothing a batch runs reads the sales it grows (7 refreshes were 0.4 s).
  let analyzedAt = 0;
  try {
    for (;;) {
      const { value: batch, done } = await next;
      if (done) break;
      next = batches.next();
      if (job.signal?.aborted) throw interrupted();
      const started = performance.now();
      // Counted on a copy, kept once the batch commits: the job's counts are exactly what is recorded.
      const after = { ...counts };
      const at: JobProgress = { phase: 'writing', bytes_read: batch.bytes, rows_read: batch.rows, counts: after };
      await inTransaction(ctx, async (tx) => {
        await writeBatch(tx, job, batch, lookups, after);
        await saveProgress(tx.db, tx.tenantId, job.jobId, at);
      });
      Object.assign(counts, after);
      job.onProgress?.(at);
      const lines = batch.invoices.reduce((sum, invoice) => sum + invoice.length, 0);
      const fits = (lines * targetMs) / Math.max(performance.now() - started, 1);
      size.lines = Math.round(Math.min(BATCH.maxLines, Math.max(BATCH.minLines, (size.lines + fits) / 2)));
      if (counts.sales_added! > 0 && counts.sales_added! >= analyzedAt * 2) {
        if (analyzedAt === 0 || await hasFrequencyGroups(ctx)) await analyzeSalesTables(ctx.db, { lines: false });
        analyzedAt = counts.sales_added!;
      }
    }
  } catch (error) {
    // The batch read ahead is dropped, and the lines' file closed.
    next.catch(() => {});
    await batches.return?.(undefined).catch(() => {});
    throw error;
  }
  if (counts.sales_added! > 0) await analyzeSalesTables(ctx.db, { lines: true });
  const done: JobProgress = { phase: 'writing', bytes_read: (await stat(job.path)).size, rows_read: counts.rows ?? 0, counts };
  await saveProgress(ctx.db, ctx.tenantId, job.jobId, done);
  job.onProgress?.(done);
}

/**
 * The customers and products that the invoices to write name, those the store lacks created `BATCH.parties` at a
 * time (each slice its own transaction, under the import's lock, so that two imports never create one customer
 * twice), answered as what pricing needs. Memory grows with the file's customers and products, not its lines.
 */
async function createCustomersAndProducts(job: SalesWrite, check: FileCheck, checked: CheckedLines, counts: ImportCounts): Promise<ImportLookups> {
  const { ctx, format } = job;
  const named = check.badInvoices.size === 0 ? check.named : await namedByWrittenInvoices(check, checked);
  const customers = new Map<string, string>();
  for (const slice of slices([...named.customers.keys()], BATCH.parties)) {
    const after = { ...counts };
    await inTransaction(ctx, async (tx) => {
      await startSalesImportBatch(tx.db, tx.tenantId, !job.embedded);
      const ids = await findOrCreateCustomers(tx, format, slice.map((customer) => ({ customer, country: named.customers.get(customer)! })), after);
      for (const [customer, id] of ids) customers.set(customer, id);
      await saveProgress(tx.db, tx.tenantId, job.jobId, { phase: 'writing', bytes_read: 0, rows_read: 0, counts: after });
    });
    Object.assign(counts, after);
  }
  const products = new Map<string, { id: string; unit_cost: number | null }>();
  // Every code is looked up (a store may sell "POST" as a product); the goods the store lacks are created.
  for (const slice of slices([...named.codes], BATCH.parties)) {
    const after = { ...counts };
    await inTransaction(ctx, async (tx) => {
      await startSalesImportBatch(tx.db, tx.tenantId, !job.embedded);
      after.products_created! += await addMissingProducts(tx, slice.flatMap((sku) => check.products.get(sku) ?? []));
      await saveProgress(tx.db, tx.tenantId, job.jobId, { phase: 'writing', bytes_read: 0, rows_read: 0, counts: after });
    });
    Object.assign(counts, after);
    for (const [sku, product] of await productsBySku(ctx, slice)) products.set(sku, product);
  }
  return { store: await getStore(ctx), customers: new Set(customers.values()), products, originals: new Map(), byExternalId: customers };
}

/**
 * What the invoices to write name, when some were left out (skip_invalid): read from the kept lines, so that a customer
 * or a product named only by a left-out invoice is not created.
 */
async function namedByWrittenInvoices(check: FileCheck, checked: CheckedLines): Promise<NamedInFile> {
  const named: NamedInFile = { customers: new Map(), codes: new Set() };
  for await (const chunk of checked.chunks()) {
    for (const line of chunk.lines) {
      if (check.badInvoices.has(line.invoice)) continue;
      if (line.customer !== null && !named.customers.has(line.customer)) named.customers.set(line.customer, line.country);
      named.codes.add(line.sku);
    }
  }
  return named;
}

function* slices<T>(items: T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * The id of each customer, by their id in the file: found by external id, or created (with the country of the first
 * line that names them).
 */
async function findOrCreateCustomers(tx: TxCtx, format: SalesFileFormat, wanted: { customer: string; country: string | null }[],
  counts: ImportCounts): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const keys = wanted.map(({ customer }) => ({ kind: 'external' as const, system: format.externalSystem, value: customer }));
  const found = await customersByKey(tx, keys);
  const missing: typeof wanted = [];
  for (const [i, key] of keys.entries()) {
    const matches = found.get(customerKeyString(key)) ?? [];
    if (matches.length > 1) {
      throw new ClienteleError('conflict', 'customer.ambiguous',
        `${matches.length} customers of this store have ${format.externalSystem} id ${key.value}; merge them, then run the import again.`);
    }
    if (matches[0]) ids.set(key.value, matches[0]);
    else missing.push(wanted[i]!);
  }
  const created = await createCustomersInBulk(tx, missing.map(({ customer, country }) => ({
    type: 'business', name: `Customer ${customer}`, external_ids: { [format.externalSystem]: customer }, country,
  })));
  for (const customer of created) ids.set(customer.external_ids[format.externalSystem]!, customer.id);
  counts.customers_created! += created.length;
  return ids;
}

/** The batches, each priced as it is read: this runs while the batch before it is being written. */
async function* pricedBatchesOf(job: SalesWrite, check: FileCheck, checked: CheckedLines, lookups: ImportLookups, size: { lines: number }):
  AsyncGenerator<PricedBatch> {
  const { format } = job;
  const draftOf = (lines: InvoiceLine[]): SaleCreate => {
    const first = lines[0]!;
    let occurredAt = first.occurredAt;
    for (const line of lines) occurredAt = Math.min(occurredAt, line.occurredAt);
    return {
      external_id: first.invoice, channel: job.options.channel, kind: format.kindOf(first.invoice, lines.some((line) => line.quantity > 0)),
      customer_id: first.customer === null ? null : lookups.byExternalId.get(first.customer)!, currency: format.currency,
      occurred_at: new Date(occurredAt).toISOString(),
      lines: lines.map((line) => ({
        sku: line.sku, ...(line.description && { description: line.description }), is_product: line.isProduct, quantity: line.quantity,
        unit_price: line.unitPrice,
      })),
    };
  };
  for await (const batch of batchesOf(check, checked, size)) {
    const recordOptions: RecordOptions = { importJobId: job.jobId, pointerOf: (i) => `/rows/${batch.invoices[i]![0]!.row}` };
    // Drafted and priced a slice at a time, giving way before and between slices: the batch being written goes on as
    // soon as the database answers, and this work fills the time Node would otherwise wait for it.
    const parts: PricedSales[] = [];
    for (let start = 0; start < batch.invoices.length; start += PRICING_SLICE) {
      await giveWay();
      parts.push(priceSales(job.ctx, batch.invoices.slice(start, start + PRICING_SLICE).map(draftOf), lookups,
        { ...recordOptions, pointerOf: (i) => recordOptions.pointerOf!(start + i) }));
    }
    yield { ...batch, sales: joinPricedSales(parts), recordOptions };
  }
}

/**
 * One batch in the caller's transaction. Its products are locked (as for any sale); one whose cost changed, or that
 * was deleted, since the batch was priced has the batch priced again, here.
 */
async function writeBatch(tx: TxCtx, job: SalesWrite, batch: PricedBatch, lookups: ImportLookups, counts: ImportCounts): Promise<void> {
  await startSalesImportBatch(tx.db, tx.tenantId, !job.embedded);
  let { sales } = batch;
  const skus = new Set(sales.drafts.flatMap((draft) => draft.lines.map((line) => line.sku!)));
  const locked = await productsForSale(tx, [...skus]);
  const changed = [...skus].filter((sku) => {
    const priced = lookups.products.get(sku);
    const now = locked.get(sku);
    return priced?.id !== now?.id || priced?.unit_cost !== now?.unit_cost;
  });
  if (changed.length > 0) {
    for (const sku of changed) {
      const now = locked.get(sku);
      if (now) lookups.products.set(sku, now);
      else lookups.products.delete(sku);
    }
    sales = priceSales(tx, sales.drafts, lookups, batch.recordOptions);
  }
  const { added, existing } = await writeSales(tx, sales, batch.recordOptions);
  for (const { index } of added) {
    const draft = sales.drafts[index]!;
    counts.sales_added!++;
    counts.lines! += draft.lines.length;
    if (draft.kind === 'cancellation') counts.cancellations!++;
    if (draft.kind === 'return') counts.returns!++;
    if (draft.customer_id === null) counts.walk_in_sales!++;
  }
  counts.sales_skipped! += existing.length;
  counts.sales_different! += existing.filter((sale) => !sale.same_request).length;
}

/** Pricing's lookups, and the customers' ids by their id in the file. */
type ImportLookups = SaleLookups & { byExternalId: Map<string, string> };

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
