import { verify } from '@node-rs/argon2';
import type { Db } from '../../db/database.ts';
import { ClienteleError } from '../../lib/errors.ts';
import type { Actor, Ctx } from './context.ts';
import { recallApiKey, rememberApiKey } from './api-key-cache.ts';
import * as queries from './queries.ts';
import { isRight, type Right } from './rights.ts';
import type { Session, SessionCreate } from './schema.ts';
import { newSessionToken, parseApiKey, parseSessionToken } from './secrets.ts';
import { toStore } from './stores.ts';

const SESSION_DAYS = 14;
// last_used_at is written at most once a minute per key, so a busy till does not write on every request.
const TOUCH_EVERY_MS = 60_000;
const lastTouched = new Map<string, number>();

export interface Credentials {
  tenantId: string;
  actor: Actor;
  rights: ReadonlySet<Right>;
  /** Set for a web session: changes must echo it in the x-csrf-token header. */
  csrfToken?: string;
}

const unauthenticated = () =>
  new ClienteleError('unauthenticated', 'auth.unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');

/**
 * The credentials of a key checked in the last minute, without waiting: undefined when the key must be looked
 * up (or is unknown), or when its last_used_at is due to be written; authenticateApiKey then does both.
 */
export function recallApiKeyCredentials(secret: string): Credentials | undefined {
  const key = recallApiKey(secret);
  if (!key || (lastTouched.get(key.keyId) ?? 0) < Date.now() - TOUCH_EVERY_MS) return undefined;
  return key.credentials;
}

export async function authenticateApiKey(db: Db, secret: string): Promise<Credentials> {
  let key = recallApiKey(secret);
  if (!key) {
    const parsed = parseApiKey(secret);
    if (!parsed) throw unauthenticated();
    const row = await queries.findApiKeyBySecret(db, parsed.tenantId, parsed.secretHash);
    if (!row || row.revoked_at) throw unauthenticated();
    key = rememberApiKey(secret, {
      tenantId: parsed.tenantId, actor: { kind: 'api_key', id: row.id }, rights: new Set(row.rights.filter(isRight)),
    });
  }
  const now = Date.now();
  if ((lastTouched.get(key.keyId) ?? 0) < now - TOUCH_EVERY_MS) {
    lastTouched.set(key.keyId, now);
    await queries.touchApiKey(db, key.credentials.tenantId, key.keyId, new Date(now));
  }
  return key.credentials;
}

export async function authenticateSession(db: Db, token: string): Promise<Credentials> {
  const parsed = parseSessionToken(token);
  if (!parsed) throw unauthenticated();
  const session = await queries.findSession(db, parsed.tenantId, parsed.secretHash);
  if (!session || session.disabled_at || session.expires_at.getTime() < Date.now()) throw unauthenticated();
  const rights = await queries.listUserRights(db, parsed.tenantId, session.user_id);
  return {
    tenantId: parsed.tenantId, actor: { kind: 'user', id: session.user_id }, rights: new Set(rights.filter(isRight)),
    csrfToken: session.csrf_token,
  };
}

/**
 * Checks the email and password and opens a new session (a new id at every login). When the same email
 * and password open several stores, the caller must name one: the answer lists those stores only.
 */
export async function logIn(db: Db, input: SessionCreate): Promise<{ token: string; session: Session }> {
  const candidates = await queries.findLoginCandidates(db, input.email.trim());
  const matching = [];
  for (const candidate of candidates) {
    if (input.store_id && candidate.tenant_id !== input.store_id) continue;
    if (await verify(candidate.password_hash, input.password)) matching.push(candidate);
  }
  if (matching.length === 0) {
    throw new ClienteleError('unauthenticated', 'session.invalid_login', 'The email or the password is not right.');
  }
  if (matching.length > 1) {
    throw new ClienteleError('conflict', 'session.store_choice', 'This login opens several stores; choose one.', {
      extra: { stores: matching.map((match) => ({ id: match.tenant_id, name: match.store_name })) },
    });
  }
  const user = matching[0]!;
  const { token, tokenHash, csrfToken } = newSessionToken(user.tenant_id);
  await queries.insertSession(db, {
    tenant_id: user.tenant_id, token_hash: tokenHash, user_id: user.id, csrf_token: csrfToken,
    expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  const credentials: Credentials = {
    tenantId: user.tenant_id, actor: { kind: 'user', id: user.id }, csrfToken,
    rights: new Set((await queries.listUserRights(db, user.tenant_id, user.id)).filter(isRight)),
  };
  return { token, session: await describeSession({ db, ...credentials }, csrfToken) };
}

export async function logOut(db: Db, token: string): Promise<void> {
  const parsed = parseSessionToken(token);
  if (parsed) await queries.deleteSession(db, parsed.tenantId, parsed.secretHash);
}

export async function describeSession(ctx: Ctx, csrfToken: string): Promise<Session> {
  if (ctx.actor.kind !== 'user') throw unauthenticated();
  const [user, store] = await Promise.all([
    queries.findUser(ctx.db, ctx.tenantId, ctx.actor.id),
    queries.findStore(ctx.db, ctx.tenantId),
  ]);
  if (!user || !store) throw unauthenticated();
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale as Session['user']['locale'] },
    store: toStore(store), rights: [...ctx.rights], csrf_token: csrfToken,
  };
}
