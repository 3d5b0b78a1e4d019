import type { Insertable } from 'kysely';
import { withPlannerSettings } from '../../db/database.ts';
import { ClienteleError, type FieldError } from '../../lib/errors.ts';
import { divideHalfEven } from '../../lib/money.ts';
import { cursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../lib/paging.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { changeGroupsOfCustomers, setCustomerGroups } from '../groups/membership.ts';
import { changeTagsOfCustomers, removeAllCustomerTags, setCustomerTags } from '../tags/assignments.ts';
import { resolveTagCondition } from '../tags/condition.ts';
import { answeredByBits, BITS_PLANNER, matchBits } from './bits.ts';
import { resolveCustomFieldValues } from './custom-fields.ts';
import * as queries from './queries.ts';
import {
  type AddressInput, type ContactInput, type Customer, type CustomerBulkGroups, type CustomerBulkGroupsResult, type CustomerBulkTags, type CustomerBulkTagsResult, type CustomerCreate, type CustomerList, type CustomerListQuery, type CustomerSearch,
  type CustomerSearchFilter, type CustomerUpdate, LOOKUP_TOTAL_CAP, SORT_KEYS, type SortKey,
} from './schema.ts';
import type { CustomerAddressesTable, CustomerContactsTable } from './tables.ts';

type CustomerRow = NonNullable<Awaited<ReturnType<typeof queries.findCustomer>>>;
type LockedRow = NonNullable<Awaited<ReturnType<typeof queries.lockCustomer>>>;

export function listCustomers(ctx: Ctx, query: CustomerListQuery): Promise<CustomerList> {
  return searchCustomers(ctx, query, '/query');
}

/** One page of the customers that match the filters and the tag condition, with their total (capped for a text lookup). */
export async function searchCustomers(ctx: Ctx, query: CustomerSearch, pointer = ''): Promise<CustomerList> {
  requireRight(ctx, 'view_customers');
  const sort = parseSort(query.sort, pointer);
  const filter = await resolveFilter(ctx, query, pointer);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor ? decodeCursor(query.cursor, sort.length + 1, `${pointer}/cursor`) : undefined;
  const pageRows = () => queries.forLookup(ctx.db, filter, (db) => queries.listCustomerPage(db, ctx.tenantId, filter, sort, limit + 1, after));
  const counted = () => queries.forLookup(ctx.db, filter, (db) => queries.countCustomers(db, ctx.tenantId, filter, LOOKUP_TOTAL_CAP));
  // A text lookup's page counts its matches as it reads them (queries.lookupCount): a second read of a common
  // surname's thousands of rows was half of a lookup's time. Any other list counts beside its page.
  let rows: Awaited<ReturnType<typeof pageRows>>;
  let count: queries.CustomerCount;
  if (queries.lookupText(filter)) {
    rows = await pageRows();
    count = queries.lookupCount(rows, after) ?? await counted();
  } else if (answeredByBits(filter)) {
    // The bits give the total, and the page's plan: few matches are read by number, many by a walk (bits.ts).
    [rows, count] = await withPlannerSettings(ctx.db, BITS_PLANNER, async (db) => {
      const matches = await matchBits(db, ctx.tenantId, filter, limit + 1, queries.walkedSlice(filter, sort));
      return [await queries.listCustomerPage(db, ctx.tenantId, filter, sort, limit + 1, after, matches), { total: matches.total, capped: false }] as const;
    });
  } else {
    [rows, count] = await Promise.all([pageRows(), counted()]);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1) as (CustomerRow & Record<string, unknown>) | undefined;
  const nextCursor = rows.length > limit && last
    ? encodeCursor([...sort.map((_, i) => cursorValue(last[`sort_${i}`])), last.id])
    : null;
  return { items: page.map(toCustomer), total: count.total, total_capped: count.capped, next_cursor: nextCursor };
}

/** The filter as the queries take it, with its tags checked (422 with the pointer of an unknown one). */
export async function resolveFilter(ctx: Ctx, search: CustomerSearchFilter, pointer = ''): Promise<queries.CustomerFilter> {
  return {
    q: search.q, type: search.type, country: search.country, createdFrom: search.created_from, createdTo: search.created_to,
    tags: await resolveTagCondition(ctx, search, pointer), vip: search.vip, groupId: search.group_id,
  };
}

export async function getCustomer(ctx: Ctx, id: string): Promise<Customer> {
  requireRight(ctx, 'view_customers');
  const row = await queries.findCustomer(ctx.db, ctx.tenantId, id);
  if (!row) throw ClienteleError.notFound('customer');
  return toCustomer(row);
}

export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<Customer> {
  requireRight(ctx, 'manage_customers');
  if (input.tag_ids?.length) requireRight(ctx, 'assign_customer_tags');
  if (input.group_ids?.length) requireRight(ctx, 'assign_customers_to_groups');
  return inTransaction(ctx, async (tx) => {
    const customFields = await resolveCustomFieldValues(tx, {}, input.custom_fields);
    const code = input.code?.trim() || null;
    await assertCodeFree(tx, code);
    const contacts = input.contacts ?? [];
    const addresses = settleDefaults(input.addresses ?? []);
    const row = await queries.insertCustomer(tx.db, {
      tenant_id: tx.tenantId, type: input.type, name: input.name.trim(), company_name: input.company_name ?? null,
      vat_number: input.vat_number ?? null, code, external_ids: JSON.stringify(input.external_ids ?? {}), notes: input.notes ?? null,
      payment_terms: input.payment_terms ?? null, custom_fields: JSON.stringify(customFields),
      country: countryOf(addresses), search_text: searchTextOf({ ...input, code, contacts, addresses }),
    });
    await writeChildren(tx, row.id, contacts, addresses);
    if (input.tag_ids?.length) await setCustomerTags(tx, row.id, input.tag_ids);
    if (input.group_ids?.length) await setCustomerGroups(tx, row.id, input.group_ids);
    return toCustomer((await queries.findCustomer(tx.db, tx.tenantId, row.id))!);
  });
}

/**
 * Changes the fields sent. `expectedVersion` (from If-Match) guards against a lost update: 412 when stale.
 * tag_ids alone needs only "Assign tags to the customer", so a till that tags cannot edit the rest.
 */
export async function updateCustomer(ctx: Ctx, id: string, changes: CustomerUpdate, expectedVersion?: number): Promise<Customer> {
  const { tag_ids: tagIds, group_ids: groupIds, ...fields } = changes;
  if (Object.keys(fields).length > 0 || (tagIds === undefined && groupIds === undefined)) requireRight(ctx, 'manage_customers');
  if (tagIds !== undefined) requireRight(ctx, 'assign_customer_tags');
  if (groupIds !== undefined) requireRight(ctx, 'assign_customers_to_groups');
  return inTransaction(ctx, async (tx) => {
    const current = await lockForChange(tx, id, expectedVersion);
    if (tagIds !== undefined) await setCustomerTags(tx, id, tagIds);
    if (groupIds !== undefined) await setCustomerGroups(tx, id, groupIds);
    if (Object.keys(fields).length === 0) return toCustomer((await queries.findCustomer(tx.db, tx.tenantId, id))!);
    const customFields = changes.custom_fields === undefined
      ? undefined
      : await resolveCustomFieldValues(tx, current.custom_fields, changes.custom_fields);
    const code = changes.code === undefined ? undefined : changes.code?.trim() || null;
    if (code !== undefined && code !== current.code) await assertCodeFree(tx, code);
    const addresses = changes.addresses === undefined ? undefined : settleDefaults(changes.addresses);
    if (changes.contacts !== undefined || addresses !== undefined) {
      await writeChildren(tx, id, changes.contacts, addresses);
    }
    await queries.updateCustomer(tx.db, tx.tenantId, current, {
      type: changes.type, name: changes.name?.trim(), company_name: changes.company_name, vat_number: changes.vat_number, code,
      external_ids: changes.external_ids === undefined ? undefined : JSON.stringify(changes.external_ids),
      notes: changes.notes, payment_terms: changes.payment_terms,
      custom_fields: customFields === undefined ? undefined : JSON.stringify(customFields),
      ...(addresses !== undefined && { country: countryOf(addresses) }),
    });
    return saveSearchText(tx, id);
  });
}

export async function deleteCustomer(ctx: Ctx, id: string, expectedVersion?: number): Promise<void> {
  requireRight(ctx, 'manage_customers');
  await inTransaction(ctx, async (tx) => {
    await lockForChange(tx, id, expectedVersion);
    await removeAllCustomerTags(tx, id);
    await queries.deleteCustomer(tx.db, tx.tenantId, id);
  });
}

/** Reads the customer as saved and stores what the till's lookup searches. */
async function saveSearchText(tx: TxCtx, id: string): Promise<Customer> {
  const customer = toCustomer((await queries.findCustomer(tx.db, tx.tenantId, id))!);
  await queries.updateSearch(tx.db, tx.tenantId, id, searchTextOf(customer));
  return customer;
}

async function lockForChange(tx: TxCtx, id: string, expectedVersion: number | undefined): Promise<LockedRow> {
  const current = await queries.lockCustomer(tx.db, tx.tenantId, id);
  if (!current) throw ClienteleError.notFound('customer');
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new ClienteleError('precondition_failed', 'precondition_failed',
      `Someone changed this customer since you read it (version ${expectedVersion}, now ${current.version}); read it again.`);
  }
  return current;
}

export function parseSort(sort: string | undefined, pointer = ''): queries.SortTerm[] {
  const terms = (sort ?? 'name').split(',').map((part) => ({
    key: part.replace(/^-/, '') as SortKey, descending: part.startsWith('-'),
  }));
  const keys = new Set(terms.map((term) => term.key));
  if (keys.size !== terms.length || !terms.every((term) => SORT_KEYS.includes(term.key))) {
    throw ClienteleError.invalid([{ field: `${pointer}/sort`, code: 'request.sort', message: 'Each sort key may appear once.' }]);
  }
  return terms;
}

async function assertCodeFree(tx: TxCtx, code: string | null) {
  if (code && (await queries.findCustomerIdByCode(tx.db, tx.tenantId, code))) {
    throw new ClienteleError('conflict', 'customer.code_taken', `Another customer already has the code "${code}".`, { field: '/code' });
  }
}

/** One default billing and one default shipping address at most; the first of each kind when none is marked. */
function settleDefaults(addresses: AddressInput[]): AddressInput[] {
  const errors: FieldError[] = [];
  for (const kind of ['billing', 'shipping'] as const) {
    const flag = `is_default_${kind}` as const;
    const marked = addresses.flatMap((address, i) => (address[flag] ? [i] : []));
    for (const i of marked.slice(1)) {
      errors.push({ field: `/addresses/${i}/${flag}`, code: 'customer.address_default_twice', message: `Only one address can be the default ${kind} address.` });
    }
    for (const i of marked) {
      if (!addresses[i]![`is_${kind}`]) {
        errors.push({ field: `/addresses/${i}/${flag}`, code: 'customer.address_default_kind', message: `The default ${kind} address must be a ${kind} address.` });
      }
    }
  }
  if (errors.length > 0) throw ClienteleError.invalid(errors);
  const firstBilling = addresses.some((a) => a.is_default_billing) ? -1 : addresses.findIndex((a) => a.is_billing);
  const firstShipping = addresses.some((a) => a.is_default_shipping) ? -1 : addresses.findIndex((a) => a.is_shipping);
  return addresses.map((address, i) => ({
    ...address,
    is_default_billing: Boolean(address.is_default_billing) || i === firstBilling,
    is_default_shipping: Boolean(address.is_default_shipping) || i === firstShipping,
  }));
}

function countryOf(addresses: AddressInput[]): string | null {
  return (addresses.find((a) => a.is_default_billing) ?? addresses[0])?.country ?? null;
}

async function writeChildren(tx: TxCtx, customerId: string, contacts?: ContactInput[], addresses?: AddressInput[]) {
  const base = { tenant_id: tx.tenantId, customer_id: customerId };
  if (contacts !== undefined) {
    await queries.replaceContacts(tx.db, tx.tenantId, customerId, contacts.map((contact, position): Insertable<CustomerContactsTable> => ({
      ...base, position, name: contact.name ?? null, email: contact.email ?? null, phones: contact.phones ?? [],
    })));
  }
  if (addresses !== undefined) {
    await queries.replaceAddresses(tx.db, tx.tenantId, customerId, addresses.map((a, position): Insertable<CustomerAddressesTable> => ({
      ...base, position, label: a.label ?? null, line1: a.line1 ?? null, line2: a.line2 ?? null, city: a.city ?? null, region: a.region ?? null,
      postal_code: a.postal_code ?? null, country: a.country ?? null, is_billing: a.is_billing ?? false, is_shipping: a.is_shipping ?? false,
      is_default_billing: a.is_default_billing ?? false, is_default_shipping: a.is_default_shipping ?? false,
    })));
  }
}

/** What the till's lookup searches: names, code, VAT number, contacts (phones also as digits only), addresses. */
type Searchable = Pick<CustomerCreate, 'name' | 'company_name' | 'code' | 'vat_number'> & {
  contacts: Pick<ContactInput, 'name' | 'email' | 'phones'>[];
  addresses: Pick<AddressInput, 'line1' | 'line2' | 'city' | 'region' | 'postal_code'>[];
};

function searchTextOf(customer: Searchable): string {
  const parts = [customer.name, customer.company_name, customer.code, customer.vat_number];
  for (const contact of customer.contacts) {
    const phones = contact.phones ?? [];
    parts.push(contact.name, contact.email, ...phones, ...phones.map((phone) => phone.replace(/\D/g, '')));
  }
  for (const address of customer.addresses) parts.push(address.line1, address.line2, address.city, address.region, address.postal_code);
  return parts.filter(Boolean).join(' | ').toLowerCase();
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id, type: row.type, name: row.name, company_name: row.company_name, vat_number: row.vat_number, code: row.code,
    external_ids: row.external_ids, notes: row.notes, payment_terms: row.payment_terms as Customer['payment_terms'],
    custom_fields: row.custom_fields, country: row.country, version: row.version,
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(), tag_ids: row.tag_ids,
    group_ids: row.groups.filter((g) => g.kind === 'static').map((g) => g.group_id),
    groups: row.groups.map((g) => ({ ...g, since: new Date(g.since).toISOString() })), vip: row.groups.some((g) => g.vip),
    contacts: row.contacts,
    addresses: row.addresses,
    order_count: row.order_count, total_sales: row.total_sales, gross_margin: row.gross_margin,
    average_order_size: averageOrderSize(row),
    first_purchase_at: row.first_purchase_at?.toISOString() ?? null, last_purchase_at: row.last_purchase_at?.toISOString() ?? null,
    store_credit: row.store_credit, on_account: row.on_account, credit_limit: row.credit_limit, loyalty_points: row.loyalty_points,
  };
}

/** The one definition of average order size: net sales over orders, in minor units. */
export function averageOrderSize(row: { total_sales: number; order_count: number }): number {
  return row.order_count > 0 ? divideHalfEven(row.total_sales, row.order_count) : 0;
}

/** Adds and removes static groups for every customer the search matches, in one transaction. */
export async function bulkGroupCustomers(ctx: Ctx, input: CustomerBulkGroups): Promise<CustomerBulkGroupsResult> {
  requireRight(ctx, 'view_customers');
  if (!input.add?.length && !input.remove?.length) {
    throw ClienteleError.invalid([{ field: '/add', code: 'request.nothing_to_do', message: 'Give groups to add, to remove, or both.' }]);
  }
  const filter = await resolveFilter(ctx, input.search, '/search');
  return changeGroupsOfCustomers(ctx, (tx) => queries.filtered(tx.db, tx.tenantId, filter).select('customers.id'), input.add ?? [], input.remove ?? []);
}

/** Adds and removes tags on every customer the search matches, in one transaction. */
export async function bulkTagCustomers(ctx: Ctx, input: CustomerBulkTags): Promise<CustomerBulkTagsResult> {
  requireRight(ctx, 'view_customers');
  if (!input.add?.length && !input.remove?.length) {
    throw ClienteleError.invalid([{ field: '/add', code: 'request.nothing_to_do', message: 'Give tags to add, to remove, or both.' }]);
  }
  const filter = await resolveFilter(ctx, input.search, '/search');
  const { matched, changed } = await changeTagsOfCustomers(ctx, (tx) => queries.filtered(tx.db, tx.tenantId, filter).select('customers.id'),
    input.add ?? [], input.remove ?? []);
  return { matched, changed };
}

/** How an import names a customer: by id, code, any contact's email, or the id in another system. */
export type CustomerKeyKind = 'id' | 'code' | 'email' | 'external';
export type CustomerKey = { kind: Exclude<CustomerKeyKind, 'external'>; value: string } | { kind: 'external'; system: string; value: string };

export function customerKeyString(key: CustomerKey): string {
  return key.kind === 'external' ? `external:${key.system}:${key.value}` : `${key.kind}:${key.value}`;
}

/**
 * The customers each key names, keyed by customerKeyString: one id, or several when an email is shared. Keys
 * are looked up a few thousand at a time, each batch one indexed statement.
 */
export async function customersByKey(ctx: Ctx, keys: CustomerKey[]): Promise<Map<string, string[]>> {
  requireRight(ctx, 'view_customers');
  const found = new Map<string, string[]>();
  const add = (key: string, id: string) => found.set(key, [...(found.get(key) ?? []), id]);
  // Map.groupBy would do, but Node 20 lacks it.
  const byKind = new Map<string, CustomerKey[]>();
  for (const key of keys) {
    const kind = key.kind === 'external' ? `external:${key.system}` : key.kind;
    const group = byKind.get(kind);
    if (group) group.push(key);
    else byKind.set(kind, [key]);
  }
  for (const [kind, group] of byKind) {
    const values = [...new Set(group.map((key) => key.value))];
    for (let i = 0; i < values.length; i += 5000) {
      const batch = values.slice(i, i + 5000);
      const first = group[0]!;
      const rows = first.kind === 'external'
        ? await queries.customersByExternalId(ctx.db, ctx.tenantId, first.system, batch)
        : await queries.customersByKey(ctx.db, ctx.tenantId, first.kind, batch);
      for (const row of rows) add(`${kind}:${row.key}`, row.id);
    }
  }
  return found;
}

/** A customer an import creates from what a file says of it: a name, its id in the file's system, a country. */
export interface CustomerSeed {
  type: 'consumer' | 'business';
  name: string;
  external_ids: Record<string, string>;
  /** ISO 3166 code; kept as the customer's one address (billing and shipping), as a form would save it. */
  country: string | null;
}

/**
 * Creates many customers at once in the caller's transaction, with their tallies and lookup text as
 * createCustomer writes them; answers each new customer's id with its external ids.
 */
export async function createCustomersInBulk(tx: TxCtx, seeds: CustomerSeed[]): Promise<{ id: string; external_ids: Record<string, string> }[]> {
  requireRight(tx, 'manage_customers');
  if (seeds.length === 0) return [];
  const rows = await queries.insertCustomers(tx.db, tx.tenantId, seeds.map((seed) => {
    const name = seed.name.trim();
    return {
      tenant_id: tx.tenantId, type: seed.type, name, external_ids: JSON.stringify(seed.external_ids), custom_fields: '{}', country: seed.country,
      search_text: searchTextOf({ name, company_name: null, code: null, vat_number: null, contacts: [], addresses: [] }),
    };
  }));
  await queries.insertAddresses(tx.db, rows.flatMap((row) => (row.country ? [{
    tenant_id: tx.tenantId, customer_id: row.id, position: 0, label: null, line1: null, line2: null, city: null, region: null, postal_code: null,
    country: row.country, is_billing: true, is_shipping: true, is_default_billing: true, is_default_shipping: true,
  }] : [])));
  return rows.map((row) => ({ id: row.id, external_ids: row.external_ids }));
}
