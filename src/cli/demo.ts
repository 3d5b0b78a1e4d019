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
  let batch: CustomerCreate[] = [];
  let count = 0;
  const flush = async () => {
    const customers = batch;
    batch = [];
    await inTransaction(ctx, async (tx) => {
      for (const customer of customers) await createCustomer(tx, customer);
    });
    count += customers.length;
  };
  for await (const customer of readRetailCustomers(dataset)) {
    batch.push(customer);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { loaded: true, customers: count };
}

/** One customer per CustomerID (written as a float, 17850.0), with the first country seen for it. */
async function* readRetailCustomers(path: string): AsyncGenerator<CustomerCreate> {
  const seen = new Set<string>();
  const parser = createReadStream(path).pipe(createGunzip()).pipe(parse({ columns: true }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const raw = record.CustomerID?.trim();
    if (!raw) continue;
    const id = String(Math.trunc(Number(raw)));
    if (seen.has(id)) continue;
    seen.add(id);
    const country = countryCode(record.Country ?? '');
    yield {
      type: 'business', name: `Customer ${id}`, code: id, external_ids: { online_retail: id },
      addresses: country ? [{ country, is_billing: true, is_shipping: true }] : [],
    };
  }
}
