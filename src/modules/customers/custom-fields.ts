import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import * as queries from './queries.ts';
import type { CustomField, CustomFieldCreate, CustomFieldUpdate } from './schema.ts';

type Definition = Awaited<ReturnType<typeof queries.listCustomFields>>[number];
type Value = string | number | boolean;

export async function listCustomFields(ctx: Ctx): Promise<CustomField[]> {
  requireRight(ctx, 'view_customers');
  return (await queries.listCustomFields(ctx.db, ctx.tenantId)).map(toCustomField);
}

export async function getCustomField(ctx: Ctx, id: string): Promise<CustomField> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findCustomField(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('custom_field');
  return toCustomField(row);
}

export async function createCustomField(ctx: Ctx, input: CustomFieldCreate): Promise<CustomField> {
  requireRight(ctx, 'manage_store_settings');
  assertOptions(input.type, input.options);
  if (await queries.findCustomFieldByKey(ctx.db, ctx.tenantId, input.key)) {
    throw new ClienteleError('conflict', 'custom_field.key_taken', `A custom field with key "${input.key}" already exists.`, { field: '/key' });
  }
  const row = await queries.insertCustomField(ctx.db, {
    tenant_id: ctx.tenantId, key: input.key, label: input.label.trim(), type: input.type as Definition['type'],
    options: input.options ?? [], required: input.required ?? false, sort_order: input.sort_order ?? 0,
  });
  return toCustomField(row);
}

export async function updateCustomField(ctx: Ctx, id: string, changes: CustomFieldUpdate): Promise<CustomField> {
  requireRight(ctx, 'manage_store_settings');
  const existing = await queries.findCustomField(ctx.db, ctx.tenantId, id);
  if (!existing) throw ClienteleError.notFound('custom_field');
  if (changes.options) assertOptions(existing.type, changes.options);
  const row = await queries.updateCustomField(ctx.db, ctx.tenantId, id, { ...changes, label: changes.label?.trim() });
  return toCustomField(row!);
}

export async function deleteCustomField(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'manage_store_settings');
  await ctx.db.transaction().execute(async (tx) => {
    const existing = await queries.findCustomField(tx, ctx.tenantId, id);
    if (!existing) throw ClienteleError.notFound('custom_field');
    await queries.deleteCustomField(tx, ctx.tenantId, id);
    await queries.removeCustomFieldValues(tx, ctx.tenantId, existing.key);
  });
}

/**
 * Checks values against the store's definitions and returns the merged result. Every problem is reported
 * at once, each with its field pointer (/custom_fields/<key>).
 */
export async function resolveCustomFieldValues(
  ctx: Ctx,
  current: Record<string, Value>,
  changes: Record<string, Value | null> | undefined,
): Promise<Record<string, Value>> {
  const definitions = await queries.listCustomFields(ctx.db, ctx.tenantId);
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const result: Record<string, Value> = { ...current };
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(changes ?? {})) {
    const field = `/custom_fields/${key}`;
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field, code: 'customer.custom_field_unknown', message: `This store has no custom field "${key}".` });
    } else if (value === null) {
      delete result[key];
    } else {
      const problem = checkValue(definition, value);
      if (problem) errors.push({ field, code: 'customer.custom_field_invalid', message: `${definition.label}: ${problem}` });
      else result[key] = value;
    }
  }
  for (const definition of definitions) {
    if (definition.required && result[definition.key] === undefined && !errors.some((e) => e.field === `/custom_fields/${definition.key}`)) {
      errors.push({ field: `/custom_fields/${definition.key}`, code: 'customer.custom_field_required', message: `${definition.label} is required.` });
    }
  }
  if (errors.length > 0) throw ClienteleError.invalid(errors);
  return result;
}

function checkValue(definition: Definition, value: Value): string | undefined {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date written YYYY-MM-DD';
    case 'choice':
      return typeof value === 'string' && definition.options.includes(value) ? undefined : `must be one of ${definition.options.join(', ')}`;
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function assertOptions(type: string, options: string[] | undefined) {
  if (type === 'choice' && (!options || options.length === 0)) {
    throw ClienteleError.invalid([{ field: '/options', code: 'custom_field.options_required', message: 'A choice field needs at least one option.' }]);
  }
  if (type !== 'choice' && options && options.length > 0) {
    throw ClienteleError.invalid([{ field: '/options', code: 'custom_field.options_unexpected', message: 'Only a choice field has options.' }]);
  }
}

function toCustomField(row: Definition): CustomField {
  return {
    id: row.id, key: row.key, label: row.label, type: row.type, options: row.options, required: row.required, sort_order: row.sort_order,
  };
}
