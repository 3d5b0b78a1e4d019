import type { Address, AddressInput, Contact, Customer, CustomerCreate, CustomFieldValue } from '../../api/customers';
import type { CustomField } from '../../api/custom-fields';

let nextKey = 0;
/** React keys for rows the user adds and removes; never sent to the API. */
const newKey = () => `row-${++nextKey}`;

/** The API's nullable text fields as inputs hold them: '' for none. */
type TextInputs<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

/** A row on screen: no id while editing (the API replaces the whole list), a React key instead. */
type Row<T extends { id: string }> = Omit<T, 'id'> & { key: string };

export type ContactValues = TextInputs<Row<Contact>, 'name' | 'email'>;
export type AddressValues = TextInputs<Row<Address>, 'label' | 'line1' | 'line2' | 'city' | 'region' | 'postal_code'>;

export type CustomFieldFormValue = CustomFieldValue | null;

type CustomerText = 'company_name' | 'vat_number' | 'code' | 'notes';

export type CustomerFormValues = TextInputs<Pick<Customer, 'type' | 'name' | 'payment_terms' | CustomerText>, CustomerText> & {
  contacts: ContactValues[];
  addresses: AddressValues[];
  custom_fields: Record<string, CustomFieldFormValue>;
  tag_ids: string[];
  /** The static groups the customer is in; frequency groups are not chosen by hand. */
  group_ids: string[];
};

export function emptyContact(): ContactValues {
  return { key: newKey(), name: '', email: '', phones: [''] };
}

export function emptyAddress(first: boolean): AddressValues {
  return {
    key: newKey(),
    label: '',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postal_code: '',
    country: null,
    is_billing: true,
    is_shipping: true,
    // The first address is the obvious default for both.
    is_default_billing: first,
    is_default_shipping: first,
  };
}

export function emptyCustomer(): CustomerFormValues {
  return {
    type: 'consumer',
    name: '',
    company_name: '',
    vat_number: '',
    code: '',
    payment_terms: null,
    notes: '',
    contacts: [],
    addresses: [],
    custom_fields: {},
    tag_ids: [],
    group_ids: [],
  };
}

export function toFormValues(customer: Customer): CustomerFormValues {
  return {
    type: customer.type,
    name: customer.name,
    company_name: customer.company_name ?? '',
    vat_number: customer.vat_number ?? '',
    code: customer.code ?? '',
    payment_terms: customer.payment_terms,
    notes: customer.notes ?? '',
    contacts: customer.contacts.map((contact) => ({
      key: newKey(),
      name: contact.name ?? '',
      email: contact.email ?? '',
      phones: contact.phones.length > 0 ? [...contact.phones] : [],
    })),
    addresses: customer.addresses.map((address) => ({
      key: newKey(),
      label: address.label ?? '',
      line1: address.line1 ?? '',
      line2: address.line2 ?? '',
      city: address.city ?? '',
      region: address.region ?? '',
      postal_code: address.postal_code ?? '',
      country: address.country,
      is_billing: address.is_billing,
      is_shipping: address.is_shipping,
      is_default_billing: address.is_default_billing,
      is_default_shipping: address.is_default_shipping,
    })),
    custom_fields: { ...customer.custom_fields },
    tag_ids: [...customer.tag_ids],
    group_ids: [...customer.group_ids],
  };
}

/**
 * Blank phone rows are dropped before saving, and the form keeps the same list, so an error at
 * /contacts/0/phones/1 still points at the second phone on screen.
 */
export function withoutBlankPhones(values: CustomerFormValues): CustomerFormValues {
  return {
    ...values,
    contacts: values.contacts.map((contact) => ({
      ...contact,
      phones: contact.phones.filter((phone) => phone.trim() !== ''),
    })),
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** `editing`: a PATCH merges custom field values, so an emptied field is sent as null to remove it. */
export function toCustomerInput(values: CustomerFormValues, fields: CustomField[], editing: boolean): CustomerCreate {
  const customFields: Record<string, CustomFieldValue | null> = {};
  for (const field of fields) {
    const value = values.custom_fields[field.key];
    const empty = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (editing) customFields[field.key] = null;
      continue;
    }
    customFields[field.key] = typeof value === 'string' ? value.trim() : value;
  }
  return {
    type: values.type,
    name: values.name.trim(),
    company_name: text(values.company_name),
    vat_number: text(values.vat_number),
    code: text(values.code),
    payment_terms: values.payment_terms,
    notes: text(values.notes),
    contacts: values.contacts.map((contact) => ({
      name: text(contact.name),
      email: text(contact.email),
      phones: contact.phones.map((phone) => phone.trim()),
    })),
    addresses: values.addresses.map(
      (address): AddressInput => ({
        label: text(address.label),
        line1: text(address.line1),
        line2: text(address.line2),
        city: text(address.city),
        region: text(address.region),
        postal_code: text(address.postal_code),
        country: address.country,
        is_billing: address.is_billing,
        is_shipping: address.is_shipping,
        is_default_billing: address.is_default_billing,
        is_default_shipping: address.is_default_shipping,
      }),
    ),
    custom_fields: customFields,
  };
}

/**
 * Tags are sent only by a user who may assign them, and only when they changed, so a save by someone
 * without the right (or with nothing to change) never asks for it.
 */
export function withTagIds(input: CustomerCreate, values: CustomerFormValues, canAssign: boolean, saved?: Customer): CustomerCreate {
  if (!canAssign) return input;
  const before = saved?.tag_ids ?? [];
  const changed = before.length !== values.tag_ids.length || values.tag_ids.some((id) => !before.includes(id));
  return changed ? { ...input, tag_ids: values.tag_ids } : input;
}

/**
 * Static groups are sent, like tags, only by a user who may assign customers to groups and only when they
 * changed: the list replaces the customer's static memberships.
 */
export function withGroupIds(input: CustomerCreate, values: CustomerFormValues, canAssign: boolean, saved?: Customer): CustomerCreate {
  if (!canAssign) return input;
  const before = saved?.group_ids ?? [];
  const changed = before.length !== values.group_ids.length || values.group_ids.some((id) => !before.includes(id));
  return changed ? { ...input, group_ids: values.group_ids } : input;
}

const TOP_FIELDS = new Set(['/type', '/name', '/company_name', '/vat_number', '/code', '/payment_terms', '/notes', '/tag_ids', '/group_ids']);
const CONTACT_FIELD = /^\/contacts(\/\d+(\/(name|email|phones)(\/\d+)?)?)?$/;
const ADDRESS_FIELD =
  /^\/addresses(\/\d+(\/(label|line1|line2|city|region|postal_code|country|is_billing|is_shipping|is_default_billing|is_default_shipping))?)?$/;

/** Whether the form has a place on screen for an error at this JSON pointer. */
export function isShownField(pointer: string, values: CustomerFormValues, fields: CustomField[]): boolean {
  if (TOP_FIELDS.has(pointer)) return true;
  if (CONTACT_FIELD.test(pointer)) return indexInRange(pointer, values.contacts.length);
  if (ADDRESS_FIELD.test(pointer)) return indexInRange(pointer, values.addresses.length);
  if (pointer === '/custom_fields' || /^\/(tag_ids|group_ids)\/\d+$/.test(pointer)) return true;
  const match = /^\/custom_fields\/(.+)$/.exec(pointer);
  return Boolean(match && fields.some((field) => field.key === decodePointer(match[1]!)));
}

function indexInRange(pointer: string, length: number): boolean {
  const index = pointer.split('/')[2];
  return index === undefined || Number(index) < length;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
