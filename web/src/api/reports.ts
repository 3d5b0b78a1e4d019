import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { SalesReport, SalesReportRequest } from '../../../src/modules/reports/schema.ts';
import { allValues } from './all-values';
import { api, apiDownload } from './client';

export type { SalesReport, SalesReportFigures, SalesReportPeriod, SalesReportRequest } from '../../../src/modules/reports/schema.ts';
export type ReportInterval = NonNullable<SalesReportRequest['interval']>;

export const REPORT_INTERVALS = allValues<ReportInterval>()(['day', 'week', 'month']);

export const reportKeys = {
  all: ['reports'] as const,
  sales: (request: SalesReportRequest) => ['reports', 'sales', request] as const,
};

export const salesReportQuery = (request: SalesReportRequest) =>
  queryOptions({
    queryKey: reportKeys.sales(request),
    queryFn: ({ signal }) => api<SalesReport>('/v1/reports/sales', { method: 'POST', body: request, signal }),
  });

/** The report for these days; the last one stays on screen while the next loads, so the chart does not blink. */
export function useSalesReport(request: SalesReportRequest | null) {
  return useQuery({
    ...salesReportQuery(request ?? { from: '', to: '' }),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

/** The report's series as CSV, money as decimals. */
export function useExportSalesReport() {
  return useMutation({
    mutationFn: (request: SalesReportRequest) =>
      apiDownload('/v1/reports/sales', { method: 'POST', query: { format: 'csv' }, headers: { accept: 'text/csv' }, body: request }),
  });
}
