import { type Static, Type } from 'typebox';
import { List, StringEnum, Timestamp } from '../../http/schemas.ts';
import { MAX_PAGE_SIZE } from '../../lib/paging.ts';
import { CustomerMembership } from '../groups/schema.ts';
import { Actor, tagConditionFields } from '../tags/schema.ts';

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
  tag_ids: Type.Array(Type.String({ format: 'uuid' }), { description: 'The customer\'s tags, in the order the store made them; GET /v1/customers/{id}/tags says who assigned each, and when.' }),
  group_ids: Type.Array(Type.String({ format: 'uuid' }), { description: 'The static groups the customer was put in; PATCH replaces them.' }),
  groups: Type.Array(CustomerMembership, { description: 'Every group the customer is in, frequency groups with their level, in creation order.' }),
  vip: Type.Boolean({ description: 'In a VIP group, or at a VIP level of a frequency group.' }),
  version: Type.Integer({ description: 'Rises with every change, a recorded sale or balance entry included; the ETag carries it.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
  order_count: Type.Integer({ description: 'Sales recorded for the customer; returns and cancellations do not count.' }),
  total_sales: Type.Integer({ description: 'Net sales (without tax), returns taken off, in minor units.' }),
  gross_margin: Type.Integer({ description: 'Net sales less cost, in minor units.' }),
  average_order_size: Type.Integer({ description: 'total_sales / order_count, rounded half to even; 0 with no orders.' }),
  first_purchase_at: Nullable(Timestamp),
  last_purchase_at: Nullable(Timestamp),
  store_credit: Type.Integer({ description: 'Minor units; GET /v1/customers/{id}/balance-entries has the ledger.' }),
  on_account: Type.Integer({ description: 'Minor units; negative when the customer owes the store.' }),
  credit_limit: Type.Integer({ description: 'How far below zero on_account may go, in minor units.' }),
  loyalty_points: Type.Integer(),
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
  tag_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), {
    uniqueItems: true, maxItems: 200,
    description: 'Replaces the customer\'s tags when given; needs the right "Assign tags to the customer". An archived tag can stay but not be added.',
  })),
  group_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), {
    uniqueItems: true, maxItems: 100,
    description: 'Replaces the customer\'s static groups when given; needs the right "Assign customers to groups". Frequency groups cannot be set: customers qualify for them.',
  })),
};
export const CustomerCreate = Type.Object(writable, { additionalProperties: false });
export const CustomerUpdate = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  description: 'Only the fields sent change.',
});

export const SORT_KEYS = ['name', 'created_at', 'updated_at', 'code', 'country', 'type'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const filterFields = {
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text lookup: any part of a name, email, phone, code or address.' })),
  type: Type.Optional(CustomerType),
  country: Type.Optional(Country),
  created_from: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after.' })),
  created_to: Type.Optional(Type.String({ format: 'date-time', description: 'Created before.' })),
  vip: Type.Optional(Type.Boolean({ description: 'VIP customers only (true) or everyone else (false): VIP by a group or a level.' })),
  group_id: Type.Optional(Type.String({ format: 'uuid', description: 'Customers in this group (static or frequency), as it stands.' })),
};
const pageFields = {
  sort: Type.Optional(Type.String({
    pattern: `^-?(${SORT_KEYS.join('|')})(,-?(${SORT_KEYS.join('|')}))*$`,
    description: `Comma-separated sort keys (${SORT_KEYS.join(', ')}), - for descending; default name.`,
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page.' })),
};
export const CustomerListQuery = Type.Object({ ...filterFields, ...pageFields }, { additionalProperties: false });

/** Every filter of the list plus the tag condition: what a search, a saved search and a bulk action select. */
export const CustomerSearchFilter = Type.Object({ ...filterFields, ...tagConditionFields }, {
  additionalProperties: false,
  description: 'Customers that match every filter given; all / any / none are AND / OR / NONE of tag ids.',
});

export const EXPORT_COLUMNS = [
  'id', 'code', 'type', 'name', 'company_name', 'vat_number', 'email', 'phone', 'address', 'city', 'postal_code', 'country',
  'payment_terms', 'notes', 'tags', 'groups', 'vip', 'external_ids', 'created_at', 'updated_at',
  'order_count', 'total_sales', 'gross_margin', 'average_order_size', 'first_purchase_at', 'last_purchase_at',
  'store_credit', 'on_account', 'credit_limit', 'loyalty_points',
] as const;
export const DEFAULT_EXPORT_COLUMNS = ['id', 'code', 'type', 'name', 'company_name', 'email', 'phone', 'country', 'tags', 'created_at'] as const;
export const ExportColumns = Type.Array(Type.String({
  pattern: `^(${EXPORT_COLUMNS.join('|')}|custom_fields\\.[a-z][a-z0-9_]{0,39})$`,
  description: `One of ${EXPORT_COLUMNS.join(', ')}, or custom_fields.<key>.`,
}), {
  minItems: 1, maxItems: 60, uniqueItems: true,
  description: `The CSV's columns, in order; default ${DEFAULT_EXPORT_COLUMNS.join(', ')}. email and phone are the first contact's; address, city and postal_code the default billing address's; tags reads "Category: Tag; ..."; groups reads "Group (Level); ..." in creation order; vip is true or false. Money columns (total_sales, gross_margin, average_order_size, store_credit, on_account, credit_limit) are decimals in the store's currency, 1234.50.`,
});

export const CustomerSearch = Type.Object({
  ...filterFields, ...tagConditionFields, ...pageFields,
  columns: Type.Optional(ExportColumns),
}, {
  additionalProperties: false,
  description: 'Filters, tag condition, sort and page. Answered as JSON, or as CSV of every match with Accept: text/csv or ?format=csv.',
});
export const CustomerSearchQuery = Type.Object({
  format: Type.Optional(StringEnum(['json', 'csv'], { description: 'csv streams every match as CSV, as Accept: text/csv does.' })),
}, { additionalProperties: false });

export const CustomerBulkTags = Type.Object({
  search: CustomerSearchFilter,
  add: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 200, description: 'Tags every match gets. A tag of a single-choice category replaces the customer\'s other tag of that category.' })),
  remove: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 200, description: 'Tags every match loses.' })),
}, { additionalProperties: false });
export const CustomerBulkGroups = Type.Object({
  search: CustomerSearchFilter,
  add: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 100, description: 'Static groups every match is put in. With the store\'s one-group rule on, one group, which moves them.' })),
  remove: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 100, description: 'Static groups every match is taken out of.' })),
}, { additionalProperties: false });
export const CustomerBulkGroupsResult = Type.Object({
  matched: Type.Integer({ description: 'Customers the search selected.' }),
  changed: Type.Integer({ description: 'Customers whose groups changed.' }),
});

export const CustomerBulkTagsResult = Type.Object({
  matched: Type.Integer({ description: 'Customers the search selected.' }),
  changed: Type.Integer({ description: 'Customers whose tags changed.' }),
});

export const SavedSearchBody = Type.Object({
  ...filterFields, ...tagConditionFields,
  sort: pageFields.sort,
  columns: Type.Optional(ExportColumns),
}, { additionalProperties: false, description: 'The search as POST /v1/customers/search takes it, without the page.' });
export const SavedSearch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  search: SavedSearchBody,
  created_by: Actor,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export const SavedSearchCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique in the store, without regard to case.' }),
  search: SavedSearchBody,
}, { additionalProperties: false });
export const SavedSearchUpdate = Type.Partial(SavedSearchCreate, { additionalProperties: false });
export const SavedSearchList = List(SavedSearch, 'The store\'s saved customer searches, by name.');

/**
 * A text lookup (q) counts its matches up to this many: counting every match of a common surname in a large store
 * costs more than the till may wait. Chosen by measurement (BENCHMARKS.md, "Findings, till lookup").
 */
export const LOOKUP_TOTAL_CAP = 1000;

const customerPage = List(Customer, 'A page of customers.');
export const CustomerList = Type.Object({
  items: customerPage.properties.items,
  total: Type.Integer({
    description: `How many match the filters, across all pages. With a text lookup (q) the count stops at ${LOOKUP_TOTAL_CAP.toLocaleString('en-GB')}: `
      + `then total is ${LOOKUP_TOTAL_CAP} and total_capped is true. Without q it is exact.`,
  }),
  total_capped: Type.Boolean({
    description: `True when more than ${LOOKUP_TOTAL_CAP.toLocaleString('en-GB')} customers match a text lookup, so total is that cap and the list `
      + 'holds more ("1,000+"); paging still reaches every match, and exports and bulk changes still take every match.',
  }),
  next_cursor: customerPage.properties.next_cursor,
}, { description: 'A page of customers.' });

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
export type CustomerSearchFilter = Static<typeof CustomerSearchFilter>;
export type CustomerSearch = Static<typeof CustomerSearch>;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number] | `custom_fields.${string}`;
export type CustomerBulkTags = Static<typeof CustomerBulkTags>;
export type CustomerBulkTagsResult = Static<typeof CustomerBulkTagsResult>;
export type CustomerBulkGroups = Static<typeof CustomerBulkGroups>;
export type CustomerBulkGroupsResult = Static<typeof CustomerBulkGroupsResult>;
export type SavedSearchBody = Static<typeof SavedSearchBody>;
export type SavedSearch = Static<typeof SavedSearch>;
export type SavedSearchCreate = Static<typeof SavedSearchCreate>;
export type SavedSearchUpdate = Static<typeof SavedSearchUpdate>;
export type SavedSearchList = Static<typeof SavedSearchList>;
export type CustomerList = Static<typeof CustomerList>;
export type ContactInput = Static<typeof ContactInput>;
export type AddressInput = Static<typeof AddressInput>;
export type CustomField = Static<typeof CustomField>;
export type CustomFieldCreate = Static<typeof CustomFieldCreate>;
export type CustomFieldUpdate = Static<typeof CustomFieldUpdate>;
export type CustomFieldList = Static<typeof CustomFieldList>;
