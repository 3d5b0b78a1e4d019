import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemRef, problems } from '../../http/schemas.ts';
import { SalesReport, SalesReportQuery, SalesReportRequest } from './schema.ts';
import * as reports from './service.ts';

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/reports/sales', {
    config: { right: 'view_reports' },
    schema: {
      summary: 'Sales from date to date: totals and a series by day, week or month, as JSON or CSV',
      description: 'Days are cut in the store\'s time zone. A tag condition (AND / OR / NONE) keeps only sales to customers who match it, '
        + 'so walk-in sales are left out; without one every sale counts. With `Accept: text/csv` or `?format=csv` it streams the series '
        + 'as CSV, money as decimals (needs "Export data").',
      tags: ['reports'], querystring: SalesReportQuery, body: SalesReportRequest,
      produces: ['application/json', 'text/csv'],
      response: {
        200: { description: 'The report, or its series as CSV.', content: { 'application/json': { schema: SalesReport }, 'text/csv': { schema: Type.String() } } },
        422: problemRef, ...problems,
      },
    },
  }, async (request, reply) => {
    const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
    if (!wantsCsv) return reply.type('application/json').send(await reports.salesReport(request.ctx, request.body));
    const csv = await reports.exportSalesReport(request.ctx, request.body);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sales-report.csv"').send(csv);
  });
};
