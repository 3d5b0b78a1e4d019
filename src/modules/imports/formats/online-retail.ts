// The UCI Online Retail file, read as it is: one row per invoice line,
// InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country. The rules are in docs/sales.md.
import { countryCode } from '../../../lib/countries.ts';
import { wallTimeToInstant } from '../../../lib/dates.ts';
import { divideHalfEven, parseDecimal } from '../../../lib/money.ts';
import type { RowError } from '../schema.ts';
import type { InvoiceLine, SalesFileFormat } from './format.ts';

/** The columns as the file's header writes them (the reader compares them lower-cased). */
const COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;
type Column = (typeof COLUMNS)[number];

const TIME_ZONE = 'Europe/London';
/** Prices are written with up to 3 decimals of a pound and stored in pence. */
const PRICE_DECIMALS = 3;
const PENCE_DECIMALS = 2;
const MAX_QUANTITY = 1_000_000;
const MAX_AMOUNT = 1e13;

/**
 * Goods have a stock code of 5 digits, sometimes with letters after them (85123A, 85099b), or a DCGS code
 * (DCGS0003 "BOXED GLASS ASHTRAY", goods sold through another channel). Every other code in the file is a
 * charge, fee, adjustment or voucher: POST and DOT (postage), C2 (carriage), M and m (manual), D (discount),
 * S (samples), B (bad debt), BANK CHARGES, AMAZONFEE, CRUK (commission), PADS (priced 0.001), gift_0001_10... (vouchers).
 */
export function isProductCode(code: string): boolean {
  return /^\d{5}[A-Za-z]*$/.test(code) || /^DCGS[0-9A-Z]+$/.test(code);
}

const STOP_WORDS = new Set(['and', 'the', 'of', 'in', 'on', 'with', 'for', 'to', 'from', 'by', 'at', 'or', 'set', 'sets', 'pack', 'packs',
  'pc', 'pcs', 'piece', 'pieces', 'assorted', 'asstd', 'ass']);
const SIZE_WORDS = new Set(['small', 'medium', 'large', 'mini', 'big', 'xl', 'xxl']);

/**
 * A product's classifications from its description: the words, lower-cased, without stop words, sizes, numbers
 * and anything holding a digit ("12", "120cm", "a4", "s/4"). "WHITE HANGING HEART T-LIGHT HOLDER" gives white,
 * hanging, heart, t-light, holder.
 */
export function classificationsOf(description: string): string[] {
  const words = description.toLowerCase().split(/[^a-z0-9'-]+/)
    .map((word) => word.replace(/^['-]+|['-]+$/g, ''))
    .filter((word) => word.length > 1 && !/\d/.test(word) && !STOP_WORDS.has(word) && !SIZE_WORDS.has(word));
  return [...new Set(words)];
}

/** A price in pounds as written (up to 3 decimals) to pence: the exact value rounded half to even. */
export function penceOf(text: string): number | undefined {
  const thousandths = parseDecimal(text, PRICE_DECIMALS);
  return thousandths === undefined ? undefined : divideHalfEven(thousandths, 10 ** (PRICE_DECIMALS - PENCE_DECIMALS));
}

// UK clocks change on the hour, so one offset holds for a whole wall-clock hour: it is looked up once per
// hour of the file (8,760 a year), not once per row.
const hourOffsets = new Map<number, number>();

/** "2010-12-01 08:26:00" (UK wall-clock time, seconds optional) to milliseconds since the epoch, UTC. */
export function londonTimeToInstant(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute
    || check.getUTCSeconds() !== second) return undefined;
  const wallHour = wall - (wall % 3_600_000);
  let offset = hourOffsets.get(wallHour);
  if (offset === undefined) {
    if (hourOffsets.size > 100_000) hourOffsets.clear();
    offset = wallHour - wallTimeToInstant(wallHour, TIME_ZONE);
    hourOffsets.set(wallHour, offset);
  }
  return wall - offset;
}

const INVOICE = 'invoiceno';
const SKU = 'stockcode';
const DESCRIPTION = 'description';
const QUANTITY = 'quantity';
const DATE = 'invoicedate';
const PRICE = 'unitprice';
const CUSTOMER = 'customerid';
const COUNTRY = 'country';

function fail(errors: RowError[], row: number, column: Column, code: string, message: string): void {
  errors.push({ row, column, code, message });
}

/** One row as an invoice line, or undefined after reporting each problem of the row. */
function readLine(row: number, values: Record<string, string>, errors: RowError[]): InvoiceLine | undefined {
  const before = errors.length;
  const invoice = values[INVOICE] ?? '';
  if (!invoice) fail(errors, row, 'InvoiceNo', 'import.value_missing', 'The invoice number is empty.');
  else if (invoice.length > 100) fail(errors, row, 'InvoiceNo', 'import.value_too_long', 'The invoice number is longer than 100 characters.');
  const sku = values[SKU] ?? '';
  if (!sku) fail(errors, row, 'StockCode', 'import.value_missing', 'The stock code is empty.');
  else if (sku.length > 64) fail(errors, row, 'StockCode', 'import.value_too_long', 'The stock code is longer than 64 characters.');
  const description = values[DESCRIPTION] ?? '';
  if (description.length > 500) fail(errors, row, 'Description', 'import.value_too_long', 'The description is longer than 500 characters.');

  const quantityText = values[QUANTITY] ?? '';
  const quantity = /^[+-]?\d{1,9}$/.test(quantityText) ? Number(quantityText) : Number.NaN;
  if (Number.isNaN(quantity)) fail(errors, row, 'Quantity', 'import.value_invalid', `"${quantityText}" is not a whole number of units.`);
  else if (quantity === 0) fail(errors, row, 'Quantity', 'import.value_invalid', 'A quantity of 0 records nothing.');
  else if (Math.abs(quantity) > MAX_QUANTITY) {
    fail(errors, row, 'Quantity', 'import.value_invalid', `More than ${MAX_QUANTITY.toLocaleString('en')} units on one line.`);
  } else if (invoice.startsWith('C') && quantity > 0) {
    fail(errors, row, 'Quantity', 'sale.return_quantity_positive', 'A cancellation (an invoice number starting with C) has only negative quantities.');
  }

  const dateText = values[DATE] ?? '';
  const occurredAt = londonTimeToInstant(dateText);
  if (occurredAt === undefined) fail(errors, row, 'InvoiceDate', 'import.value_invalid', `"${dateText}" is not a date and time such as 2010-12-01 08:26:00.`);
  else if (occurredAt > Date.now() + 86_400_000) fail(errors, row, 'InvoiceDate', 'sale.occurred_in_future', 'A sale cannot happen more than a day from now.');

  const priceText = values[PRICE] ?? '';
  const unitPrice = penceOf(priceText);
  if (unitPrice === undefined) {
    fail(errors, row, 'UnitPrice', 'import.value_invalid', `"${priceText}" is not a price in pounds with at most ${PRICE_DECIMALS} decimals.`);
  } else if (!Number.isNaN(quantity) && Math.abs(quantity * unitPrice) > MAX_AMOUNT) {
    fail(errors, row, 'UnitPrice', 'sale.amount_too_large', 'Quantity × unit price is too large.');
  }

  const customerText = values[CUSTOMER] ?? '';
  const customer = /^\d{1,20}(\.0*)?$/.test(customerText) ? customerText.replace(/\.0*$/, '') : null;
  if (customerText && customer === null) {
    fail(errors, row, 'CustomerID', 'import.value_invalid', `"${customerText}" is not a customer number such as 17850 or 17850.0.`);
  }

  if (errors.length > before) return undefined;
  return {
    row, invoice, sku, description, quantity, unitPrice: unitPrice!, occurredAt: occurredAt!, customer,
    country: countryCode(values[COUNTRY] ?? '') ?? null, isProduct: isProductCode(sku),
  };
}

export const onlineRetail: SalesFileFormat = {
  name: 'online-retail',
  columns: COLUMNS.map((column) => column.toLowerCase()),
  required: ['invoiceno', 'stockcode', 'quantity', 'invoicedate', 'unitprice', 'customerid'],
  currency: 'GBP',
  defaultChannel: 'online-retail',
  externalSystem: 'online_retail',
  invoiceColumn: 'InvoiceNo',
  customerColumn: 'CustomerID',
  readLine,
  // C-prefixed invoices call an order off; an invoice that takes goods back without selling any (the file's
  // stock adjustments) is a return, since a sale must sell something.
  kindOf: (invoice, sellsSomething) => (invoice.startsWith('C') ? 'cancellation' : sellsSomething ? 'sale' : 'return'),
  productOf: (description) => ({ name: description, classifications: classificationsOf(description) }),
};
