import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etag, ifMatchVersion } from '../../http/context.ts';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import { BackgroundQueue } from '../../lib/background.ts';
import type { Ctx } from '../access/context.ts';
import * as membership from './membership.ts';
import {
  Group, GroupCreate, GroupDeleted, GroupList, GroupListQuery, GroupUpdate, HistoryQuery, MemberList, MemberListQuery, MembersChange, MembersChanged, MembershipHistory,
} from './schema.ts';
import * as groups from './service.ts';
import { runQueuedRecompute } from './upkeep.ts';

const ifMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the group as read: 412 if it changed since.' })) });

export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Recomputes run in this process, one after another, after the change that asked for them has committed.
  const recomputes = new BackgroundQueue((error) => app.log.error({ err: error }, 'group recompute failed'));
  app.addHook('onClose', () => recomputes.close());
  const startRecompute = (ctx: Ctx, group: Group, reason: 'rule' | 'definition_changed') => {
    if (group.recompute?.state !== 'queued') return;
    const background: Ctx = { db: app.db, tenantId: ctx.tenantId, actor: ctx.actor, rights: ctx.rights };
    recomputes.enqueue((signal) => runQueuedRecompute(background, group.id, reason, signal));
  };

  app.get('/groups', {
    config: { right: 'view_customers' },
    schema: { summary: 'Customer groups', tags: ['groups'], querystring: GroupListQuery, response: { 200: GroupList, ...problems } },
  }, async (request) => groups.listGroups(request.ctx, request.query));
  app.post('/groups', {
    config: { right: 'manage_customer_groups' },
    schema: {
      summary: 'Create a group',
      description: 'A frequency group starts computing its members at once, in the background: follow `recompute` on GET /v1/groups/{id}.',
      tags: ['groups'], body: GroupCreate, response: { 201: Group, 409: problemRef, 422: problemRef, ...problems },
    },
  }, async (request, reply) => {
    const group = await groups.createGroup(request.ctx, request.body);
    startRecompute(request.ctx, group, 'rule');
    return reply.status(201).header('etag', etag(group.version)).send(group);
  });
  app.get('/groups/:id', {
    config: { right: 'view_customers' },
    schema: { summary: 'A group', tags: ['groups'], params: IdParams, response: { 200: Group, ...problems } },
  }, async (request, reply) => {
    const group = await groups.getGroup(request.ctx, request.params.id);
    return reply.header('etag', etag(group.version)).send(group);
  });
  app.patch('/groups/:id', {
    config: { right: 'manage_customer_groups' },
    schema: {
      summary: 'Change a group', description: 'A new metric, window, active from or levels recomputes the group in the background.',
      tags: ['groups'], params: IdParams, headers: ifMatch, body: GroupUpdate, response: { 200: Group, 409: problemRef, 412: problemRef, 422: problemRef, ...problems },
    },
  }, async (request, reply) => {
    const group = await groups.updateGroup(request.ctx, request.params.id, request.body, ifMatchVersion(request));
    startRecompute(request.ctx, group, 'definition_changed');
    return reply.header('etag', etag(group.version)).send(group);
  });
  app.delete('/groups/:id', {
    config: { right: 'manage_customer_groups' },
    schema: { summary: 'Delete a group', tags: ['groups'], params: IdParams, response: { 200: GroupDeleted, ...problems } },
  }, async (request) => groups.deleteGroup(request.ctx, request.params.id));
  app.post('/groups/:id/recompute', {
    config: { right: 'manage_customer_groups' },
    schema: { summary: 'Recompute a frequency group now', tags: ['groups'], params: IdParams, response: { 202: Group, 409: problemRef, ...problems } },
  }, async (request, reply) => {
    const group = await groups.queueRecompute(request.ctx, request.params.id);
    startRecompute(request.ctx, group, 'rule');
    return reply.status(202).send(group);
  });

  app.get('/groups/:id/members', {
    config: { right: 'view_customers' },
    schema: {
      summary: 'Who is in the group', description: 'With as_of, membership at the end of that day. `?format=csv` or `Accept: text/csv` streams every member (needs "Export data").',
      tags: ['groups'], params: IdParams, querystring: MemberListQuery, produces: ['application/json', 'text/csv'],
      response: { 200: { description: 'A page of members, or the CSV.', content: { 'application/json': { schema: MemberList }, 'text/csv': { schema: Type.String() } } }, ...problems },
    },
  }, async (request, reply) => {
    const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
    if (!wantsCsv) return membership.listMembers(request.ctx, request.params.id, request.query);
    const csv = await membership.exportMembers(request.ctx, request.params.id, request.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="group-members.csv"').send(csv);
  });
  app.post('/groups/:id/members', {
    config: { right: 'assign_customers_to_groups' },
    schema: { summary: 'Put customers in a static group', tags: ['groups'], params: IdParams, body: MembersChange, response: { 200: MembersChanged, 409: problemRef, 422: problemRef, ...problems } },
  }, async (request) => membership.addMembers(request.ctx, request.params.id, request.body.customer_ids));
  app.delete('/groups/:id/members', {
    config: { right: 'assign_customers_to_groups' },
    schema: { summary: 'Take customers out of a static group', tags: ['groups'], params: IdParams, body: MembersChange, response: { 200: MembersChanged, 409: problemRef, ...problems } },
  }, async (request) => membership.removeMembers(request.ctx, request.params.id, request.body.customer_ids));
  app.get('/groups/:id/history', {
    config: { right: 'view_customers' },
    schema: { summary: 'The group\'s membership ledger', tags: ['groups'], params: IdParams, querystring: HistoryQuery, response: { 200: MembershipHistory, ...problems } },
  }, async (request) => membership.membershipHistory(request.ctx, { groupId: request.params.id }, request.query));
  app.get('/customers/:id/group-history', {
    config: { right: 'view_customers' },
    schema: { summary: 'The customer\'s group memberships over time', tags: ['groups', 'customers'], params: IdParams, querystring: HistoryQuery, response: { 200: MembershipHistory, ...problems } },
  }, async (request) => membership.membershipHistory(request.ctx, { customerId: request.params.id }, request.query));
};
