import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { Product, ProductCreate, ProductList, ProductListQuery, ProductUpdate } from './schema.ts';
import * as products from './service.ts';

export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/products', {
    config: { right: 'view_customers' },
    schema: { summary: 'Products', tags: ['products'], querystring: ProductListQuery, response: { 200: ProductList, ...problems } },
  }, async (request) => products.listProducts(request.ctx, request.query));
  app.post('/products', {
    config: { right: 'manage_products' },
    schema: { summary: 'Create a product', tags: ['products'], body: ProductCreate, response: { 201: Product, 409: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await products.createProduct(request.ctx, request.body)));
  app.get('/products/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A product', tags: ['products'], params: IdParams, response: { 200: Product, ...problems } },
  }, async (request) => products.getProduct(request.ctx, request.params.id));
  app.patch('/products/:id', {
    config: { right: 'manage_products' },
    schema: { summary: 'Change a product', tags: ['products'], params: IdParams, body: ProductUpdate, response: { 200: Product, 409: problemRef, ...problems } },
  }, async (request) => products.updateProduct(request.ctx, request.params.id, request.body));
  app.delete('/products/:id', {
    config: { right: 'manage_products' },
    schema: {
      summary: 'Delete a product that was never sold', description: 'A sold product answers 409 product.has_sales: deactivate it instead.',
      tags: ['products'], params: IdParams, response: { 204: Type.Null(), 409: problemRef, ...problems },
    },
  }, async (request, reply) => {
    await products.deleteProduct(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
