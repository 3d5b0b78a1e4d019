import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import {
  Tag, TagCategory, TagCategoryCreate, TagCategoryDeleted, TagCategoryList, TagCategoryUpdate, TagCreate, TagDeleted, TagList, TagListQuery,
  TagMerge, TagMerged, TagUpdate,
} from './schema.ts';
import * as tags from './service.ts';

export const tagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/tag-categories', {
    config: { right: 'view_customers' },
    schema: { summary: 'Tag categories', tags: ['tags'], response: { 200: TagCategoryList, ...problems } },
  }, async (request) => {
    const items = await tags.listCategories(request.ctx);
    return { items, total: items.length, next_cursor: null };
  });
  app.post('/tag-categories', {
    config: { right: 'manage_customer_tags' },
    schema: { summary: 'Create a tag category', tags: ['tags'], body: TagCategoryCreate, response: { 201: TagCategory, 409: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await tags.createCategory(request.ctx, request.body)));
  app.get('/tag-categories/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A tag category', tags: ['tags'], params: IdParams, response: { 200: TagCategory, ...problems } },
  }, async (request) => tags.getCategory(request.ctx, request.params.id));
  app.patch('/tag-categories/:id', {
    config: { right: 'manage_customer_tags' },
    schema: { summary: 'Change a tag category', tags: ['tags'], params: IdParams, body: TagCategoryUpdate, response: { 200: TagCategory, 409: problemRef, ...problems } },
  }, async (request) => tags.updateCategory(request.ctx, request.params.id, request.body));
  app.delete('/tag-categories/:id', {
    config: { right: 'manage_customer_tags' },
    schema: { summary: 'Delete a tag category with its tags and their assignments', tags: ['tags'], params: IdParams, response: { 200: TagCategoryDeleted, ...problems } },
  }, async (request) => tags.deleteCategory(request.ctx, request.params.id));

  app.get('/tags', {
    config: { right: 'view_customers' },
    schema: { summary: 'Tags', tags: ['tags'], querystring: TagListQuery, response: { 200: TagList, ...problems } },
  }, async (request) => tags.listTags(request.ctx, request.query));
  app.post('/tags', {
    config: { right: 'manage_customer_tags' },
    schema: { summary: 'Create a tag in a category', tags: ['tags'], body: TagCreate, response: { 201: Tag, 409: problemRef, 422: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await tags.createTag(request.ctx, request.body)));
  app.get('/tags/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A tag', tags: ['tags'], params: IdParams, response: { 200: Tag, ...problems } },
  }, async (request) => tags.getTag(request.ctx, request.params.id));
  app.patch('/tags/:id', {
    config: { right: 'manage_customer_tags' },
    schema: {
      summary: 'Rename, recolour, archive or move a tag', tags: ['tags'], params: IdParams, body: TagUpdate,
      response: { 200: Tag, 409: problemRef, 422: problemRef, ...problems },
    },
  }, async (request) => tags.updateTag(request.ctx, request.params.id, request.body));
  app.delete('/tags/:id', {
    config: { right: 'manage_customer_tags' },
    schema: { summary: 'Delete a tag and its assignments', tags: ['tags'], params: IdParams, response: { 200: TagDeleted, ...problems } },
  }, async (request) => tags.deleteTag(request.ctx, request.params.id));
  app.post('/tags/:id/merge', {
    config: { right: 'manage_customer_tags' },
    schema: {
      summary: 'Merge this tag into another', description: 'Its customers get the kept tag once; saved searches follow; this tag is deleted.',
      tags: ['tags'], params: IdParams, body: TagMerge, response: { 200: TagMerged, 409: problemRef, 422: problemRef, ...problems },
    },
  }, async (request) => tags.mergeTag(request.ctx, request.params.id, request.body.into_tag_id));
};
