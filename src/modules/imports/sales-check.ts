// The first pass of a sales import: every row read and checked, nothing written to the database. The good lines go
// to a temporary file (CheckedLines) for the second pass; what the pass learns lets that pass write invoice by
// invoice without holding the file: which invoices are bad, which are split across the file (and where each ends),
// and what to call the products the file names.
import type { ProductSeed } from '../products/service.ts';
import type { CheckedLines } from './checked-lines.ts';
import { readFileRows } from './files.ts';
import type { InvoiceLine, SalesFileFormat } from './formats/format.ts';
import { MAX_JOB_ERRORS } from './jobs.ts';
import type { ImportCounts, RowError } from './schema.ts';

export interface FileCheck {
  counts: ImportCounts;
  /** The first MAX_JOB_ERRORS problems, in row order. */
  errors: RowError[];
  /** Invoices with at least one bad row: with skip_invalid, left out whole. */
  badInvoices: Set<string>;
  /** Invoices whose lines are not all next to each other, with the row of their last line. */
  splitEnds: Map<string, number>;
  /** The products the file names (goods only), by SKU, as they would be created. */
  products: Map<string, ProductSeed>;
  /**
   * What the good rows name: each customer with the country of the first row naming them, and every stock code
   * (goods and charges). With invoices left out (skip_invalid) it may name what only they named.
   */
  named: NamedInFile;
}

export interface NamedInFile {
  customers: Map<string, string | null>;
  codes: Set<string>;
}

interface InvoiceSeen {
  /** undefined until a good row of the invoice is read; null for a walk-in sale. */
  customer: string | null | undefined;
  sellsSomething: boolean;
}

/** Where a pass stands, reported every `every` ms and at the end. */
export type ReportProgress = (progress: { rows: number; bytes: number }) => Promise<void>;

/**
 * Reads every row of the file, keeping its good lines in `keep` when given (not for a dry run). Memory grows with
 * the invoices, customers and products the file names (a few megabytes for Online Retail's 25,900 invoices), never
 * with its lines.
 */
export async function checkSalesFile(path: string, format: SalesFileFormat, report: ReportProgress, every: number,
  keep?: CheckedLines): Promise<FileCheck> {
  const invoices = new Map<string, InvoiceSeen>();
  const splitEnds = new Map<string, number>();
  const customers = new Map<string, string | null>();
  const codes = new Set<string>();
  const products = new Map<string, ProductNote>();
  const errors: RowError[] = [];
  const badInvoices = new Set<string>();
  const progress = { bytes: 0 };
  let rows = 0;
  let rowsInvalid = 0;
  let current: string | undefined;
  let reportAt = performance.now() + every;

  for await (const { row, values } of readFileRows(path, { known: format.columns, required: format.required }, progress)) {
    rows++;
    const rowErrors: RowError[] = [];
    const line = format.readLine(row, values, rowErrors);
    const number = line?.invoice ?? values[format.invoiceColumn.toLowerCase()] ?? '';
    if (number) {
      if (number !== current) {
        if (invoices.has(number)) splitEnds.set(number, row);
        current = number;
      } else if (splitEnds.has(number)) {
        splitEnds.set(number, row);
      }
      let invoice = invoices.get(number);
      if (!invoice) invoices.set(number, (invoice = { customer: undefined, sellsSomething: false }));
      if (line) checkInvoiceLine(format, line, invoice, rowErrors);
    }
    if (rowErrors.length > 0) {
      rowsInvalid++;
      if (number) badInvoices.add(number);
      if (errors.length < MAX_JOB_ERRORS) errors.push(...rowErrors.slice(0, MAX_JOB_ERRORS - errors.length));
    } else if (line) {
      if (line.customer !== null && !customers.has(line.customer)) customers.set(line.customer, line.country);
      codes.add(line.sku);
      if (line.isProduct) noteProduct(format, products, line);
      if (keep?.add(line, progress.bytes)) await keep.flush();
    }
    if (rows % 1000 === 0 && performance.now() >= reportAt) {
      await report({ rows, bytes: progress.bytes });
      reportAt = performance.now() + every;
    }
  }
  await report({ rows, bytes: progress.bytes });

  const counts: ImportCounts = {
    rows, rows_invalid: rowsInvalid, invoices: invoices.size, invoices_invalid: badInvoices.size, customers: customers.size,
    products: products.size, cancellations: 0, returns: 0, walk_in_sales: 0,
  };
  for (const [number, invoice] of invoices) {
    if (badInvoices.has(number)) continue;
    const kind = format.kindOf(number, invoice.sellsSomething);
    if (kind === 'cancellation') counts.cancellations!++;
    if (kind === 'return') counts.returns!++;
    if (invoice.customer === null) counts.walk_in_sales!++;
  }
  return { counts, errors, badInvoices, splitEnds, products, named: { customers, codes } };
}

/** An invoice is one sale: its lines name one customer. */
function checkInvoiceLine(format: SalesFileFormat, line: InvoiceLine, invoice: InvoiceSeen, errors: RowError[]) {
  if (invoice.customer === undefined) invoice.customer = line.customer;
  else if (invoice.customer !== line.customer) {
    const named = (customer: string | null) => (customer === null ? 'no customer (a walk-in sale)' : `customer ${customer}`);
    errors.push({
      row: line.row, column: format.customerColumn, code: 'import.invoice_customer_differs',
      message: `Invoice ${line.invoice} has ${named(invoice.customer)} on an earlier row and ${named(line.customer)} here; an invoice has one customer.`,
    });
  }
  if (line.quantity > 0) invoice.sellsSomething = true;
}

type ProductNote = ProductSeed & { priced: boolean; named: boolean };

/**
 * A product is named by the first line that sold it at a price above zero (else by its first description, else
 * by its SKU), and listed at that line's unit price (else 0): zero-priced rows are the file's stock adjustments,
 * whose descriptions read "damaged" or "?".
 */
function noteProduct(format: SalesFileFormat, products: Map<string, ProductNote>, line: InvoiceLine) {
  const priced = line.unitPrice > 0 && line.quantity > 0;
  const seed = products.get(line.sku);
  if (!seed) {
    products.set(line.sku, { sku: line.sku, ...describe(format, line.description || line.sku), list_price: priced ? line.unitPrice : 0, priced, named: Boolean(line.description) });
    return;
  }
  if (priced && !seed.priced) {
    Object.assign(seed, { priced, list_price: line.unitPrice });
    if (line.description) Object.assign(seed, describe(format, line.description), { named: true });
  } else if (!seed.named && line.description) {
    Object.assign(seed, describe(format, line.description), { named: true });
  }
}

function describe(format: SalesFileFormat, description: string) {
  return format.productOf(description.slice(0, 200));
}
