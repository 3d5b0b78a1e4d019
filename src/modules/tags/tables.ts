import type { Generated } from 'kysely';

export interface TagCategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  description: string | null;
  colour: string | null;
  sort_order: Generated<number>;
  single_choice: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TagsTable {
  tenant_id: string;
  id: Generated<string>;
  /** Small and store-independent: what customers.tag_numbers holds and the search index reads. */
  number: Generated<number>;
  category_id: string;
  name: string;
  colour: string | null;
  archived: Generated<boolean>;
  /** How many customers carry the tag, kept by the statement that assigns and removes tags. */
  customers: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CustomerTagsTable {
  tenant_id: string;
  customer_id: string;
  tag_id: string;
  assigned_by_kind: 'user' | 'api_key' | 'system';
  assigned_by_id: string | null;
  assigned_at: Generated<Date>;
}

/**
 * For each tag and each block of 8,192 customer numbers, the bits of the customers who carry it (bit i of block b
 * is customer number b * 8192 + i). Kept by the statement that assigns and removes tags; read to count a tag
 * condition (migration 20261202T0900_tag_bits).
 */
export interface CustomerTagBitsTable {
  tenant_id: string;
  tag_number: number;
  block: number;
  /** bit(8192), read and written only inside SQL. */
  bits: string;
}
