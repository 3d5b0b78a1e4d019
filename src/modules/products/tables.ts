import type { Generated } from 'kysely';

export interface ProductsTable {
  tenant_id: string;
  id: Generated<string>;
  sku: string;
  name: string;
  /** Minor units of the store's currency. */
  list_price: number;
  unit_cost: number | null;
  classifications: string[];
  active: Generated<boolean>;
  /** Set by the product's first sale, never cleared: a sold product cannot be deleted. */
  sold: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
