import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { ClienteleError } from '../lib/errors.ts';
import { type Ctx, requireRight } from '../modules/access/context.ts';
import type { Right } from '../modules/access/rights.ts';
import { authenticateApiKey, authenticateSession, type Credentials, recallApiKeyCredentials } from '../modules/access/sessions.ts';
import type { Allowances } from './rate-limit.ts';

export const SESSION_COOKIE = 'clientele_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false for the few routes that need no credentials (login, health, docs). */
    auth?: boolean;
    /** The right the route needs, checked before anything else is read. */
    right?: Right;
  }
  interface FastifyInstance {
    db: Kysely<Database>;
    /** Which database `db` is: PGlite in this process, or a server. */
    database: DatabaseKind;
  }
  interface FastifyRequest {
    ctx: Ctx;
    credentials?: Credentials;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts the request against its caller's allowance (the key, the web session, or the address without
 * either), then reads the caller (API key or web session) into request.ctx and checks the route's right and
 * CSRF. A key checked in the last minute is admitted without waiting (no promise per request); anything else
 * is looked up.
 */
export function authenticate(db: Kysely<Database>, allowances: Allowances) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const authorization = request.headers.authorization;
    const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const session = key === undefined ? sessionToken(request) : undefined;
    const refusal = allowances.take(key ?? (session ? `session:${session}` : `ip:${request.ip}`), reply);
    if (refusal) return done(refusal);
    const config = request.routeOptions.config;
    if (config.auth === false || !request.url.startsWith('/v1/')) return done();
    const known = key === undefined ? undefined : recallApiKeyCredentials(key);
    if (known) return admit(db, request, known, config.right, done);
    readCredentials(db, key, session).then((credentials) => admit(db, request, credentials, config.right, done), done);
  };
}

/**
 * Lets the request go on with its caller, or fails it. A function of the module, not a closure made per
 * request: tsx keeps the names of named closures, with a defineProperty each time one is made (0.7 µs a
 * request on the hello route's profile).
 */
function admit(db: Kysely<Database>, request: FastifyRequest, credentials: Credentials, right: Right | undefined, done: (error?: Error) => void) {
  let error: Error | undefined;
  try {
    admitCaller(db, request, credentials, right);
  } catch (thrown) {
    error = thrown as Error;
  }
  done(error);
}

/** The web session's token from the request's cookies; parsed only when asked (API keys never need it). */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? request.server.parseCookie(header)[SESSION_COOKIE] : undefined;
}

function admitCaller(db: Kysely<Database>, request: FastifyRequest, credentials: Credentials, right: Right | undefined) {
  request.credentials = credentials;
  request.ctx = { db, tenantId: credentials.tenantId, actor: credentials.actor, rights: credentials.rights };
  if (credentials.csrfToken && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== credentials.csrfToken) {
    throw new ClienteleError('forbidden', 'auth.csrf', 'Changes made through a web session must send its x-csrf-token header.');
  }
  if (right) requireRight(request.ctx, right);
}

async function readCredentials(db: Kysely<Database>, key: string | undefined, session: string | undefined): Promise<Credentials> {
  if (key !== undefined) return authenticateApiKey(db, key);
  if (session) return authenticateSession(db, session);
  throw new ClienteleError('unauthenticated', 'auth.unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');
}

/** The version a client last read, from If-Match ("3" or W/"3"); undefined when it sent none or "*". */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (!header || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new ClienteleError('invalid', 'request.if_match', 'If-Match must be an ETag this API gave, such as "3".', { field: '/headers/if-match' });
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
