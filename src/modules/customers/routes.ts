import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etag, ifMatchVersion } from '../../http/context.ts';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import * as customFields from './custom-fields.ts';
import {
  Customer, CustomerCreate, CustomerList, CustomerListQuery, CustomerUpdate, CustomField, CustomFieldCreate, CustomFieldList,
  CustomFieldUpdate,
} from './schema.ts';
import * as customers from './service.ts';

const ifMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag you read; a stale one answers 412.' })) });

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/customers', {
    config: { right: 'view_customers' },
    schema: { summary: 'List and look up customers', tags: ['customers'], querystring: CustomerListQuery, response: { 200: CustomerList, ...problems } },
  }, async (request) => customers.listCustomers(request.ctx, request.query));

  app.post('/customers', {
    config: { right: 'manage_customers' },
    schema: { summary: 'Create a customer', tags: ['customers'], body: CustomerCreate, response: { 201: Customer, 409: problemRef, ...problems } },
  }, async (request, reply) => {
    const customer = await customers.createCustomer(request.ctx, request.body);
    return reply.status(201).header('etag', etag(customer.version)).send(customer);
  });

  app.get('/customers/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A customer', tags: ['customers'], params: IdParams, response: { 200: Customer, ...problems } },
  }, async (request, reply) => {
    const customer = await customers.getCustomer(request.ctx, request.params.id);
    return reply.header('etag', etag(customer.version)).send(customer);
  });

  app.patch('/customers/:id', {
    config: { right: 'manage_customers' },
    schema: {
      summary: 'Change a customer', tags: ['customers'], params: IdParams, headers: ifMatch, body: CustomerUpdate,
      response: { 200: Customer, 409: problemRef, 412: problemRef, ...problems },
    },
  }, async (request, reply) => {
    const customer = await customers.updateCustomer(request.ctx, request.params.id, request.body, ifMatchVersion(request));
    return reply.header('etag', etag(customer.version)).send(customer);
  });

  app.delete('/customers/:id', {
    config: { right: 'manage_customers' },
    schema: { summary: 'Delete a customer', tags: ['customers'], params: IdParams, headers: ifMatch, response: { 204: Type.Null(), 412: problemRef, ...problems } },
  }, async (request, reply) => {
    await customers.deleteCustomer(request.ctx, request.params.id, ifMatchVersion(request));
    return reply.status(204).send(null);
  });

  app.get('/custom-fields', {
    config: { right: 'view_customers' },
    schema: { summary: 'The store\'s custom customer fields', tags: ['custom fields'], response: { 200: CustomFieldList, ...problems } },
  }, async (request) => {
    const items = await customFields.listCustomFields(request.ctx);
    return { items, total: items.length, next_cursor: null };
  });
  app.post('/custom-fields', {
    config: { right: 'manage_store_settings' },
    schema: { summary: 'Define a custom field', tags: ['custom fields'], body: CustomFieldCreate, response: { 201: CustomField, 409: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await customFields.createCustomField(request.ctx, request.body)));
  app.get('/custom-fields/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A custom field', tags: ['custom fields'], params: IdParams, response: { 200: CustomField, ...problems } },
  }, async (request) => customFields.getCustomField(request.ctx, request.params.id));
  app.patch('/custom-fields/:id', {
    config: { right: 'manage_store_settings' },
    schema: { summary: 'Change a custom field', tags: ['custom fields'], params: IdParams, body: CustomFieldUpdate, response: { 200: CustomField, ...problems } },
  }, async (request) => customFields.updateCustomField(request.ctx, request.params.id, request.body));
  app.delete('/custom-fields/:id', {
    config: { right: 'manage_store_settings' },
    schema: { summary: 'Delete a custom field and its values', tags: ['custom fields'], params: IdParams, response: { 204: Type.Null(), ...problems } },
  }, async (request, reply) => {
    await customFields.deleteCustomField(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
