import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Connection } from '../db/connect.ts';
import { countryCode } from '../lib/countries.ts';
import { inTransaction, type Ctx } from '../modules/access/context.ts';
import { ALL_RIGHTS } from '../modules/access/rights.ts';
import { createStore } from '../modules/access/stores.ts';
import { createUser } from '../modules/access/users.ts';
import type { CustomerCreate } from '../modules/customers/schema.ts';
import { createCustomer } from '../modules/customers/service.ts';
import { changeTagsOfCustomers } from '../modules/tags/assignments.ts';
import { createCategory, createTag } from '../modules/tags/service.ts';

export const DEMO_LOGIN = { email: 'demo@clientele.test', password: 'clientele-demo' };
export const DEFAULT_DATASET = fileURLToPath(new URL('../../../shared/datasets/online-retail/online-retail.csv.gz', import.meta.url));
export const ATTRIBUTION = 'Demo customers: Daqing Chen (2015), Online Retail, UCI Machine Learning Repository, '
  + 'doi:10.24432/C5BW33, licensed CC BY 4.0.';

// Each batch is its own transaction, so a server already listening keeps answering between batches.
const BATCH = 250;

/** Fills an empty database with a demo store, its owner user, and one customer per Online Retail CustomerID. */
export async function loadDemo(connection: Connection, dataset: string): Promise<{ loaded: boolean; customers: number }> {
  const existing = await connection.db.selectFrom('stores').select('tenant_id').limit(1).executeTakeFirst();
  if (existing) return { loaded: false, customers: 0 };
  const { store, owner_role_id: ownerRoleId } = await createStore(connection.db, { name: 'Demo store', currency: 'GBP', locale: 'en' });
  const ctx: Ctx = { db: connection.db, tenantId: store.id, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  await createUser(ctx, { email: DEMO_LOGIN.email, name: 'Demo owner', password: DEMO_LOGIN.password, role_ids: [ownerRoleId] });
  if (!existsSync(dataset)) return { loaded: true, customers: 0 };
  const customers = await readRetailCustomers(dataset);
  const idByCode = new Map<string, string>();
  for (let i = 0; i < customers.length; i += BATCH) {
    await inTransaction(ctx, async (tx) => {
      for (const customer of customers.slice(i, i + BATCH)) {
        const created = await createCustomer(tx, asCustomer(customer));
        idByCode.set(customer.id, created.id);
      }
    });
  }
  await tagDemoCustomers(ctx, customers, idByCode);
  return { loaded: true, customers: customers.length };
}

interface RetailCustomer {
  id: string;
  country?: string;
  invoices: Set<string>;
  /** Net spend in pence over the whole data set, cancellations taken off. */
  spend: number;
  lastPurchase: string;
}

/** One customer per CustomerID (written as a float, 17850.0), with its first country and what it bought. */
async function readRetailCustomers(path: string): Promise<RetailCustomer[]> {
  const customers = new Map<string, RetailCustomer>();
  const parser = createReadStream(path).pipe(createGunzip()).pipe(parse({ columns: true }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const raw = record.CustomerID?.trim();
    if (!raw) continue;
    const id = String(Math.trunc(Number(raw)));
    let customer = customers.get(id);
    if (!customer) customers.set(id, (customer = { id, country: countryCode(record.Country ?? ''), invoices: new Set(), spend: 0, lastPurchase: '' }));
    const invoice = record.InvoiceNo ?? '';
    if (!invoice.startsWith('C')) customer.invoices.add(invoice);
    customer.spend += Math.round(Number(record.Quantity) * Number(record.UnitPrice) * 100);
    const day = (record.InvoiceDate ?? '').slice(0, 10); // 2010-12-01 08:26:00
    if (day > customer.lastPurchase) customer.lastPurchase = day;
  }
  return [...customers.values()];
}


const EU = new Set(['AT', 'BE', 'CY', 'CZ', 'DE', 'DK', 'ES', 'FI', 'FR', 'GR', 'IE', 'IT', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'SE']);

// The tags a merchant of this shop would make, each with the rule that picks its customers.
const DEMO_TAGS: { category: string; singleChoice: boolean; colour: string; tags: { name: string; colour: string; rule: (c: RetailCustomer) => boolean }[] }[] = [
  { category: 'Customer groups', singleChoice: true, colour: '#1c7ed6', tags: [
    { name: 'Wholesaler', colour: '#1c7ed6', rule: (c) => c.spend >= 500_000 },
    { name: 'Retail', colour: '#0c8599', rule: (c) => c.spend < 500_000 },
  ] },
  { category: 'Loyalty', singleChoice: false, colour: '#f59f00', tags: [
    { name: 'VIP', colour: '#f59f00', rule: (c) => c.spend >= 1_000_000 },
    { name: 'Repeat buyer', colour: '#37b24d', rule: (c) => c.invoices.size >= 5 },
    { name: 'One-time buyer', colour: '#868e96', rule: (c) => c.invoices.size === 1 },
    { name: 'Lapsed', colour: '#e03131', rule: (c) => c.lastPurchase < '2011-09-01' },
  ] },
  { category: 'Region', singleChoice: true, colour: '#7048e8', tags: [
    { name: 'United Kingdom', colour: '#7048e8', rule: (c) => c.country === 'GB' },
    { name: 'European Union', colour: '#9775fa', rule: (c) => c.country !== undefined && EU.has(c.country) },
    { name: 'Rest of the world', colour: '#9c36b5', rule: (c) => c.country !== 'GB' && !(c.country && EU.has(c.country)) },
  ] },
];

function asCustomer(customer: RetailCustomer): CustomerCreate {
  return {
    type: 'business', name: `Customer ${customer.id}`, code: customer.id, external_ids: { online_retail: customer.id },
    addresses: customer.country ? [{ country: customer.country, is_billing: true, is_shipping: true }] : [],
  };
}

/** Makes the demo's tag categories and tags, and gives each to the customers its rule picks. */
async function tagDemoCustomers(ctx: Ctx, customers: RetailCustomer[], idByCode: Map<string, string>) {
  for (const group of DEMO_TAGS) {
    const category = await createCategory(ctx, { name: group.category, single_choice: group.singleChoice, colour: group.colour });
    for (const definition of group.tags) {
      const tag = await createTag(ctx, { category_id: category.id, name: definition.name, colour: definition.colour });
      const ids = customers.filter(definition.rule).map((c) => idByCode.get(c.id)!);
      await changeTagsOfCustomers(ctx, ids, [tag.id], []);
    }
  }
}
