import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import { fingerprint } from '../../lib/fingerprint.ts';
import { divideHalfEven, minorDigits } from '../../lib/money.ts';
import { cursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../lib/paging.ts';
import { type Ctx, requireRight, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { postEntry } from '../balances/service.ts';
import { keepGroupsCurrent } from '../groups/upkeep.ts';
import { productsForSale } from '../products/service.ts';
import * as queries from './queries.ts';
import type { Sale, SaleCreate, SaleLine, SaleList, SaleListQuery, SaleSummary } from './schema.ts';
import type { CostSource, SaleKind, SaleLinesTable } from './tables.ts';

// Amounts beyond this are refused: far above any real sale, and every product of two stays an exact integer.
const MAX_AMOUNT = 1e13;
const BALANCE_METHODS = new Set(['store_credit', 'on_account']);

export interface RecordOptions {
  /** The import job writing these sales, kept on each sale. */
  importJobId?: string | undefined;
  /** JSON pointer of sale i in the request, for errors: '' for one sale, `/sales/${i}` or a file's row. */
  pointerOf?: (index: number) => string;
}

export interface Recorded {
  /** Index in the input of each sale added, with the sale as recorded. */
  added: { index: number; id: string; sale: Sale }[];
  /**
   * Index of each sale whose (channel, external id) was already recorded, with the recorded sale's id and whether
   * it was recorded from the same request (same fingerprint).
   */
  existing: { index: number; id: string; same_request: boolean }[];
}

/** What pricing sales reads from the database: the store's terms, and the customers, products and originals they name. */
export interface SaleLookups {
  store: StoreTerms;
  customers: { has(id: string): boolean };
  products: Map<string, { id: string; unit_cost: number | null }>;
  /** Recorded sales by `${channel}\u0000${external_id}`: the originals that returns refer to. */
  originals: Map<string, { id: string; customer_id: string | null }>;
}

/** Sales priced and checked, each with its id, ready to write: what recordSales writes. */
export interface PricedSales {
  drafts: SaleCreate[];
  priced: PricedSale[];
  store: StoreTerms;
  /** The sales and lines as the database takes them (queries.salesToWrite). */
  write: queries.SalesToWrite;
}

/**
 * Records a batch of sales in the caller's transaction: their lines with cost and margin, the customers'
 * tallies, loyalty points earned, payments taken from store credit or the account, and the customers' places
 * in frequency groups. A sale whose
 * (channel, external id) is already recorded is left alone and reported in `existing`: a retry counts once.
 * Every sale is checked before anything is written; one bad sale throws and writes nothing.
 */
export async function recordSales(tx: TxCtx, drafts: SaleCreate[], options: RecordOptions = {}): Promise<Recorded> {
  requireRight(tx, 'record_sales');
  return writeSales(tx, priceSales(tx, drafts, await saleLookups(tx, drafts), options), options);
}

/**
 * What pricing these sales needs, read in the sale's transaction: the products they name are locked until it
 * ends (productsForSale), so that none is deleted from under their lines.
 */
export async function saleLookups(tx: TxCtx, drafts: SaleCreate[]): Promise<SaleLookups> {
  const [store, customerIds, products, originals] = await Promise.all([
    getStore(tx),
    queries.existingCustomerIds(tx.db, tx.tenantId, [...new Set(drafts.flatMap((d) => (d.customer_id ? [d.customer_id] : [])))]),
    productsForSale(tx, drafts.flatMap((d) => d.lines.flatMap((l) => (l.sku ? [l.sku] : [])))),
    queries.salesByExternalId(tx.db, tx.tenantId, drafts.flatMap((d) => (d.original_external_id ? [{ channel: d.channel ?? '', external_id: d.original_external_id }] : []))),
  ]);
  return {
    store, customers: new Set(customerIds.map((row) => row.id)), products,
    originals: new Map(originals.map((row) => [`${row.channel}\u0000${row.external_id}`, row])),
  };
}

/**
 * Prices and checks sales against what `lookups` says, without the database: an import prices its next batch
 * while the database writes the one before. Throws 422 with every problem, each with its pointer.
 */
export function priceSales(ctx: Ctx, drafts: SaleCreate[], lookups: SaleLookups, options: RecordOptions = {}): PricedSales {
  const pointerOf = options.pointerOf ?? ((i: number) => `/sales/${i}`);
  const { store } = lookups;
  const errors: FieldError[] = [];
  const priced = drafts.map((draft, index) => {
    const pointer = pointerOf(index);
    const sale = priceSale(draft, store, lookups.products, pointer, errors);
    if (draft.customer_id && !lookups.customers.has(draft.customer_id)) {
      errors.push({ field: `${pointer}/customer_id`, code: 'sale.customer_unknown', message: 'No customer with this id in this store.' });
    }
    const original = draft.original_external_id ? lookups.originals.get(`${sale.channel}\u0000${draft.original_external_id}`) : undefined;
    Object.assign(sale.row, {
      original_sale_id: original?.id ?? null,
      customer_id: sale.row.customer_id ?? original?.customer_id ?? null,
      request_hash: fingerprint(draft),
      import_job_id: options.importJobId ?? null,
      created_by_kind: ctx.actor.kind,
      created_by_id: ctx.actor.kind === 'system' ? null : ctx.actor.id,
    });
    sale.points = sale.row.customer_id === null ? 0 : pointsEarned(sale.row.net, store);
    if (sale.row.customer_id === null && draft.payments?.some((p) => BALANCE_METHODS.has(p.method))) {
      errors.push({ field: `${pointer}/payments`, code: 'sale.payment_needs_customer', message: 'Store credit and on-account payments need a customer.' });
    }
    return sale;
  });
  if (errors.length > 0) throw unprocessable(errors);
  return { drafts, priced, store, write: queries.salesToWrite(priced) };
}

/** Sales priced in parts (an import prices a batch a slice at a time) as one, in order. */
export function joinPricedSales(parts: readonly PricedSales[]): PricedSales {
  return {
    drafts: parts.flatMap((part) => part.drafts), priced: parts.flatMap((part) => part.priced), store: parts[0]!.store,
    write: queries.joinSalesToWrite(parts.map((part) => part.write)),
  };
}

/** Writes sales priced by priceSales, in the caller's transaction (see recordSales). */
export async function writeSales(tx: TxCtx, sales: PricedSales, options: RecordOptions = {}): Promise<Recorded> {
  requireRight(tx, 'record_sales');
  const pointerOf = options.pointerOf ?? ((i: number) => `/sales/${i}`);
  const { drafts, priced, store } = sales;
  // The first of two sales with one key in a batch wins; the second is a retry like any other (the statement leaves
  // it out, as it leaves out a sale already recorded).
  const inserted = new Map((await queries.insertNewSales(tx.db, tx.tenantId, sales.write)).map((row) => [row.id, row.created_at]));
  const added = priced.flatMap((sale, index) => {
    const createdAt = inserted.get(sale.id);
    return createdAt ? [{ index, id: sale.id, created_at: createdAt }] : [];
  });
  const missingKeys = priced.filter((sale) => !inserted.has(sale.id)).map((sale) => ({ channel: sale.channel, external_id: sale.row.external_id }));
  const recorded = new Map((await queries.salesByExternalId(tx.db, tx.tenantId, missingKeys)).map((row) => [`${row.channel}\u0000${row.external_id}`, row]));
  const existing = priced.flatMap((sale, index) => {
    if (inserted.has(sale.id)) return [];
    const row = recorded.get(keyOf(sale))!;
    return [{ index, id: row.id, same_request: row.request_hash === sale.row.request_hash }];
  });

  for (const { index, id } of added) {
    const { row } = priced[index]!;
    for (const [i, payment] of (drafts[index]!.payments ?? []).entries()) {
      if (!BALANCE_METHODS.has(payment.method) || payment.amount === 0) continue;
      await postEntry(tx, {
        customer_id: row.customer_id!, balance: payment.method as 'store_credit' | 'on_account', entry_type: 'sale_payment',
        amount: -payment.amount, reference: row.external_id, sale_id: id,
      }, `${pointerOf(index)}/payments/${i}/amount`);
    }
  }
  await keepGroupsCurrent(tx, added.map(({ index, id }) => ({ id, customer_id: priced[index]!.row.customer_id, occurred_at: priced[index]!.row.occurred_at })),
    options.importJobId ?? null, store);
  return {
    added: added.map(({ index, id, created_at }) => ({ index, id, sale: asRecorded(priced[index]!, id, created_at) })),
    existing,
  };
}

/** Records one sale; a retry of a recorded one answers it (200) when the body is the same, 422 when not. */
export async function recordSale(tx: TxCtx, draft: SaleCreate): Promise<{ status: 200 | 201; sale: Sale }> {
  const { added, existing } = await recordSales(tx, [draft], { pointerOf: () => '' });
  if (added[0]) return { status: 201, sale: added[0].sale };
  const recorded = existing[0]!;
  if (!recorded.same_request) {
    throw new ClienteleError('unprocessable', 'sale.external_id_reused',
      'A different sale was already recorded with this external id in this channel; nothing was changed.', { field: '/external_id' });
  }
  return { status: 200, sale: await getSale(tx, recorded.id) };
}

export async function getSale(ctx: Ctx, id: string): Promise<Sale> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findSale(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('sale');
  const [lines, points] = await Promise.all([queries.linesOf(ctx.db, ctx.tenantId, id), queries.loyaltyPointsOf(ctx.db, ctx.tenantId, id)]);
  return { ...toSummary(row), lines: lines.map(toLine), loyalty_points: points };
}

export async function listSales(ctx: Ctx, query: SaleListQuery): Promise<SaleList> {
  requireRight(ctx, 'view_customers');
  const filter: queries.SaleFilter = { customerId: query.customer_id, channel: query.channel, kind: query.kind, from: query.from, to: query.to };
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const before = query.cursor ? decodeCursor(query.cursor, 2) as [string, string] : undefined;
  const [rows, total] = await Promise.all([
    queries.listSalePage(ctx.db, ctx.tenantId, filter, limit + 1, before),
    queries.countSales(ctx.db, ctx.tenantId, filter),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary), total,
    next_cursor: rows.length > limit && last ? encodeCursor([cursorValue(last.occurred_at), last.id]) : null,
  };
}

/** What recording a sale needs of its store. */
export interface StoreTerms {
  currency: string;
  time_zone: string;
  default_margin_bp: number;
  loyalty_points_per_unit: number;
}

interface PricedSale {
  /** Given at pricing (UUIDv7); a sale found already recorded keeps the recorded one's. */
  id: string;
  channel: string;
  /** The sale as stored; priceSales fills in the original, the request hash and who recorded it. */
  row: queries.SaleRow;
  lines: queries.LineRow[];
  /** Loyalty points the sale earns its customer (negative for a return; 0 without a customer), set with the customer. */
  points: number;
}

/** Well-formed sales that break a rule: 422, each error with its JSON pointer. */
function unprocessable(errors: FieldError[]): ClienteleError {
  const first = errors[0]!;
  const message = errors.length === 1 ? first.message : `${errors.length} problems with the sale; see errors.`;
  return new ClienteleError('unprocessable', errors.length === 1 ? first.code : 'sale.invalid', message, { field: first.field, errors });
}

/**
 * A sale's lines and totals in minor units. A line's net is quantity × unit price less its discount (signed
 * like the line); its cost is the line's unit cost, else the product's, else what the store's default margin
 * rate leaves of the net (rounded half to even).
 */
function priceSale(draft: SaleCreate, store: StoreTerms, products: Map<string, { id: string; unit_cost: number | null }>,
  pointer: string, errors: FieldError[]): PricedSale {
  const kind: SaleKind = draft.kind ?? 'sale';
  const fail = (field: string, code: string, message: string) => errors.push({ field: `${pointer}${field}`, code, message });
  if (draft.currency && draft.currency !== store.currency) fail('/currency', 'sale.currency_mismatch', `This store records sales in ${store.currency}.`);
  if (draft.original_external_id && kind === 'sale') fail('/original_external_id', 'sale.original_on_sale', 'Only a return or a cancellation refers to an original sale.');
  const occurredAt = new Date(draft.occurred_at);
  if (occurredAt.getTime() > Date.now() + 86_400_000) fail('/occurred_at', 'sale.occurred_in_future', 'A sale cannot happen more than a day from now.');
  if (kind === 'sale' && !draft.lines.some((line) => line.quantity > 0)) {
    fail('/kind', 'sale.no_item_sold', 'A sale sells at least one item (a positive quantity); record goods coming back as a return.');
  }

  const totals = { subtotal: 0, discount: 0, net: 0, tax: 0, cost: 0, gross_margin: 0, item_count: 0 };
  const lines = draft.lines.map((line, i) => {
    const at = `/lines/${i}`;
    const sign = Math.sign(line.quantity);
    if (kind !== 'sale' && line.quantity > 0) fail(`${at}/quantity`, 'sale.return_quantity_positive', `A ${kind} has only negative quantities.`);
    const gross = line.quantity * line.unit_price;
    if (!Number.isSafeInteger(gross) || Math.abs(gross) > MAX_AMOUNT) fail(`${at}/unit_price`, 'sale.amount_too_large', 'quantity × unit_price is too large.');
    const discount = line.discount ?? 0;
    if (discount > Math.abs(gross)) fail(`${at}/discount`, 'sale.discount_too_large', 'The discount is more than the line\'s amount.');
    const tax = line.tax ?? 0;
    if (tax !== 0 && Math.sign(tax) !== sign) fail(`${at}/tax`, 'sale.tax_sign', 'Tax is signed like the line: negative on a returned line.');
    const net = gross - sign * discount;
    const product = line.sku ? products.get(line.sku) : undefined;
    const { cost, source } = costOf(line.quantity, net, line.unit_cost, product?.unit_cost ?? null, store.default_margin_bp);
    totals.subtotal += gross;
    totals.discount += sign * discount;
    totals.net += net;
    totals.tax += tax;
    totals.cost += cost;
    totals.gross_margin += net - cost;
    totals.item_count += line.quantity;
    return {
      line_no: i + 1, sku: line.sku ?? null, product_id: product?.id ?? null, description: line.description ?? null,
      is_product: line.is_product ?? true, quantity: line.quantity, unit_price: line.unit_price, discount, tax, net, cost,
      cost_source: source, gross_margin: net - cost,
    };
  });
  const total = totals.net + totals.tax;
  if (draft.total !== undefined && draft.total !== total) {
    fail('/total', 'sale.total_mismatch', `The lines add up to ${total} (net ${totals.net} + tax ${totals.tax}), not ${draft.total}.`);
  }
  const paid = (draft.payments ?? []).reduce((sum, payment) => sum + payment.amount, 0);
  if (draft.payments?.length && paid !== total) fail('/payments', 'sale.payments_mismatch', `The payments add up to ${paid}; the sale's total is ${total}.`);

  const channel = draft.channel ?? '';
  return {
    id: uuidv7(),
    channel,
    row: {
      channel, external_id: draft.external_id, kind, original_sale_id: null, original_external_id: draft.original_external_id ?? null,
      customer_id: draft.customer_id ?? null, occurred_at: occurredAt.toISOString(), currency: store.currency, ...totals, total,
      payments: draft.payments ?? [], request_hash: '', import_job_id: null, created_by_kind: 'system', created_by_id: null,
    },
    lines,
    points: 0,
  };
}

function costOf(quantity: number, net: number, lineCost: number | undefined, productCost: number | null, defaultMarginBp: number): { cost: number; source: CostSource } {
  if (lineCost !== undefined) return { cost: quantity * lineCost, source: 'line' };
  if (productCost !== null) return { cost: quantity * productCost, source: 'product' };
  return { cost: net - divideHalfEven(net * defaultMarginBp, 10_000), source: 'default_rate' };
}

function keyOf(sale: PricedSale): string {
  return `${sale.channel}\u0000${sale.row.external_id}`;
}

/** Points per unit of currency on the net, rounded toward zero per sale; a return takes its points back. */
function pointsEarned(net: number, store: StoreTerms): number {
  return Math.trunc((net * store.loyalty_points_per_unit) / 10 ** minorDigits(store.currency));
}

/** The sale as GET /v1/sales/{id} will show it, from what was just written (no second read). */
function asRecorded(priced: PricedSale, id: string, createdAt: Date): Sale {
  const { row } = priced;
  return {
    id, external_id: row.external_id, channel: row.channel, kind: row.kind, original_sale_id: row.original_sale_id,
    original_external_id: row.original_external_id, customer_id: row.customer_id, occurred_at: row.occurred_at, currency: row.currency,
    subtotal: row.subtotal, discount: row.discount, net: row.net, tax: row.tax, total: row.total, cost: row.cost,
    gross_margin: row.gross_margin, item_count: row.item_count, line_count: priced.lines.length, payments: row.payments,
    created_at: createdAt.toISOString(), lines: priced.lines,
    loyalty_points: priced.points,
  };
}

function toSummary(row: NonNullable<Awaited<ReturnType<typeof queries.findSale>>>): SaleSummary {
  return {
    id: row.id, external_id: row.external_id, channel: row.channel, kind: row.kind, original_sale_id: row.original_sale_id,
    original_external_id: row.original_external_id, customer_id: row.customer_id, occurred_at: row.occurred_at.toISOString(),
    currency: row.currency.trim(), subtotal: row.subtotal, discount: row.discount, net: row.net, tax: row.tax, total: row.total,
    cost: row.cost, gross_margin: row.gross_margin, item_count: row.item_count, line_count: Number(row.line_count ?? 0),
    payments: row.payments, created_at: row.created_at.toISOString(),
  };
}

function toLine(row: Selectable<SaleLinesTable>): SaleLine {
  return {
    line_no: row.line_no, sku: row.sku, product_id: row.product_id, description: row.description, is_product: row.is_product,
    quantity: row.quantity, unit_price: row.unit_price, discount: row.discount, tax: row.tax, net: row.net, cost: row.cost,
    cost_source: row.cost_source, gross_margin: row.gross_margin,
  };
}
