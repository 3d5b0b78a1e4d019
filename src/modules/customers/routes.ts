import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etag, ifMatchVersion } from '../../http/context.ts';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { listCustomerTags } from '../tags/assignments.ts';
import { CustomerTagList } from '../tags/schema.ts';
import * as customFields from './custom-fields.ts';
import { exportCustomers } from './export.ts';
import * as savedSearches from './saved-searches.ts';
import {
  Customer, CustomerBulkGroups, CustomerBulkGroupsResult, CustomerBulkTags, CustomerBulkTagsResult, CustomerCreate, CustomerList, CustomerListQuery, CustomerSearch, CustomerSearchQuery,
  CustomerUpdate, CustomField, CustomFieldCreate, CustomFieldList, CustomFieldUpdate, LOOKUP_TOTAL_CAP, SavedSearch, SavedSearchCreate, SavedSearchList,
  SavedSearchUpdate,
} from './schema.ts';
import * as customers from './service.ts';

const ifMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag you read; a stale one answers 412.' })) });

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/customers', {
    config: { right: 'view_customers' },
    schema: {
      summary: 'List and look up customers',
      description: `One page and the total. With q (a text lookup) the total counts up to ${LOOKUP_TOTAL_CAP.toLocaleString('en-GB')}, and total_capped says when more match.`,
      tags: ['customers'], querystring: CustomerListQuery, response: { 200: CustomerList, ...problems },
    },
  }, async (request) => customers.listCustomers(request.ctx, request.query));

  app.post('/customers/search', {
    config: { right: 'view_customers' },
    schema: {
      summary: 'Search customers by filters and tags (AND / OR / NONE), as JSON or CSV',
      description: `JSON answers one page and the total (with q, counted up to ${LOOKUP_TOTAL_CAP.toLocaleString('en-GB')}: total_capped). `
        + 'With `Accept: text/csv` or `?format=csv` it streams every match as CSV '
        + '(needs "Export data"), with the columns asked for; values a spreadsheet would run as formulas start with an apostrophe.',
      tags: ['customers'], querystring: CustomerSearchQuery, body: CustomerSearch,
      produces: ['application/json', 'text/csv'],
      response: {
        200: { description: 'A page of customers, or the CSV.', content: { 'application/json': { schema: CustomerList }, 'text/csv': { schema: Type.String() } } },
        422: problemRef, ...problems,
      },
    },
  }, async (request, reply) => {
    const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
    if (!wantsCsv) return reply.type('application/json').send(await customers.searchCustomers(request.ctx, request.body));
    const csv = await exportCustomers(request.ctx, request.body);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="customers.csv"').send(csv);
  });

  app.post('/customers/bulk-tags', {
    config: { right: 'assign_customer_tags' },
    schema: {
      summary: 'Add or remove tags on every customer a search matches',
      description: 'One transaction. A tag of a single-choice category replaces the customer\'s other tag of that category.',
      tags: ['customers', 'tags'], body: CustomerBulkTags, response: { 200: CustomerBulkTagsResult, 422: problemRef, ...problems },
    },
  }, async (request) => customers.bulkTagCustomers(request.ctx, request.body));

  app.post('/customers/bulk-groups', {
    config: { right: 'assign_customers_to_groups' },
    schema: {
      summary: 'Put every customer a search matches in static groups, or take them out',
      description: 'One transaction. With the store\'s one-group rule on, putting customers in a group moves them out of their other static group.',
      tags: ['customers', 'groups'], body: CustomerBulkGroups, response: { 200: CustomerBulkGroupsResult, 422: problemRef, ...problems },
    },
  }, async (request) => customers.bulkGroupCustomers(request.ctx, request.body));

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

  app.get('/customers/:id/tags', {
    config: { right: 'view_customers' },
    schema: { summary: 'A customer\'s tags, with who assigned each and when', tags: ['customers', 'tags'], params: IdParams, response: { 200: CustomerTagList, ...problems } },
  }, async (request) => {
    await customers.getCustomer(request.ctx, request.params.id);
    return { items: await listCustomerTags(request.ctx, request.params.id) };
  });

  app.patch('/customers/:id', {
    // The right depends on the fields sent ("Assign tags to the customer" for tag_ids alone): the service checks it.
    schema: {
      summary: 'Change a customer', tags: ['customers'], params: IdParams, headers: ifMatch, body: CustomerUpdate,
      response: { 200: Customer, 409: problemRef, 412: problemRef, 422: problemRef, ...problems },
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

  app.get('/saved-searches', {
    config: { right: 'view_customers' },
    schema: { summary: 'The store\'s saved customer searches', tags: ['saved searches'], response: { 200: SavedSearchList, ...problems } },
  }, async (request) => {
    const items = await savedSearches.listSavedSearches(request.ctx);
    return { items, total: items.length, next_cursor: null };
  });
  app.post('/saved-searches', {
    config: { right: 'view_customers' },
    schema: { summary: 'Save a customer search under a name', tags: ['saved searches'], body: SavedSearchCreate, response: { 201: SavedSearch, 409: problemRef, 422: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await savedSearches.createSavedSearch(request.ctx, request.body)));
  app.get('/saved-searches/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A saved search', tags: ['saved searches'], params: IdParams, response: { 200: SavedSearch, ...problems } },
  }, async (request) => savedSearches.getSavedSearch(request.ctx, request.params.id));
  app.patch('/saved-searches/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'Rename a saved search or change its search', tags: ['saved searches'], params: IdParams, body: SavedSearchUpdate, response: { 200: SavedSearch, 409: problemRef, 422: problemRef, ...problems } },
  }, async (request) => savedSearches.updateSavedSearch(request.ctx, request.params.id, request.body));
  app.delete('/saved-searches/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'Delete a saved search', tags: ['saved searches'], params: IdParams, response: { 204: Type.Null(), ...problems } },
  }, async (request, reply) => {
    await savedSearches.deleteSavedSearch(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
