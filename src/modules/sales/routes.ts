import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { once } from '../idempotency/service.ts';
import { IdempotencyHeaders, Sale, SaleCreate, SaleList, SaleListQuery } from './schema.ts';
import * as sales from './service.ts';

export const saleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/sales', {
    config: { right: 'record_sales' },
    schema: {
      summary: 'Record a sale, return or cancellation',
      description: 'Counted once however often it is retried: by its external id within its channel (the same body answers 200 with the '
        + 'recorded sale; another body 422), and by the Idempotency-Key header (the same body replays the first answer with '
        + 'Idempotent-Replayed: true; another body 422; while the first still runs 409). Updates the customer\'s tallies, earns loyalty '
        + 'points, and takes store_credit and on_account payments from the customer\'s balances, in the same transaction.',
      tags: ['sales'], headers: IdempotencyHeaders, body: SaleCreate,
      response: { 200: Sale, 201: Sale, 409: problemRef, 422: problemRef, ...problems },
    },
  }, async (request, reply) => {
    const outcome = await once(request.ctx, 'POST /v1/sales', request.headers['idempotency-key'], request.body, async (tx) => {
      const { status, sale } = await sales.recordSale(tx, request.body);
      return { status, body: sale };
    });
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.status).send(outcome.body);
  });
  app.get('/sales', {
    config: { right: 'view_customers' },
    schema: { summary: 'Sales, newest first', tags: ['sales'], querystring: SaleListQuery, response: { 200: SaleList, ...problems } },
  }, async (request) => sales.listSales(request.ctx, request.query));
  app.get('/sales/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A sale with its lines', tags: ['sales'], params: IdParams, response: { 200: Sale, ...problems } },
  }, async (request) => sales.getSale(request.ctx, request.params.id));
};
