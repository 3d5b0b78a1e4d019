import { createHash, randomBytes } from 'node:crypto';

// API keys and session tokens carry their store, so a lookup is led by tenant_id like every other query;
// the secret part is 256 random bits, and only its SHA-256 is stored (a slow hash buys nothing for a
// random secret and would cost every request).
const API_KEY = /^clt_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const SESSION = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

export interface ParsedSecret {
  tenantId: string;
  secretHash: string;
}

export function newApiKeySecret(tenantId: string): { secret: string; secretHash: string; lastFour: string } {
  const random = randomBytes(32).toString('base64url');
  return { secret: `clt_${tenantId.replaceAll('-', '')}_${random}`, secretHash: hashSecret(random), lastFour: random.slice(-4) };
}

export function parseApiKey(secret: string): ParsedSecret | undefined {
  const match = API_KEY.exec(secret);
  return match ? { tenantId: toUuid(match[1]!), secretHash: hashSecret(match[2]!) } : undefined;
}

export function displayApiKey(tenantId: string, lastFour: string): string {
  return `clt_${tenantId.replaceAll('-', '').slice(0, 4)}…${lastFour}`;
}

export function newSessionToken(tenantId: string): { token: string; tokenHash: string; csrfToken: string } {
  const random = randomBytes(32).toString('base64url');
  return {
    token: `${tenantId.replaceAll('-', '')}.${random}`,
    tokenHash: hashSecret(random),
    csrfToken: randomBytes(24).toString('base64url'),
  };
}

export function parseSessionToken(token: string): ParsedSecret | undefined {
  const match = SESSION.exec(token);
  return match ? { tenantId: toUuid(match[1]!), secretHash: hashSecret(match[2]!) } : undefined;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function toUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
