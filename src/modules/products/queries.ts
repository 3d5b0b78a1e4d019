import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { containsPattern } from '../../lib/like.ts';
import type { ProductsTable } from './tables.ts';

export interface ProductFilter {
  q?: string | undefined;
  classification?: string | undefined;
  active?: boolean | undefined;
}

export type ProductSortKey = 'sku' | 'name' | 'list_price' | 'created_at';
const SORT_EXPRESSIONS = {
  sku: sql`sku`, name: sql`lower(name)`, list_price: sql`list_price`, created_at: sql`created_at`,
} as const;

function filtered(db: Db, tenantId: string, filter: ProductFilter) {
  let query = db.selectFrom('products').where('tenant_id', '=', tenantId);
  if (filter.q?.trim()) {
    const pattern = containsPattern(filter.q.trim().toLowerCase());
    query = query.where((eb) => eb.or([eb(sql`lower(sku)`, 'like', pattern), eb(sql`lower(name)`, 'like', pattern)]));
  }
  if (filter.classification) query = query.where(sql`classifications`, '@>', sql`array[${filter.classification.toLowerCase()}]::text[]`);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  return query;
}

export function listProductPage(db: Db, tenantId: string, filter: ProductFilter, sort: { key: ProductSortKey; descending: boolean },
  limit: number, after?: [unknown, string]) {
  const expression = SORT_EXPRESSIONS[sort.key];
  const direction = sort.descending ? 'desc' : 'asc';
  let query = filtered(db, tenantId, filter).selectAll().select(expression.as('sort_value'));
  if (after) query = query.where(sql`(${expression}, id)`, sort.descending ? '<' : '>', sql`(${after[0]}, ${after[1]}::uuid)`);
  return query.orderBy(expression, direction).orderBy('id', direction).limit(limit).execute();
}

export async function countProducts(db: Db, tenantId: string, filter: ProductFilter): Promise<number> {
  const row = await filtered(db, tenantId, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findProduct(db: Db, tenantId: string, id: string) {
  return db.selectFrom('products').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findProductBySku(db: Db, tenantId: string, sku: string) {
  return db.selectFrom('products').select('id').where('tenant_id', '=', tenantId).where('sku', '=', sku).executeTakeFirst();
}

/** The products with these SKUs: what a sale needs of them (id, cost). */
export function productsBySku(db: Db, tenantId: string, skus: string[]) {
  if (skus.length === 0) return Promise.resolve([]);
  return db.selectFrom('products').select(['id', 'sku', 'unit_cost']).where('tenant_id', '=', tenantId)
    .where('sku', '=', sql<string>`any(${skus}::text[])`).execute();
}

/**
 * The same products, what a sale needs of them (id, cost), locked until the sale's transaction ends
 * (FOR KEY SHARE, as a foreign-key check would lock each line's: the lines have none, migration
 * 20261130T0900_sale_line_writes) and marked sold, so that no product is deleted from under the lines about to
 * name it. Only a product's first sale writes it; a second sale of it at that moment waits for the first.
 */
export async function productsForSale(tx: Tx, tenantId: string, skus: string[]): Promise<{ id: string; sku: string; unit_cost: number | null }[]> {
  if (skus.length === 0) return [];
  const result = await sql<{ id: string; sku: string; unit_cost: string | null }>`
    with named as (
      select id, sku, unit_cost, sold from products where tenant_id = ${tenantId} and sku = any(${skus}::text[]) for key share
    ), first_sold as (
      update products set sold = true from named where products.tenant_id = ${tenantId} and products.id = named.id and not named.sold
    )
    select id, sku, unit_cost from named`.execute(tx);
  return result.rows.map((row) => ({ id: row.id, sku: row.sku, unit_cost: row.unit_cost === null ? null : Number(row.unit_cost) }));
}

/** The product, locked against sales (their FOR KEY SHARE) until the deleting transaction ends, with whether it was sold. */
export function lockProductForDelete(tx: Tx, tenantId: string, id: string) {
  return tx.selectFrom('products').select(['id', 'sold']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertProduct(db: Db, product: Insertable<ProductsTable>) {
  return db.insertInto('products').values(product).returningAll().executeTakeFirstOrThrow();
}

/** Adds the products whose SKU the store lacks; existing SKUs are left as they are. Answers how many were added. */
export async function insertMissingProducts(db: Db, products: Insertable<ProductsTable>[]): Promise<number> {
  if (products.length === 0) return 0;
  const result = await sql<{ n: number }>`
    with added as (
      insert into products (tenant_id, sku, name, list_price, classifications)
      select tenant_id, sku, name, list_price, classifications
      from jsonb_to_recordset(${JSON.stringify(products)}::jsonb)
        as p(tenant_id uuid, sku text, name text, list_price bigint, classifications text[])
      on conflict (tenant_id, sku) do nothing
      returning 1)
    select count(*)::int as n from added`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export function updateProduct(db: Db, tenantId: string, id: string, changes: Updateable<ProductsTable>) {
  return db.updateTable('products').set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteProduct(db: Db, tenantId: string, id: string) {
  return db.deleteFrom('products').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}
