import type { Readable } from 'node:stream';
import { csvStream } from '../../lib/csv.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { formatDecimal, minorDigits } from '../../lib/money.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import * as queries from './group-queries.ts';
import {
  GROUP_REPORT_COLUMNS, type GroupClassifications, type GroupClassificationsRequest, type GroupReport, type GroupReportRequest,
  type TopProduct,
} from './schema.ts';
import { checkRange, MONEY_COLUMNS, toFigures } from './service.ts';

/** A group's sales, orders, customers, average order size, gross margin and top products, beside the store's. */
export async function groupReport(ctx: Ctx, input: GroupReportRequest): Promise<GroupReport> {
  const { store, group, filter } = await prepare(ctx, input);
  const [figures, products] = await Promise.all([
    queries.groupAndStoreFigures(ctx.db, ctx.tenantId, filter),
    queries.topProducts(ctx.db, ctx.tenantId, filter, input.top ?? 10),
  ]);
  const totals = (scope: queries.Scope) => toFigures(figures.find((row) => row.scope === scope)!);
  const top = (scope: queries.Scope): TopProduct[] => products.filter((row) => row.scope === scope)
    .map(({ sku, name, quantity, net_sales, gross_margin }) => ({ sku, name, quantity, net_sales, gross_margin }));
  return {
    currency: store.currency, time_zone: store.time_zone, from: input.from, to: input.to, membership: filter.membership,
    group, totals: { group: totals('group'), store: totals('store') }, top_products: { group: top('group'), store: top('store') },
  };
}

/**
 * The report as CSV (needs "Export data" too): the group's totals, the store's, then each top product of
 * the group and of the store, one row each, money as decimals of the store's currency. A product row fills
 * net_sales, gross_margin and items (its units) and leaves the order figures empty: a product has no orders.
 */
export async function exportGroupReport(ctx: Ctx, input: GroupReportRequest): Promise<Readable> {
  requireRight(ctx, 'view_reports');
  requireRight(ctx, 'export_data');
  const report = await groupReport(ctx, input);
  const digits = minorDigits(report.currency);
  type Row = Partial<Record<(typeof GROUP_REPORT_COLUMNS)[number], string | number | null>>;
  const line = (row: Row) => GROUP_REPORT_COLUMNS.map((column) => {
    const value = row[column];
    if (value === undefined || value === null) return '';
    return MONEY_COLUMNS.has(column) ? formatDecimal(value as number, digits) : value;
  });
  function* rows() {
    for (const scope of ['group', 'store'] as const) yield line({ scope, figures: 'totals', ...report.totals[scope] });
    for (const scope of ['group', 'store'] as const) {
      for (const product of report.top_products[scope]) {
        yield line({
          scope, figures: 'product', sku: product.sku, name: product.name,
          net_sales: product.net_sales, gross_margin: product.gross_margin, items: product.quantity,
        });
      }
    }
  }
  return csvStream(GROUP_REPORT_COLUMNS, [[...rows()]]);
}

/** The classifications of what the group's customers bought, each weighted by its spend against the largest. */
export async function groupClassifications(ctx: Ctx, input: GroupClassificationsRequest): Promise<GroupClassifications> {
  const { store, filter } = await prepare(ctx, input);
  const terms = await queries.classificationSpend(ctx.db, ctx.tenantId, filter, input.limit ?? 60);
  // The list is by spend, so the first term is the largest; every spend is above 0, so the division is safe.
  const largest = terms[0]?.spend ?? 1;
  return {
    currency: store.currency,
    items: terms.map(({ term, spend }) => ({ term, spend, weight: Math.round((spend / largest) * 10_000) / 10_000 })),
  };
}

type GroupRequest = Pick<GroupReportRequest, 'group_id' | 'from' | 'to' | 'membership'>;

/** The right, the range, the store's zone and the group (another store's group is not found, like a missing one). */
async function prepare(ctx: Ctx, input: GroupRequest) {
  requireRight(ctx, 'view_reports');
  // No series here, so the length of the range only bounds one request: the loosest limit (by month) applies.
  checkRange(input.from, input.to, 'month');
  const [store, name] = await Promise.all([getStore(ctx), queries.findGroupName(ctx.db, ctx.tenantId, input.group_id)]);
  if (name === undefined) throw ClienteleError.notFound('group');
  const filter: queries.GroupReportFilter = {
    groupId: input.group_id, from: input.from, to: input.to, timeZone: store.time_zone, membership: input.membership ?? 'at_sale',
  };
  return { store, group: { id: input.group_id, name }, filter };
}
