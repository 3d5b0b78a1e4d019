import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Amount = (description: string, options: { minimum?: number } = {}) =>
  Type.Integer({ minimum: options.minimum ?? -1e13, maximum: 1e13, description: `${description} In minor units of the store's currency.` });

export const SALE_KINDS = ['sale', 'return', 'cancellation'] as const;
export const SaleKind = StringEnum(SALE_KINDS, {
  description: 'sale; return (goods brought back); cancellation (an order called off). Returns and cancellations have only negative quantities.',
});
export const CostSource = StringEnum(['line', 'product', 'default_rate'], {
  description: 'Where the line\'s cost came from: the line\'s unit_cost, the product\'s unit cost, or the store\'s default margin rate.',
});

export const PaymentInput = Type.Object({
  method: Type.String({
    minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$',
    description: 'cash, card, voucher... store_credit and on_account also post an entry to the customer\'s balance (negative on a refund).',
  }),
  amount: Amount('Paid with this method; negative when refunded.'),
  reference: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

export const SaleLineInput = Type.Object({
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The product\'s SKU; its classifications and cost are used when the store knows it.' })),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  is_product: Type.Optional(Type.Boolean({ description: 'false for charges that are not goods (postage, fees); default true.' })),
  quantity: Type.Integer({ minimum: -1e6, maximum: 1e6, not: { const: 0 }, description: 'Units; negative on a return or cancellation.' }),
  unit_price: Amount('Price of one unit, before the line\'s discount, without tax.'),
  discount: Type.Optional(Amount('Taken off the line (off the refund on a return line); default 0.', { minimum: 0 })),
  tax: Type.Optional(Amount('The line\'s tax, signed like the line (negative on a return line); default 0.')),
  unit_cost: Type.Optional(Amount('What one unit cost the store, when the till knows it.', { minimum: 0 })),
}, { additionalProperties: false });

export const SaleCreate = Type.Object({
  external_id: Type.String({ minLength: 1, maxLength: 100, description: 'The till\'s receipt or the channel\'s order number: unique per channel; a retry with it records nothing twice.' }),
  channel: Type.Optional(Type.String({ maxLength: 100, description: 'The till or channel id; external ids are unique within it. Default: none.' })),
  kind: Type.Optional(SaleKind),
  original_external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'On a return or cancellation: the original sale\'s external id in the same channel, when known.' })),
  customer_id: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'null or absent for a walk-in sale.' }))),
  occurred_at: Type.String({ format: 'date-time', description: 'When the sale happened, with its offset; stored in UTC.' }),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'Must be the store\'s currency when given.' })),
  lines: Type.Array(SaleLineInput, { minItems: 1, maxItems: 2000 }),
  total: Type.Optional(Amount('What the till says the customer paid; when given it must equal the lines\' net plus tax.')),
  payments: Type.Optional(Type.Array(PaymentInput, { maxItems: 20, description: 'When given, they add up to the total.' })),
}, { additionalProperties: false });

export const SaleLine = Type.Object({
  line_no: Type.Integer({ description: 'From 1, in the order sent.' }),
  sku: Nullable(Type.String()),
  product_id: Nullable(Type.String({ format: 'uuid' })),
  description: Nullable(Type.String()),
  is_product: Type.Boolean(),
  quantity: Type.Integer(),
  unit_price: Type.Integer(),
  discount: Type.Integer(),
  tax: Type.Integer(),
  net: Type.Integer({ description: 'quantity × unit_price, less the discount (signed like the line).' }),
  cost: Type.Integer(),
  cost_source: CostSource,
  gross_margin: Type.Integer({ description: 'net - cost.' }),
});

const saleFields = {
  id: Type.String({ format: 'uuid' }),
  external_id: Type.String(),
  channel: Type.String(),
  kind: SaleKind,
  original_sale_id: Nullable(Type.String({ format: 'uuid' })),
  original_external_id: Nullable(Type.String()),
  customer_id: Nullable(Type.String({ format: 'uuid' })),
  occurred_at: Timestamp,
  currency: Type.String(),
  subtotal: Type.Integer({ description: 'Sum of quantity × unit_price.' }),
  discount: Type.Integer(),
  net: Type.Integer({ description: 'subtotal - discount: the sales figure reports and tallies use (without tax).' }),
  tax: Type.Integer(),
  total: Type.Integer({ description: 'net + tax: what the customer paid.' }),
  cost: Type.Integer(),
  gross_margin: Type.Integer({ description: 'net - cost.' }),
  item_count: Type.Integer({ description: 'Sum of quantities.' }),
  line_count: Type.Integer(),
  payments: Type.Array(Type.Object({ method: Type.String(), amount: Type.Integer(), reference: Type.Optional(Type.String()) })),
  created_at: Timestamp,
};
export const SaleSummary = Type.Object(saleFields);
export const Sale = Type.Object({
  ...saleFields,
  lines: Type.Array(SaleLine),
  loyalty_points: Type.Integer({ description: 'Points this sale earned the customer (negative when a return took them back).' }),
});

export const SaleListQuery = Type.Object({
  customer_id: Type.Optional(Type.String({ format: 'uuid' })),
  channel: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(SaleKind),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred at or after.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred before.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });
export const SaleList = List(SaleSummary, 'A page of sales, newest first.');

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1, maxLength: 255,
    description: 'Any unique string (a UUID). A retry with the same key and body answers the first result; with another body, 422; while the first is still running, 409.',
  })),
});

export type PaymentInput = Static<typeof PaymentInput>;
export type SaleLineInput = Static<typeof SaleLineInput>;
export type SaleCreate = Static<typeof SaleCreate>;
export type SaleLine = Static<typeof SaleLine>;
export type SaleSummary = Static<typeof SaleSummary>;
export type Sale = Static<typeof Sale>;
export type SaleListQuery = Static<typeof SaleListQuery>;
export type SaleList = Static<typeof SaleList>;
