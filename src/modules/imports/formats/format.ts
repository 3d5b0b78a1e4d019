import type { SaleKind } from '../../sales/tables.ts';
import type { RowError } from '../schema.ts';

/** One row of a sales file, read: a line of the invoice `invoice`, amounts in minor units of the file's currency. */
export interface InvoiceLine {
  /** The row in the file (the header is row 1). */
  row: number;
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  unitPrice: number;
  /** Milliseconds since the epoch, UTC. */
  occurredAt: number;
  /** The customer's id in the file's system; null for a walk-in sale. */
  customer: string | null;
  /** ISO 3166 code, or null when the file names none or a region. */
  country: string | null;
  /** False for charges that are not goods (postage, fees, adjustments). */
  isProduct: boolean;
}

/** What the sales import needs to know of a file format. */
export interface SalesFileFormat {
  name: string;
  /** Header names, lower-cased, as readCsv compares them. */
  columns: readonly string[];
  required: readonly string[];
  /** The currency of the file's amounts: the store must record sales in it. */
  currency: string;
  /** The channel of the sales when the import names none; external ids are unique within a channel. */
  defaultChannel: string;
  /** The key of the customer's id in customers.external_ids. */
  externalSystem: string;
  /** The headers of the invoice number and the customer columns, as the file writes them. */
  invoiceColumn: string;
  customerColumn: string;
  /** The row as an invoice line, or undefined after pushing each of its problems to `errors`. */
  readLine(row: number, values: Record<string, string>, errors: RowError[]): InvoiceLine | undefined;
  /** The kind of sale an invoice is, from its number and whether any of its lines sells (a positive quantity). */
  kindOf(invoice: string, sellsSomething: boolean): SaleKind;
  /** A product the store lacks, from the description of a line that names it. */
  productOf(description: string): { name: string; classifications: string[] };
}
