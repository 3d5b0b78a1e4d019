import type { Generated } from 'kysely';

export interface StoresTable {
  tenant_id: Generated<string>;
  name: string;
  currency: string;
  locale: string;
  /** Margin assumed on lines with no known cost, in basis points (3500 = 35%). */
  default_margin_bp: Generated<number>;
  /** Loyalty points earned per unit of currency spent (per pound, not per penny); 0 turns earning off. */
  loyalty_points_per_unit: Generated<number>;
  /** IANA zone; reports cut days, weeks and months in it. */
  time_zone: Generated<string>;
  /** A customer belongs to one static group only; putting them in a second moves them. */
  one_group_per_customer: Generated<boolean>;
  /** The last group number handed out: groups are numbered in creation order per store. */
  last_group_number: Generated<number>;
  /** The last customer number handed out: customers are numbered in creation order per store (customers/queries.ts). */
  last_customer_number: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RolesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  rights: string[];
  builtin: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  locale: string | null;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UserRolesTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
}

export interface SessionsTable {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  secret_hash: string;
  last_four: string;
  rights: string[];
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
