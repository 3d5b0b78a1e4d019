import { ClienteleError } from '../lib/errors.ts';

// Services check uniqueness before writing, for a clear answer; these cover the race where two callers
// pass that check at the same moment and the database's unique index decides (SQLSTATE 23505).
const UNIQUE_KEYS: Record<string, [code: string, field: string, message: string]> = {
  customers_code_key: ['customer.code_taken', '/code', 'Another customer already has this code.'],
  users_email_key: ['user.email_taken', '/email', 'A user with this email already exists in this store.'],
  roles_name_key: ['role.name_taken', '/name', 'A role with this name already exists.'],
  custom_fields_key_key: ['custom_field.key_taken', '/key', 'A custom field with this key already exists.'],
  products_sku_key: ['product.sku_taken', '/sku', 'Another product already has this SKU.'],
};

/** The ClienteleError a database error stands for, when it is one a caller can act on. */
export function fromDatabaseError(error: unknown): ClienteleError | undefined {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if (code !== '23505') return undefined;
  const known = constraint ? UNIQUE_KEYS[constraint] : undefined;
  if (known) return new ClienteleError('conflict', known[0], known[2], { field: known[1] });
  return new ClienteleError('conflict', 'request.duplicate', 'This would duplicate something that must be unique.');
}
