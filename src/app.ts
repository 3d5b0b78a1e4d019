import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify';
import type { Connection } from './db/connect.ts';
import { authenticate, SESSION_COOKIE } from './http/context.ts';
import { RequestLines } from './http/logging.ts';
import { sendProblem, toClienteleError } from './http/problem.ts';
import { Allowances } from './http/rate-limit.ts';
import { Problem } from './http/schemas.ts';
import { validatorCompiler } from './http/validation.ts';
import { ClienteleError } from './lib/errors.ts';
import { listenForRevokedKeys } from './modules/access/api-key-cache.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { customerRoutes } from './modules/customers/routes.ts';
import { eventRoutes } from './modules/events/routes.ts';
import { groupRoutes } from './modules/groups/routes.ts';
import { balanceRoutes } from './modules/balances/routes.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { productRoutes } from './modules/products/routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { saleRoutes } from './modules/sales/routes.ts';
import { tagRoutes } from './modules/tags/routes.ts';

export interface AppOptions {
  connection: Connection;
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute for one API key, user or (without credentials) address. */
  rateLimitPerMinute?: number;
  /** Where the built web app lives; served at / when present. */
  webRoot?: string;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export async function buildApp(options: AppOptions) {
  const { connection } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: true,
    // One line per request, written when it completes, instead of Fastify's two (http/logging.ts).
    logController: new RequestLines(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  app.decorate('db', connection.db);
  app.decorate('database', connection.kind);
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clientele API',
        version: '1',
        description: 'Customers, tags and customer groups for shops, tills and B2B sellers. '
          + 'Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, clt_...' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Cookies are parsed when a request has no API key (http/context.ts, sessionToken), not for every request.
  await app.register(cookie, { hook: false });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toClienteleError(error);
    if (known) return sendProblem(request, reply, known);
    request.log.error({ err: error, store: request.credentials?.tenantId }, 'unexpected error');
    return sendProblem(request, reply, new ClienteleError('internal', 'internal', 'Something went wrong on our side; it has been logged.'));
  });

  // One allowance per caller, counted without the database: a flood from one store's key or user spends
  // only that caller's allowance.
  app.addHook('onRequest', authenticate(connection.db, new Allowances(options.rateLimitPerMinute ?? 6000, 60_000)));
  // Lines an asynchronous log destination still holds are written before close() resolves.
  app.addHook('onClose', (instance, done) => {
    const log = instance.log as { flush?(callback: (error?: Error) => void): void };
    if (log.flush) log.flush(() => done());
    else done();
  });
  await listenForRevokedKeys(connection);

  app.get('/health', {
    config: { auth: false },
    schema: {
      summary: 'Is the service up, and on which database',
      tags: ['health'],
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }) },
    },
  }, async () => ({ status: 'ok' as const, database: connection.kind }));

  app.get('/openapi.json', { config: { auth: false }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (v1) => {
    await v1.register(accessRoutes);
    await v1.register(customerRoutes);
    await v1.register(tagRoutes);
    await v1.register(importRoutes);
    await v1.register(productRoutes);
    await v1.register(saleRoutes);
    await v1.register(balanceRoutes);
    await v1.register(reportRoutes);
    await v1.register(groupRoutes);
    await v1.register(eventRoutes);
  }, { prefix: '/v1' });

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(`${webRoot}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false });

  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: any other GET outside the API gets its page.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/v1/')) return reply.sendFile('index.html');
    return sendProblem(request, reply, new ClienteleError('not_found', 'route.not_found', `No ${request.method} ${request.url.split('?')[0]} here.`));
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
