import { ClienteleError } from '../../lib/errors.ts';
import { forgetApiKey, REVOKED_CHANNEL } from './api-key-cache.ts';
import { type Ctx, inTransaction, requireRight } from './context.ts';
import * as queries from './queries.ts';
import type { Right } from './rights.ts';
import type { ApiKey, ApiKeyCreate, ApiKeyCreated } from './schema.ts';
import { displayApiKey, newApiKeySecret } from './secrets.ts';

type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof queries.findApiKey>>>;

export async function listApiKeys(ctx: Ctx): Promise<ApiKey[]> {
  requireRight(ctx, 'manage_api_keys');
  return (await queries.listApiKeys(ctx.db, ctx.tenantId)).map(toApiKey);
}

export async function createApiKey(ctx: Ctx, input: ApiKeyCreate): Promise<ApiKeyCreated> {
  requireRight(ctx, 'manage_api_keys');
  // A key can do no more than whoever makes it.
  const beyond = input.rights.filter((right) => !ctx.rights.has(right));
  if (beyond.length > 0) {
    throw new ClienteleError('forbidden', 'auth.right_missing', `You cannot give a key a right you do not have: ${beyond.join(', ')}.`, {
      extra: { right: beyond[0] },
    });
  }
  const key = newApiKeySecret(ctx.tenantId);
  const row = await queries.insertApiKey(ctx.db, {
    tenant_id: ctx.tenantId, name: input.name.trim(), secret_hash: key.secretHash, last_four: key.lastFour, rights: input.rights,
  });
  return { ...toApiKey(row), secret: key.secret };
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  requireRight(ctx, 'manage_api_keys');
  await inTransaction(ctx, async (tx) => {
    const row = await queries.revokeApiKey(tx.db, tx.tenantId, id);
    if (!row && !(await queries.findApiKey(tx.db, tx.tenantId, id))) throw ClienteleError.notFound('api_key');
    await queries.notifyKeyRevoked(tx.db, REVOKED_CHANNEL, `${tx.tenantId}:${id}`);
  });
  forgetApiKey(ctx.tenantId, id);
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id, name: row.name, display: displayApiKey(row.tenant_id, row.last_four), rights: row.rights as Right[],
    created_at: row.created_at.toISOString(), last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}
