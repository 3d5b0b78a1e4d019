import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemRef, problems } from '../../http/schemas.ts';
import * as groupReports from './group-report.ts';
import {
  GroupClassifications, GroupClassificationsRequest, GroupReport, GroupReportRequest, SalesReport, SalesReportQuery, SalesReportRequest,
} from './schema.ts';
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
    if (!wantsCsv(request.query.format, request.headers.accept)) return reply.type('application/json').send(await reports.salesReport(request.ctx, request.body));
    const csv = await reports.exportSalesReport(request.ctx, request.body);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sales-report.csv"').send(csv);
  });

  app.post('/reports/groups', {
    config: { right: 'view_reports' },
    schema: {
      summary: 'A group\'s sales from date to date beside the whole store\'s, with top products, as JSON or CSV',
      description: 'Days are cut in the store\'s time zone. With membership at_sale (default) a sale counts for the group its customer '
        + 'was in when it happened, from the membership ledger; with today, every sale of the range by today\'s members. A customer in '
        + 'two groups counts in each group\'s report, and once in each. With `Accept: text/csv` or `?format=csv` it answers the totals '
        + 'and top products as CSV, money as decimals (needs "Export data").',
      tags: ['reports'], querystring: SalesReportQuery, body: GroupReportRequest,
      produces: ['application/json', 'text/csv'],
      response: {
        200: { description: 'The report, or its rows as CSV.', content: { 'application/json': { schema: GroupReport }, 'text/csv': { schema: Type.String() } } },
        422: problemRef, ...problems,
      },
    },
  }, async (request, reply) => {
    if (!wantsCsv(request.query.format, request.headers.accept)) return reply.type('application/json').send(await groupReports.groupReport(request.ctx, request.body));
    const csv = await groupReports.exportGroupReport(request.ctx, request.body);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="group-report.csv"').send(csv);
  });

  app.post('/reports/group-classifications', {
    config: { right: 'view_reports' },
    schema: {
      summary: 'The product classifications a group\'s customers bought, weighted by spend (a word cloud\'s words)',
      description: 'Counts the same sales as POST /v1/reports/groups. Each product line adds its net to every classification of its product.',
      tags: ['reports'], body: GroupClassificationsRequest,
      response: { 200: GroupClassifications, 422: problemRef, ...problems },
    },
  }, async (request) => groupReports.groupClassifications(request.ctx, request.body));
};

/** CSV when ?format=csv asks for it, or when Accept names text/csv and no format is given. */
function wantsCsv(format: SalesReportQuery['format'], accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
}
