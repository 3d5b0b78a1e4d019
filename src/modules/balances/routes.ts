import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { once } from '../idempotency/service.ts';
import { IdempotencyHeaders } from '../sales/schema.ts';
import {
  BalanceEntryCreate, BalanceEntryCreated, BalanceEntryList, BalanceEntryListQuery, Balances, BalancesUpdate,
} from './schema.ts';
import * as balances from './service.ts';

export const balanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/customers/:id/balances', {
    config: { right: 'view_customers' },
    schema: { summary: 'A customer\'s store credit, on-account balance and loyalty points', tags: ['balances'], params: IdParams, response: { 200: Balances, ...problems } },
  }, async (request) => balances.getBalances(request.ctx, request.params.id));
  app.patch('/customers/:id/balances', {
    config: { right: 'adjust_balances' },
    schema: {
      summary: 'Change a customer\'s credit limit', tags: ['balances'], params: IdParams, body: BalancesUpdate,
      response: { 200: Balances, 409: problemRef, ...problems },
    },
  }, async (request) => balances.updateBalances(request.ctx, request.params.id, request.body));
  app.get('/customers/:id/balance-entries', {
    config: { right: 'view_customers' },
    schema: {
      summary: 'A customer\'s balance ledger, newest first', tags: ['balances'], params: IdParams, querystring: BalanceEntryListQuery,
      response: { 200: BalanceEntryList, ...problems },
    },
  }, async (request) => balances.listEntries(request.ctx, request.params.id, request.query));
  app.post('/customers/:id/balance-entries', {
    schema: {
      summary: 'Adjust, issue, redeem, or record an account payment',
      description: 'Appends one ledger entry and moves the balance with it. Adjustments and issues need "Adjust store credit, on-account and '
        + 'loyalty points"; redemptions and account payments need that or "Record sales". Store credit and points never go below zero; '
        + 'on-account not below minus the credit limit (422). Idempotency-Key works as on POST /v1/sales.',
      tags: ['balances'], params: IdParams, headers: IdempotencyHeaders, body: BalanceEntryCreate,
      response: { 201: BalanceEntryCreated, 409: problemRef, 422: problemRef, ...problems },
    },
  }, async (request, reply) => {
    const scope = `POST /v1/customers/${request.params.id}/balance-entries`;
    const outcome = await once(request.ctx, scope, request.headers['idempotency-key'], request.body, async (tx) => ({
      status: 201, body: await balances.addEntry(tx, request.params.id, request.body),
    }));
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.status).send(outcome.body);
  });
};
