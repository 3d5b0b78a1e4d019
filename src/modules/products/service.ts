import type { Selectable } from 'kysely';
import { ClienteleError } from '../../lib/errors.ts';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, cursorValue } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import * as queries from './queries.ts';
import type { Product, ProductCreate, ProductList, ProductListQuery, ProductUpdate } from './schema.ts';
import type { ProductsTable } from './tables.ts';

export async function listProducts(ctx: Ctx, query: ProductListQuery): Promise<ProductList> {
  requireRight(ctx, 'view_customers');
  const filter: queries.ProductFilter = { q: query.q, classification: query.classification, active: query.active };
  const sort = { key: (query.sort?.replace(/^-/, '') ?? 'name') as queries.ProductSortKey, descending: query.sort?.startsWith('-') ?? false };
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, 2) as [unknown, string] : undefined;
  const [rows, total, currency] = await Promise.all([
    queries.listProductPage(ctx.db, ctx.tenantId, filter, sort, limit + 1, after),
    queries.countProducts(ctx.db, ctx.tenantId, filter),
    storeCurrency(ctx),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toProduct(row, currency)), total,
    next_cursor: rows.length > limit && last ? encodeCursor([cursorValue(last.sort_value), last.id]) : null,
  };
}

export async function getProduct(ctx: Ctx, id: string): Promise<Product> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findProduct(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('product');
  return toProduct(row, await storeCurrency(ctx));
}

export async function createProduct(ctx: Ctx, input: ProductCreate): Promise<Product> {
  requireRight(ctx, 'manage_products');
  await assertSkuFree(ctx, input.sku);
  const row = await queries.insertProduct(ctx.db, {
    tenant_id: ctx.tenantId, sku: input.sku, name: input.name.trim(), list_price: input.list_price ?? 0,
    unit_cost: input.unit_cost ?? null, classifications: normalizeClassifications(input.classifications ?? []), active: input.active ?? true,
  });
  return toProduct(row, await storeCurrency(ctx));
}

export async function updateProduct(ctx: Ctx, id: string, changes: ProductUpdate): Promise<Product> {
  requireRight(ctx, 'manage_products');
  const current = await queries.findProduct(ctx.db, ctx.tenantId, id);
  if (!current) throw ClienteleError.notFound('product');
  if (changes.sku !== undefined && changes.sku !== current.sku) await assertSkuFree(ctx, changes.sku);
  const row = await queries.updateProduct(ctx.db, ctx.tenantId, id, {
    ...changes,
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.classifications && { classifications: normalizeClassifications(changes.classifications) }),
  });
  if (!row) throw ClienteleError.notFound('product');
  return toProduct(row, await storeCurrency(ctx));
}

/**
 * Deletes a product that no sale names; one that was sold stays, so past sales keep its classifications (deactivate
 * it instead). The lock waits for sales in progress that name it (they hold it FOR KEY SHARE) and keeps new ones off
 * until the delete commits; only then is the question "was it sold?" asked.
 */
export async function deleteProduct(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'manage_products');
  await inTransaction(ctx, async (tx) => {
    const product = await queries.lockProductForDelete(tx.db, tx.tenantId, id);
    if (!product) throw ClienteleError.notFound('product');
    if (product.sold) {
      throw new ClienteleError('conflict', 'product.has_sales', 'This product is on recorded sales; deactivate it instead (PATCH {"active": false}).');
    }
    await queries.deleteProduct(tx.db, tx.tenantId, id);
  });
}

export interface ProductSeed {
  sku: string;
  name: string;
  list_price: number;
  classifications: string[];
}

/** Adds the products an import names and the store lacks, leaving existing ones untouched. */
export async function addMissingProducts(ctx: Ctx, products: ProductSeed[]): Promise<number> {
  requireRight(ctx, 'manage_products');
  return queries.insertMissingProducts(ctx.db, products.map((product) => ({
    tenant_id: ctx.tenantId, sku: product.sku, name: product.name, list_price: product.list_price,
    classifications: normalizeClassifications(product.classifications),
  })));
}

/** What a sale needs of the products with these SKUs, by SKU, read without a lock: an import prices its batches ahead. */
export async function productsBySku(ctx: Ctx, skus: string[]): Promise<Map<string, { id: string; unit_cost: number | null }>> {
  const rows = await queries.productsBySku(ctx.db, ctx.tenantId, [...new Set(skus)]);
  return new Map(rows.map((row) => [row.sku, { id: row.id, unit_cost: row.unit_cost }]));
}

/** What a sale needs of the products it names, by SKU, locked against deletion until the sale's transaction ends. */
export async function productsForSale(tx: TxCtx, skus: string[]): Promise<Map<string, { id: string; unit_cost: number | null }>> {
  const rows = await queries.productsForSale(tx.db, tx.tenantId, [...new Set(skus)]);
  return new Map(rows.map((row) => [row.sku, { id: row.id, unit_cost: row.unit_cost }]));
}

async function assertSkuFree(ctx: Ctx, sku: string) {
  if (await queries.findProductBySku(ctx.db, ctx.tenantId, sku)) {
    throw new ClienteleError('conflict', 'product.sku_taken', 'Another product already has this SKU.', { field: '/sku' });
  }
}

function normalizeClassifications(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase()).filter(Boolean))];
}

async function storeCurrency(ctx: Ctx): Promise<string> {
  return (await getStore(ctx)).currency;
}

function toProduct(row: Selectable<ProductsTable>, currency: string): Product {
  return {
    id: row.id, sku: row.sku, name: row.name, list_price: row.list_price, unit_cost: row.unit_cost,
    classifications: row.classifications, active: row.active, currency, version: row.version,
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
  };
}
