import { ClienteleError } from '../../lib/errors.ts';
import { fingerprint } from '../../lib/fingerprint.ts';
import { type Ctx, inTransaction, type TxCtx } from '../access/context.ts';
import * as queries from './queries.ts';

export interface Outcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed?: boolean;
}

// How long a first request may run before a retry may assume it died and take the key over.
const LOCK_SECONDS = 60;

/**
 * Runs `work` at most once per Idempotency-Key (the IETF httpapi draft's rules): the same key and body
 * answer the first result; the same key with another body answers 422; a retry while the first still runs
 * answers 409. The work and its stored answer commit in one transaction. A request that fails releases the
 * key, since it changed nothing, so the client can fix it and retry.
 */
export async function once<T>(ctx: Ctx, scope: string, key: string | undefined, request: unknown,
  work: (tx: TxCtx) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  if (key === undefined) return inTransaction(ctx, work);
  const requestHash = fingerprint(request);
  if (!await queries.claimKey(ctx.db, ctx.tenantId, scope, key, requestHash, LOCK_SECONDS)) {
    const held = await queries.findKey(ctx.db, ctx.tenantId, scope, key);
    if (held && held.request_hash !== requestHash) {
      throw new ClienteleError('unprocessable', 'idempotency.key_reused',
        'This Idempotency-Key was used with a different request; use a new key for a new request.', { extra: { header: 'Idempotency-Key' } });
    }
    if (held?.state === 'done') return { status: held.response_status!, body: held.response_body as T, replayed: true };
    if (!await queries.reclaimAbandonedKey(ctx.db, ctx.tenantId, scope, key, requestHash, LOCK_SECONDS)) {
      throw new ClienteleError('conflict', 'idempotency.in_progress',
        'A request with this Idempotency-Key is still being processed; retry in a moment.', { extra: { header: 'Idempotency-Key' } });
    }
  }
  try {
    return await inTransaction(ctx, async (tx) => {
      const outcome = await work(tx);
      await queries.completeKey(tx.db, tx.tenantId, scope, key, outcome.status, outcome.body);
      return outcome;
    });
  } catch (error) {
    await queries.releaseKey(ctx.db, ctx.tenantId, scope, key);
    throw error;
  }
}
