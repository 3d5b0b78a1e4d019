import type { Readable } from 'node:stream';
import { csvStream } from '../../lib/csv.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { formatDecimal, minorDigits } from '../../lib/money.ts';
import { type Ctx, requireRight } from '../access/context.ts';
import { getStore } from '../access/stores.ts';
import { averageOrderSize } from '../customers/service.ts';
import { resolveTagCondition } from '../tags/condition.ts';
import * as queries from './queries.ts';
import {
  type ReportInterval, SALES_REPORT_COLUMNS, type SalesReport, type SalesReportFigures, type SalesReportRequest,
} from './schema.ts';

/**
 * The longest range each interval covers. Past three years a day-by-day series (over 1,000 points) is
 * no longer readable as a chart or a sheet, and the answer grows with every day: weeks or months say
 * the same in a twentieth of the rows. The week and month limits only keep one request bounded.
 */
export const MAX_YEARS: Record<ReportInterval, number> = { day: 3, week: 25, month: 100 };

/** Net sales, orders, customers, average order size, gross margin and items per period, in the store's time zone. */
export async function salesReport(ctx: Ctx, input: SalesReportRequest): Promise<SalesReport> {
  requireRight(ctx, 'view_reports');
  const interval = input.interval ?? 'day';
  checkRange(input.from, input.to, interval);
  const store = await getStore(ctx);
  const tags = await resolveTagCondition(ctx, input);
  const rows = await queries.salesByPeriod(ctx.db, ctx.tenantId, {
    from: input.from, to: input.to, interval, timeZone: store.time_zone, tags, channel: input.channel,
  });
  const [whole, ...periods] = rows;
  return {
    currency: store.currency, time_zone: store.time_zone, from: input.from, to: input.to, interval,
    totals: toFigures(whole!),
    series: periods.map((row) => ({ period_start: row.period_start!, ...toFigures(row) })),
  };
}

/** The report's series as CSV (needs "Export data" too), money as decimals of the store's currency. */
export async function exportSalesReport(ctx: Ctx, input: SalesReportRequest): Promise<Readable> {
  requireRight(ctx, 'view_reports');
  requireRight(ctx, 'export_data');
  const report = await salesReport(ctx, input);
  const digits = minorDigits(report.currency);
  function* rows() {
    for (const period of report.series) {
      yield SALES_REPORT_COLUMNS.map((column) => (MONEY_COLUMNS.has(column) ? formatDecimal(period[column] as number, digits) : period[column]));
    }
  }
  return csvStream(SALES_REPORT_COLUMNS, [[...rows()]]);
}

export const MONEY_COLUMNS = new Set<string>(['net_sales', 'average_order_size', 'gross_margin']);

export function toFigures(row: Omit<queries.PeriodFigures, 'period_start'>): SalesReportFigures {
  return {
    net_sales: row.net_sales, orders: row.orders, returns: row.returns, customers: row.customers,
    average_order_size: averageOrderSize({ total_sales: row.net_sales, order_count: row.orders }),
    gross_margin: row.gross_margin, items: row.items,
  };
}

/** from..to must run forwards and, by day, span at most three years (see MAX_YEARS). Dates are YYYY-MM-DD, so text order is date order. */
export function checkRange(from: string, to: string, interval: ReportInterval): void {
  if (to < from) {
    throw ClienteleError.invalid([{ field: '/to', code: 'report.range_inverted', message: `The last day (${to}) is before the first (${from}).` }]);
  }
  const years = MAX_YEARS[interval];
  if (to >= addYears(from, years)) {
    const shorter = interval === 'day' ? ' Report by week or month for a longer range.' : '';
    throw ClienteleError.invalid([{
      field: '/to', code: 'report.range_too_long', message: `A report by ${interval} covers at most ${years} years: the last day must be before ${addYears(from, years)}.${shorter}`,
    }]);
  }
}

/** The same day `years` later (29 February becomes 1 March). */
function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, date)).toISOString().slice(0, 10);
}
