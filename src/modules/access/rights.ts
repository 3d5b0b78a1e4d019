/** Every right the product knows, by stable code, with the name a merchant reads. */
export const RIGHTS = {
  view_customers: 'View customers',
  manage_customers: 'Manage customers',
  manage_customer_tags: 'Manage customer tags',
  assign_customer_tags: 'Assign tags to the customer',
  manage_customer_groups: 'Manage customer groups',
  assign_customers_to_groups: 'Assign customers to groups',
  manage_prices: 'Manage prices',
  manage_products: 'Manage products',
  record_sales: 'Record sales',
  adjust_balances: 'Adjust store credit, on-account and loyalty points',
  view_reports: 'View reports',
  import_data: 'Import data',
  export_data: 'Export data',
  manage_users: 'Manage users',
  manage_api_keys: 'Manage API keys',
  manage_store_settings: 'Manage store settings',
} as const;

export type Right = keyof typeof RIGHTS;
export const ALL_RIGHTS = Object.keys(RIGHTS) as Right[];

export function isRight(value: string): value is Right {
  return Object.hasOwn(RIGHTS, value);
}

/** The roles every new store starts with. Built-in roles cannot be edited or deleted. */
export const DEFAULT_ROLES: Record<'owner' | 'manager' | 'cashier' | 'viewer', Right[]> = {
  owner: ALL_RIGHTS,
  manager: ALL_RIGHTS.filter((right) => !['manage_users', 'manage_api_keys', 'manage_store_settings'].includes(right)),
  // A till: looks customers up, keeps them current, tags them and records their sales.
  cashier: ['view_customers', 'manage_customers', 'assign_customer_tags', 'assign_customers_to_groups', 'record_sales'],
  viewer: ['view_customers', 'view_reports'],
};
