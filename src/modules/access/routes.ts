import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION_COOKIE, sessionToken } from '../../http/context.ts';
import { Allowances } from '../../http/rate-limit.ts';
import { IdParams, problemRef, problems } from '../../http/schemas.ts';
import * as apiKeys from './api-keys.ts';
import * as roles from './roles.ts';
import {
  ApiKeyCreate, ApiKeyCreated, ApiKeyList, MeUpdate, RightList, Role, RoleCreate, RoleList, RoleUpdate, Session,
  SessionCreate, Store, StoreUpdate, User, UserCreate, UserList, UserUpdate,
} from './schema.ts';
import * as sessions from './sessions.ts';
import * as stores from './stores.ts';
import * as users from './users.ts';

const all = <T>(items: T[]) => ({ items, total: items.length, next_cursor: null });

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Session: the web app's login. Ten tries a minute for one email from one address: slows password
  // guessing without letting one person's typos lock out a whole shop behind the same address.
  const logins = new Allowances(10, 60_000);
  app.post('/session', {
    config: { auth: false },
    preHandler: (request, reply, done) => {
      done(logins.take(`${request.ip}\u0000${request.body.email.toLowerCase()}`, reply));
    },
    schema: {
      summary: 'Sign in', tags: ['session'], body: SessionCreate,
      response: { 200: Session, 400: problemRef, 401: problemRef, 409: problemRef, 429: problemRef },
    },
  }, async (request, reply) => {
    const { token, session } = await sessions.logIn(request.server.db, request.body);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 14 * 86_400,
    });
    return session;
  });
  app.get('/session', { schema: { summary: 'The signed-in user, store and rights', tags: ['session'], response: { 200: Session, 401: problemRef } } },
    async (request) => sessions.describeSession(request.ctx, request.credentials?.csrfToken ?? ''));
  app.delete('/session', { schema: { summary: 'Sign out', tags: ['session'], response: { 204: Type.Null(), 401: problemRef } } },
    async (request, reply) => {
      await sessions.logOut(request.server.db, sessionToken(request) ?? '');
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });
  app.patch('/me', { schema: { summary: 'Change my name, password or language', tags: ['session'], body: MeUpdate, response: { 200: User, ...problems } } },
    async (request) => users.updateMe(request.ctx, request.body));

  // Store
  app.get('/store', { schema: { summary: 'This store', tags: ['store'], response: { 200: Store, ...problems } } },
    async (request) => stores.getStore(request.ctx));
  app.patch('/store', {
    config: { right: 'manage_store_settings' },
    schema: { summary: 'Change this store\'s name, currency or language', tags: ['store'], body: StoreUpdate, response: { 200: Store, ...problems } },
  }, async (request) => stores.updateStore(request.ctx, request.body));

  // Rights and roles
  app.get('/rights', { schema: { summary: 'Every right', tags: ['roles'], response: { 200: RightList, ...problems } } },
    async () => all(roles.listRights()));
  app.get('/roles', { config: { right: 'manage_users' }, schema: { summary: 'List roles', tags: ['roles'], response: { 200: RoleList, ...problems } } },
    async (request) => all(await roles.listRoles(request.ctx)));
  app.post('/roles', {
    config: { right: 'manage_users' },
    schema: { summary: 'Create a role', tags: ['roles'], body: RoleCreate, response: { 201: Role, 409: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await roles.createRole(request.ctx, request.body)));
  app.get('/roles/:id', { config: { right: 'manage_users' }, schema: { summary: 'A role', tags: ['roles'], params: IdParams, response: { 200: Role, ...problems } } },
    async (request) => roles.getRole(request.ctx, request.params.id));
  app.patch('/roles/:id', {
    config: { right: 'manage_users' },
    schema: { summary: 'Change a role', tags: ['roles'], params: IdParams, body: RoleUpdate, response: { 200: Role, 409: problemRef, 422: problemRef, ...problems } },
  }, async (request) => roles.updateRole(request.ctx, request.params.id, request.body));
  app.delete('/roles/:id', {
    config: { right: 'manage_users' },
    schema: { summary: 'Delete a role no user has', tags: ['roles'], params: IdParams, response: { 204: Type.Null(), 409: problemRef, 422: problemRef, ...problems } },
  }, async (request, reply) => {
    await roles.deleteRole(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  // Users
  app.get('/users', { config: { right: 'manage_users' }, schema: { summary: 'List users', tags: ['users'], response: { 200: UserList, ...problems } } },
    async (request) => all(await users.listUsers(request.ctx)));
  app.post('/users', {
    config: { right: 'manage_users' },
    schema: { summary: 'Create a user', tags: ['users'], body: UserCreate, response: { 201: User, 409: problemRef, ...problems } },
  }, async (request, reply) => reply.status(201).send(await users.createUser(request.ctx, request.body)));
  app.get('/users/:id', { config: { right: 'manage_users' }, schema: { summary: 'A user', tags: ['users'], params: IdParams, response: { 200: User, ...problems } } },
    async (request) => users.getUser(request.ctx, request.params.id));
  app.patch('/users/:id', {
    config: { right: 'manage_users' },
    schema: { summary: 'Change, disable or enable a user', tags: ['users'], params: IdParams, body: UserUpdate, response: { 200: User, ...problems } },
  }, async (request) => users.updateUser(request.ctx, request.params.id, request.body));
  app.delete('/users/:id', {
    config: { right: 'manage_users' },
    schema: { summary: 'Delete a user', tags: ['users'], params: IdParams, response: { 204: Type.Null(), 422: problemRef, ...problems } },
  }, async (request, reply) => {
    await users.deleteUser(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  // API keys
  app.get('/api-keys', { config: { right: 'manage_api_keys' }, schema: { summary: 'List API keys', tags: ['api keys'], response: { 200: ApiKeyList, ...problems } } },
    async (request) => all(await apiKeys.listApiKeys(request.ctx)));
  app.post('/api-keys', {
    config: { right: 'manage_api_keys' },
    schema: { summary: 'Create an API key (its secret is shown once)', tags: ['api keys'], body: ApiKeyCreate, response: { 201: ApiKeyCreated, ...problems } },
  }, async (request, reply) => reply.status(201).send(await apiKeys.createApiKey(request.ctx, request.body)));
  app.delete('/api-keys/:id', {
    config: { right: 'manage_api_keys' },
    schema: { summary: 'Revoke an API key, from the next request on', tags: ['api keys'], params: IdParams, response: { 204: Type.Null(), ...problems } },
  }, async (request, reply) => {
    await apiKeys.revokeApiKey(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
