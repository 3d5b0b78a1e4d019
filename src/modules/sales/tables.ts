import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as JSON text, read back as the parsed value. */
type Json<T> = ColumnType<T, string, string>;

export type SaleKind = 'sale' | 'return' | 'cancellation';
export type CostSource = 'line' | 'product' | 'default_rate';

export interface Payment {
  method: string;
  amount: number;
  reference?: string | undefined;
}

/** Amounts in minor units of `currency`: net = subtotal - discount, total = net + tax, gross_margin = net - cost. */
export interface SalesTable {
  tenant_id: string;
  id: Generated<string>;
  channel: string;
  external_id: string;
  kind: SaleKind;
  original_sale_id: string | null;
  original_external_id: string | null;
  customer_id: string | null;
  occurred_at: Date;
  currency: string;
  subtotal: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  cost: number;
  gross_margin: number;
  item_count: number;
  payments: Json<Payment[]>;
  /** sha256 of the request as first received: a retry with the same external id must match it. */
  request_hash: string;
  import_job_id: string | null;
  created_by_kind: 'user' | 'api_key' | 'system';
  created_by_id: string | null;
  created_at: Generated<Date>;
}

export interface SaleLinesTable {
  tenant_id: string;
  sale_id: string;
  line_no: number;
  sku: string | null;
  product_id: string | null;
  description: string | null;
  /** False for charges that are not goods: postage, manual adjustments, bank charges, fees. */
  is_product: boolean;
  quantity: number;
  unit_price: number;
  discount: number;
  tax: number;
  net: number;
  cost: number;
  cost_source: CostSource;
  gross_margin: number;
}
