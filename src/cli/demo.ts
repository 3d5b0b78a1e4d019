import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../db/connect.ts';
import type { Ctx } from '../modules/access/context.ts';
import { ALL_RIGHTS } from '../modules/access/rights.ts';
import { createStore, updateStore } from '../modules/access/stores.ts';
import { createUser } from '../modules/access/users.ts';
import { listCustomers } from '../modules/customers/service.ts';
import { importSalesFile } from '../modules/imports/sales.ts';
import { addMembers } from '../modules/groups/membership.ts';
import { createGroup } from '../modules/groups/service.ts';
import { runQueuedRecompute } from '../modules/groups/upkeep.ts';
import { changeTagsOfCustomers } from '../modules/tags/assignments.ts';
import { createCategory, createTag } from '../modules/tags/service.ts';
import { importProgress } from './progress.ts';

export const DEMO_LOGIN = { email: 'demo@clientele.test', password: 'clientele-demo' };
export const DEFAULT_DATASET = fileURLToPath(new URL('../../../shared/datasets/online-retail/online-retail.csv.gz', import.meta.url));
export const ATTRIBUTION = 'Demo data: Daqing Chen (2015), Online Retail, UCI Machine Learning Repository, '
  + 'doi:10.24432/C5BW33, licensed CC BY 4.0.';

/**
 * Fills an empty database with a demo store (GBP, Europe/London, a 35% default margin, a loyalty point per pound),
 * its owner user, and the whole Online Retail sales history through the sales import (with its progress on
 * stderr), then tags and groups the customers from the tallies the sales left on them.
 */
export async function loadDemo(connection: Connection, dataset: string): Promise<{ loaded: boolean; customers: number; sales: number }> {
  const existing = await connection.db.selectFrom('stores').select('tenant_id').limit(1).executeTakeFirst();
  if (existing) return { loaded: false, customers: 0, sales: 0 };
  const { store, owner_role_id: ownerRoleId } = await createStore(connection.db, { name: 'Demo store', currency: 'GBP', locale: 'en' });
  const ctx: Ctx = { db: connection.db, tenantId: store.id, actor: { kind: 'system' }, rights: new Set(ALL_RIGHTS) };
  await updateStore(ctx, { time_zone: 'Europe/London', default_margin_bp: 3500, loyalty_points_per_unit: 1 });
  await createUser(ctx, { email: DEMO_LOGIN.email, name: 'Demo owner', password: DEMO_LOGIN.password, role_ids: [ownerRoleId] });
  if (!existsSync(dataset)) return { loaded: true, customers: 0, sales: 0 };
  const progress = importProgress((await stat(dataset)).size);
  let job;
  try {
    job = await importSalesFile(ctx, connection.kind, dataset, { file_name: basename(dataset) }, (at) => progress.update(at));
  } finally {
    progress.stop();
  }
  const customers = await readTallies(ctx);
  await tagDemoCustomers(ctx, customers);
  await groupDemoCustomers(ctx, customers);
  return { loaded: true, customers: job.counts.customers_created ?? 0, sales: job.counts.sales_added ?? 0 };
}

/** What the tag rules read of a customer: the tallies its sales left, and its country. */
interface Tallies {
  id: string;
  country: string | null;
  order_count: number;
  /** Net sales in pence, returns and cancellations taken off. */
  total_sales: number;
  last_purchase_at: string | null;
}

async function readTallies(ctx: Ctx): Promise<Tallies[]> {
  const customers: Tallies[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCustomers(ctx, { limit: 500, cursor });
    customers.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return customers;
}

const EU = new Set(['AT', 'BE', 'CY', 'CZ', 'DE', 'DK', 'ES', 'FI', 'FR', 'GR', 'IE', 'IT', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'SE']);

// The tags a merchant of this shop would make, each with the rule that picks its customers.
const DEMO_TAGS: { category: string; singleChoice: boolean; colour: string; tags: { name: string; colour: string; rule: (c: Tallies) => boolean }[] }[] = [
  { category: 'Customer groups', singleChoice: true, colour: '#1c7ed6', tags: [
    { name: 'Wholesaler', colour: '#1c7ed6', rule: (c) => c.total_sales >= 500_000 },
    { name: 'Retail', colour: '#0c8599', rule: (c) => c.total_sales < 500_000 },
  ] },
  { category: 'Loyalty', singleChoice: false, colour: '#f59f00', tags: [
    { name: 'VIP', colour: '#f59f00', rule: (c) => c.total_sales >= 1_000_000 },
    { name: 'Repeat buyer', colour: '#37b24d', rule: (c) => c.order_count >= 5 },
    { name: 'One-time buyer', colour: '#868e96', rule: (c) => c.order_count === 1 },
    { name: 'Lapsed', colour: '#e03131', rule: (c) => c.last_purchase_at === null || c.last_purchase_at < '2011-09-01' },
  ] },
  { category: 'Region', singleChoice: true, colour: '#7048e8', tags: [
    { name: 'United Kingdom', colour: '#7048e8', rule: (c) => c.country === 'GB' },
    { name: 'European Union', colour: '#9775fa', rule: (c) => c.country !== null && EU.has(c.country) },
    { name: 'Rest of the world', colour: '#9c36b5', rule: (c) => c.country !== 'GB' && !(c.country && EU.has(c.country)) },
  ] },
];

/** Makes the demo's tag categories and tags, and gives each to the customers its rule picks. */
async function tagDemoCustomers(ctx: Ctx, customers: Tallies[]) {
  for (const group of DEMO_TAGS) {
    const category = await createCategory(ctx, { name: group.category, single_choice: group.singleChoice, colour: group.colour });
    for (const definition of group.tags) {
      const tag = await createTag(ctx, { category_id: category.id, name: definition.name, colour: definition.colour });
      const ids = customers.filter(definition.rule).map((c) => c.id);
      await changeTagsOfCustomers(ctx, ids, [tag.id], []);
    }
  }
}

/**
 * The groups a merchant of this shop would make: two static groups filled by hand (here from the figures),
 * and loyalty tiers by sales since the shop's first day, computed from the loaded history.
 */
async function groupDemoCustomers(ctx: Ctx, customers: Tallies[]) {
  const biggest = [...customers].sort((a, b) => b.total_sales - a.total_sales).slice(0, 25).map((c) => c.id);
  const keyAccounts = await createGroup(ctx, {
    kind: 'static', name: 'Key accounts', code: 'KEY', erp_id: 'ERP-KA', segment: 'b2b', vip: true,
    description: 'The 25 biggest buyers, each with an account manager.',
  });
  await addMembers(ctx, keyAccounts.id, biggest);
  const exporters = await createGroup(ctx, {
    kind: 'static', name: 'Export partners', code: 'EXPORT', erp_id: 'ERP-EX', segment: 'b2b',
    description: 'Resellers outside the United Kingdom and the European Union.',
  });
  await addMembers(ctx, exporters.id, customers.filter((c) => c.country !== null && c.country !== 'GB' && !EU.has(c.country)).map((c) => c.id));
  const tiers = await createGroup(ctx, {
    kind: 'frequency', name: 'Loyalty tiers', code: 'TIERS', segment: 'b2c', metric: 'sales', active_from: '2010-12-01', window: 'never_reset',
    description: 'Net sales since the shop opened, returns taken off.',
    levels: [
      { description: 'Bronze', min: 50_000, max: 199_999 },
      { description: 'Silver', min: 200_000, max: 999_999 },
      { description: 'Gold', min: 1_000_000, max: null, vip: true },
    ],
  });
  await runQueuedRecompute(ctx, tiers.id, 'rule');
}
