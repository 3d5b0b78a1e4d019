import { type Static, Type } from 'typebox';
import { List, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Money = (description: string) => Type.Integer({ minimum: 0, maximum: 1e13, description: `${description} In minor units of the store's currency (pence for GBP).` });
const Classification = Type.String({
  minLength: 1, maxLength: 60, pattern: '^[^\\s,;][^,;]*$',
  description: 'A word or category the product is classified under, e.g. candle, christmas, kitchen. Kept in lower case.',
});

export const Product = Type.Object({
  id: Type.String({ format: 'uuid' }),
  sku: Type.String({ description: 'Stock keeping unit, unique in the store; compared exactly (85099B and 85099b differ).' }),
  name: Type.String(),
  list_price: Money('Price before any discount.'),
  unit_cost: Nullable(Money('What one unit costs the store, for gross margin; null when unknown (the store\'s default margin rate applies).')),
  classifications: Type.Array(Type.String()),
  active: Type.Boolean({ description: 'Inactive products stay on past sales but are not offered.' }),
  currency: Type.String({ description: 'The store\'s currency.' }),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const writable = {
  sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S(.*\\S)?$', description: 'Unique in the store; no leading or trailing spaces.' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  list_price: Type.Optional(Money('Price before any discount; default 0.')),
  unit_cost: Type.Optional(Nullable(Money('What one unit costs the store; null when unknown.'))),
  classifications: Type.Optional(Type.Array(Classification, { maxItems: 50, uniqueItems: true })),
  active: Type.Optional(Type.Boolean()),
};
export const ProductCreate = Type.Object(writable, { additionalProperties: false });
export const ProductUpdate = Type.Partial(Type.Object(writable), { additionalProperties: false, description: 'Only the fields sent change.' });

export const PRODUCT_SORT_KEYS = ['sku', 'name', 'list_price', 'created_at'] as const;
export const ProductListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Any part of the SKU or name.' })),
  classification: Type.Optional(Type.String({ maxLength: 60, description: 'Only products with this classification.' })),
  active: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.String({
    pattern: `^-?(${PRODUCT_SORT_KEYS.join('|')})$`,
    description: `One of ${PRODUCT_SORT_KEYS.join(', ')}, - for descending; default name.`,
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });
export const ProductList = List(Product, 'A page of products.');

export type Product = Static<typeof Product>;
export type ProductCreate = Static<typeof ProductCreate>;
export type ProductUpdate = Static<typeof ProductUpdate>;
export type ProductListQuery = Static<typeof ProductListQuery>;
export type ProductList = Static<typeof ProductList>;
