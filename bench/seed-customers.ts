// The seeded customers: the same stream of realistic customers (names, companies, contacts, addresses) on every
// machine for the same store and index, and the search text the app computes for each.
import { COMPANY_TRADES, COMPANY_WORDS, COUNTRIES, type Country, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREETS } from './names.ts';

export const SEED = 20261123;

// Rows as the tables hold them, and the customer as the API would show it (for search_text).
export interface Generated {
  customer: {
    id: string; type: 'consumer' | 'business'; name: string; company_name: string | null; vat_number: string | null; code: string;
    external_ids: Record<string, string>; notes: string | null; payment_terms: string | null; country: string | null;
    created_at: string; updated_at: string;
  };
  contacts: { name: string | null; email: string | null; phones: string[] }[];
  addresses: {
    label: string | null; line1: string | null; line2: string | null; city: string | null; region: string | null; postal_code: string | null;
    country: string; is_billing: boolean; is_shipping: boolean; is_default_billing: boolean; is_default_shipping: boolean;
  }[];
}

/** sfc32: small, fast, and the same sequence on every machine. */
export function rng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return {
    next, int,
    pick: <T>(list: readonly T[]) => list[int(list.length)]!,
    chance: (percent: number) => next() * 100 < percent,
    digits: (n: number) => Array.from({ length: n }, () => int(10)).join(''),
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => int(16).toString(16));
      hex[12] = '4';
      hex[16] = (8 + int(4)).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
export type Random = ReturnType<typeof rng>;

const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
const START = Date.UTC(2021, 0, 1);
const SPAN = Date.UTC(2026, 10, 1) - START;
const LEGAL: Record<string, string> = { GB: 'Ltd', IE: 'Ltd', FR: 'SARL', DE: 'GmbH', NL: 'B.V.', ES: 'S.L.', BE: 'SRL', US: 'Inc.' };
const TERMS = ['due_on_receipt', 'net_7', 'net_15', 'net_30', 'net_30', 'net_45', 'net_60'];
const COUNTRY_WHEEL = COUNTRIES.flatMap((country) => Array<Country>(country.weight).fill(country));

function phone(r: Random, country: Country): string {
  return r.chance(50)
    ? `+${country.dial} ${1 + r.int(9)}${r.digits(2)} ${r.digits(3)} ${r.digits(4)}`
    : `0${1 + r.int(9)}${r.digits(2)} ${r.digits(3)} ${r.digits(4)}`;
}

function address(r: Random, country: Country, kind: 'both' | 'billing' | 'shipping') {
  const place = r.pick(country.cities);
  const letter = () => String.fromCharCode(65 + r.int(26));
  return {
    label: kind === 'both' ? null : kind === 'billing' ? 'Head office' : 'Warehouse',
    line1: `${1 + r.int(250)} ${r.pick(STREETS)}`,
    line2: r.chance(15) ? `Flat ${1 + r.int(40)}` : null,
    city: place.city, region: place.region, postal_code: place.postcode(() => r.int(10), letter), country: country.code,
    is_billing: kind !== 'shipping', is_shipping: kind !== 'billing',
    is_default_billing: kind !== 'shipping', is_default_shipping: kind !== 'billing',
  };
}

/** Customer `index` of a store; the same every run for the same (store, index) stream. */
export function customerAt(r: Random, index: number): Generated {
  const country = r.pick(COUNTRY_WHEEL);
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const business = r.chance(20);
  const created = START + r.int(SPAN);
  const updated = Math.min(START + SPAN, created + (r.chance(60) ? 0 : r.int(400 * 86_400_000)));
  const code = `CUS-${String(index + 1).padStart(7, '0')}`;
  const externalIds: Record<string, string> = r.chance(30) ? { shopify: `71${r.digits(11)}` } : {};
  if (!business) {
    const contacts = [{
      name: null,
      email: r.chance(90) ? `${ascii(first)}.${ascii(last)}${r.chance(50) ? r.int(100) : ''}@${r.pick(EMAIL_DOMAINS)}` : null,
      phones: r.chance(85) ? (r.chance(20) ? [phone(r, country), phone(r, country)] : [phone(r, country)]) : [],
    }];
    const addresses = r.chance(90) ? [address(r, country, 'both')] : [];
    return {
      customer: {
        id: r.uuid(), type: 'consumer', name: `${first} ${last}`, company_name: null, vat_number: null, code,
        external_ids: externalIds, notes: r.chance(5) ? 'Prefers receipts by email.' : null, payment_terms: null,
        country: addresses[0]?.country ?? null, created_at: new Date(created).toISOString(), updated_at: new Date(updated).toISOString(),
      },
      contacts: contacts.filter((c) => c.email || c.phones.length > 0),
      addresses,
    };
  }
  const trading = r.chance(50) ? `${last} ${r.pick(COMPANY_TRADES)}` : `${r.pick(COMPANY_WORDS)} ${r.pick(COMPANY_TRADES)}`;
  const domain = `${ascii(trading).slice(0, 20)}.${country.code === 'GB' ? 'co.uk' : country.code.toLowerCase()}`;
  const contacts = Array.from({ length: 1 + r.int(3) }, (_, i) => {
    const [f, l] = i === 0 ? [first, last] : [r.pick(FIRST_NAMES), r.pick(LAST_NAMES)];
    return { name: `${f} ${l}`, email: `${ascii(f)}.${ascii(l)}@${domain}`, phones: [phone(r, country)] };
  });
  const addresses = r.chance(30) ? [address(r, country, 'billing'), address(r, country, 'shipping')] : [address(r, country, 'both')];
  return {
    customer: {
      id: r.uuid(), type: 'business', name: trading, company_name: `${trading} ${LEGAL[country.code]}`,
      vat_number: `${country.code}${r.digits(9)}`, code, external_ids: externalIds, notes: null, payment_terms: r.pick(TERMS),
      country: country.code, created_at: new Date(created).toISOString(), updated_at: new Date(updated).toISOString(),
    },
    contacts, addresses,
  };
}

/**
 * The till's search text, written as the app writes it (searchTextOf in src/modules/customers/service.ts): names,
 * code, VAT number, each contact's name, email, phones and phones as digits, each address's lines, city, region and
 * postcode, joined with " | ", lower case. generate() checks it against a customer the API creates.
 */
export function searchTextOf(g: Generated): string {
  const parts: (string | null)[] = [g.customer.name, g.customer.company_name, g.customer.code, g.customer.vat_number];
  for (const contact of g.contacts) {
    parts.push(contact.name, contact.email, ...contact.phones, ...contact.phones.map((p) => p.replace(/\D/g, '')));
  }
  for (const a of g.addresses) parts.push(a.line1, a.line2, a.city, a.region, a.postal_code);
  return parts.filter(Boolean).join(' | ').toLowerCase();
}

/** A customer as POST /v1/customers takes it, for the long-work bench and the search_text check. */
export function customerInput(stream: number, index: number) {
  const g = customerAt(rng(SEED + stream + index * 7919), index);
  const { id: _id, country: _country, created_at: _c, updated_at: _u, ...customer } = g.customer;
  return { input: { ...customer, contacts: g.contacts, addresses: g.addresses }, generated: g };
}
