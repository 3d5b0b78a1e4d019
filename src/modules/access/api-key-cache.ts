import type { Connection } from '../../db/connect.ts';
import type { Right } from './rights.ts';

/**
 * Keys already checked, for a minute, so a till's request costs no database round trip to authenticate.
 * Revoking a key forgets it here at once, and tells every other process on the same server through
 * NOTIFY, so a revoked key is refused from the next request on wherever it lands.
 */
const TTL_MS = 60_000;
export const REVOKED_CHANNEL = 'clientele_api_key_revoked';

interface CachedKey {
  tenantId: string;
  keyId: string;
  rights: ReadonlySet<Right>;
  expiresAt: number;
}

const verified = new Map<string, CachedKey>();

export function recallApiKey(tenantId: string, secretHash: string): CachedKey | undefined {
  const entry = verified.get(`${tenantId}:${secretHash}`);
  if (!entry || entry.expiresAt < Date.now()) return undefined;
  return entry;
}

export function rememberApiKey(tenantId: string, secretHash: string, keyId: string, rights: ReadonlySet<Right>) {
  verified.set(`${tenantId}:${secretHash}`, { tenantId, keyId, rights, expiresAt: Date.now() + TTL_MS });
}

export function forgetApiKey(tenantId: string, keyId: string) {
  for (const [hash, entry] of verified) if (entry.tenantId === tenantId && entry.keyId === keyId) verified.delete(hash);
}

/** On a server, hear revocations made by other processes. */
export async function listenForRevokedKeys(connection: Connection) {
  await connection.listen?.(REVOKED_CHANNEL, (payload) => {
    const [tenantId, keyId] = payload.split(':');
    if (tenantId && keyId) forgetApiKey(tenantId, keyId);
  });
}
