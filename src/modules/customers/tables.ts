import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as JSON text, read back as the parsed value. */
type Json<T> = ColumnType<T, string, string>;

export interface CustomFieldsTable {
  tenant_id: string;
  id: Generated<string>;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  options: string[];
  required: boolean;
  sort_order: number;
  created_at: Generated<Date>;
}

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  type: 'consumer' | 'business';
  name: string;
  company_name: string | null;
  vat_number: string | null;
  code: string | null;
  external_ids: Json<Record<string, string>>;
  notes: string | null;
  payment_terms: string | null;
  custom_fields: Json<Record<string, string | number | boolean>>;
  country: string | null;
  search_text: string;
  /** 1, 2, 3 ... in creation order within the store, never reused: the customer's bit in customer_tag_bits. */
  number: ColumnType<number, number, never>;
  /** The numbers of the customer's tags, sorted; written only by the tags module (see the tags migration). */
  tag_numbers: Generated<number[]>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Sales tallies, written only by the sales module with the sale (modules/sales/queries.ts). */
  order_count: Generated<number>;
  total_sales: Generated<number>;
  gross_margin: Generated<number>;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  /** Balances, written only by the balances module with their ledger entry (modules/balances/queries.ts). */
  store_credit: Generated<number>;
  on_account: Generated<number>;
  credit_limit: Generated<number>;
  loyalty_points: Generated<number>;
}

export interface CustomerContactsTable {
  tenant_id: string;
  customer_id: string;
  id: Generated<string>;
  position: number;
  name: string | null;
  email: string | null;
  phones: string[];
}

export interface CustomerAddressesTable {
  tenant_id: string;
  customer_id: string;
  id: Generated<string>;
  position: number;
  label: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  is_billing: boolean;
  is_shipping: boolean;
  is_default_billing: boolean;
  is_default_shipping: boolean;
}

export interface CustomerTalliesTable {
  tenant_id: string;
  type: string;
  /** '' for customers with no country. */
  country: string;
  customers: number;
}

/**
 * For each facet of a customer (its type, country and month of creation: 'type:business', 'country:FR',
 * 'created:2024-03') and each block of 8,192 customer numbers, the bits of the customers that have it, as
 * customer_tag_bits keeps tags (migration 20261203T0900_customer_facets). Written with customers (queries.ts).
 */
export interface CustomerFacetBitsTable {
  tenant_id: string;
  facet: string;
  block: number;
  /** bit(8192), read and written only inside SQL. */
  bits: string;
}

export interface SavedSearchesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  search: Json<Record<string, unknown>>;
  created_by_kind: 'user' | 'api_key' | 'system';
  created_by_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
