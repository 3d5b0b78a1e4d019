import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. GB.' });

export const PAYMENT_TERMS = ['due_on_receipt', 'net_7', 'net_15', 'net_30', 'net_45', 'net_60', 'net_90'] as const;
export const PaymentTerms = StringEnum(PAYMENT_TERMS, { description: 'Default payment terms: due on receipt, or net N days.' });
export const CustomerType = StringEnum(['consumer', 'business']);
export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;

export const Contact = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phones: Type.Array(Type.String()),
});
export const ContactInput = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  phones: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()./ -]+$' }), { maxItems: 10 })),
}, { additionalProperties: false });

const addressFields = {
  label: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'e.g. Head office, Warehouse.' }))),
  line1: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  line2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  city: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  postal_code: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  country: Type.Optional(Nullable(Country)),
  is_billing: Type.Optional(Type.Boolean()),
  is_shipping: Type.Optional(Type.Boolean()),
  is_default_billing: Type.Optional(Type.Boolean({ description: 'At most one; the first billing address when none is marked.' })),
  is_default_shipping: Type.Optional(Type.Boolean({ description: 'At most one; the first shipping address when none is marked.' })),
};
export const AddressInput = Type.Object(addressFields, { additionalProperties: false });
export const Address = Type.Object({
  id: Type.String({ format: 'uuid' }),
  label: Nullable(Type.String()),
  line1: Nullable(Type.String()),
  line2: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  country: Nullable(Type.String()),
  is_billing: Type.Boolean(),
  is_shipping: Type.Boolean(),
  is_default_billing: Type.Boolean(),
  is_default_shipping: Type.Boolean(),
});

const CustomFieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
export const CustomFieldValues = Type.Record(Type.String(), CustomFieldValue, {
  description: 'Values of the store\'s custom fields, by key; dates as YYYY-MM-DD.',
});

export const Customer = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: CustomerType,
  name: Type.String(),
  company_name: Nullable(Type.String()),
  vat_number: Nullable(Type.String()),
  code: Nullable(Type.String({ description: 'The store\'s own customer code, unique in the store.' })),
  external_ids: Type.Record(Type.String(), Type.String(), { description: 'Ids in other systems, by system: {"shopify": "7166504501526"}.' }),
  contacts: Type.Array(Contact),
  addresses: Type.Array(Address),
  notes: Nullable(Type.String()),
  payment_terms: Nullable(PaymentTerms),
  custom_fields: CustomFieldValues,
  country: Nullable(Type.String({ description: 'The default billing address\'s country (else the first address\'s).' })),
  version: Type.Integer({ description: 'Rises with every change; the ETag carries it.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const writable = {
  type: CustomerType,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  company_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  vat_number: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  code: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  external_ids: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9_]{1,40}$' }), Type.String({ maxLength: 200 }))),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50, description: 'Replaces all contacts when given.' })),
  addresses: Type.Optional(Type.Array(AddressInput, { maxItems: 50, description: 'Replaces all addresses when given.' })),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
  payment_terms: Type.Optional(Nullable(PaymentTerms)),
  custom_fields: Type.Optional(Type.Record(Type.String(), Type.Union([CustomFieldValue, Type.Null()]), {
    description: 'Values by key; on PATCH they merge with the stored ones and null removes one.',
  })),
};
export const CustomerCreate = Type.Object(writable, { additionalProperties: false });
export const CustomerUpdate = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  description: 'Only the fields sent change.',
});

export const SORT_KEYS = ['name', 'created_at', 'updated_at', 'code', 'country', 'type'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const CustomerListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text lookup: any part of a name, email, phone, code or address.' })),
  type: Type.Optional(CustomerType),
  country: Type.Optional(Country),
  created_from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after.' })),
  created_to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before.' })),
  sort: Type.Optional(Type.String({
    pattern: `^-?(${SORT_KEYS.join('|')})(,-?(${SORT_KEYS.join('|')}))*$`,
    description: `Comma-separated sort keys (${SORT_KEYS.join(', ')}), - for descending; default name.`,
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
}, { additionalProperties: false });

export const CustomerList = List(Customer, 'A page of customers.');

export const CustomField = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key: Type.String(),
  label: Type.String(),
  type: StringEnum(FIELD_TYPES),
  options: Type.Array(Type.String(), { description: 'The allowed values of a choice field.' }),
  required: Type.Boolean(),
  sort_order: Type.Integer(),
});
export const CustomFieldCreate = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Stable key used in customer.custom_fields.' }),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  type: StringEnum(FIELD_TYPES),
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { uniqueItems: true, maxItems: 200 })),
  required: Type.Optional(Type.Boolean()),
  sort_order: Type.Optional(Type.Integer()),
}, { additionalProperties: false });
export const CustomFieldUpdate = Type.Partial(Type.Omit(CustomFieldCreate, ['key', 'type']), { additionalProperties: false });
export const CustomFieldList = List(CustomField, 'The store\'s custom fields.');

export type Contact = Static<typeof Contact>;
export type Address = Static<typeof Address>;
export type Customer = Static<typeof Customer>;
export type CustomerCreate = Static<typeof CustomerCreate>;
export type CustomerUpdate = Static<typeof CustomerUpdate>;
export type CustomerListQuery = Static<typeof CustomerListQuery>;
export type CustomerList = Static<typeof CustomerList>;
export type ContactInput = Static<typeof ContactInput>;
export type AddressInput = Static<typeof AddressInput>;
export type CustomField = Static<typeof CustomField>;
export type CustomFieldCreate = Static<typeof CustomFieldCreate>;
export type CustomFieldUpdate = Static<typeof CustomFieldUpdate>;
export type CustomFieldList = Static<typeof CustomFieldList>;
