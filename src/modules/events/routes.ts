import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problems } from '../../http/schemas.ts';
import { EventList, EventListQuery } from './schema.ts';
import * as events from './service.ts';

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events', {
    config: { right: 'view_customers' },
    schema: {
      summary: 'Events after a cursor',
      description: 'Membership changes (who entered or left a group, who changed level, who became VIP) for integrations to follow: '
        + 'read from the start, keep next_cursor, ask again with ?after=. Numbers are per store and come in commit order.',
      tags: ['events'], querystring: EventListQuery, response: { 200: EventList, ...problems },
    },
  }, async (request) => events.listEvents(request.ctx, request.query));
};
