/**
 * The download link's token: `v1.<key id>.<payload>.<signature>`, the payload being base64url
 * JSON of { export id, tenant, user, expiry } and the signature HMAC-SHA256 over everything
 * before it. It names ids only (no audit content, no secret); the key never leaves this module's
 * callers and is never logged. A key id that this process does not hold means the key changed
 * (a restart without a configured key, or a key rotation), which is told apart from tampering.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AuditExportLinkKey {
  /** Short public id of the key (a hash prefix), carried in every token. */
  readonly id: string;
  /** The HMAC key itself. Never logged, never in a card or a URL. */
  readonly key: Buffer;
}

export interface AuditExportLinkClaims {
  exportId: string;
  tenantId: string;
  userId: string;
  /** Epoch milliseconds (carried as whole seconds, rounded down). */
  expiresAtMs: number;
}

export type VerifiedToken =
  | { ok: true; claims: AuditExportLinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'unknown-key' };

const VERSION = 'v1';
/** Anything longer is not a token this module made; refused before any work. */
export const MAX_TOKEN_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A key from configured text (at least 32 characters) or, without one, 32 random bytes for this process only. */
export function linkKeyFrom(secretText: string | undefined): AuditExportLinkKey {
  const key = secretText === undefined ? randomBytes(32) : Buffer.from(secretText, 'utf8');
  const id = createHash('sha256').update('audit-export-link-key\u0000').update(key).digest('hex').slice(0, 12);
  return { id, key };
}

function signatureOf(key: AuditExportLinkKey, signed: string): Buffer {
  return createHmac('sha256', key.key).update(signed, 'utf8').digest();
}

export function signLinkToken(key: AuditExportLinkKey, claims: AuditExportLinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ x: claims.exportId, t: claims.tenantId, u: claims.userId, e: Math.floor(claims.expiresAtMs / 1000) }),
    'utf8',
  ).toString('base64url');
  const signed = `${VERSION}.${key.id}.${payload}`;
  return `${signed}.${signatureOf(key, signed).toString('base64url')}`;
}

/** Checks the shape and the signature (in constant time) before the payload is parsed. Expiry is the caller's. */
export function verifyLinkToken(keys: readonly AuditExportLinkKey[], token: string): VerifiedToken {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'malformed' };
  const [version, keyId, payload, signature] = parts as [string, string, string, string];
  if (version !== VERSION || !BASE64URL.test(keyId) || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const expected = signatureOf(key, `${version}.${keyId}.${payload}`);
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'bad-signature' };
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { x, t, u, e } = parsed;
    if (typeof x !== 'string' || typeof t !== 'string' || typeof u !== 'string' || typeof e !== 'number' || !Number.isFinite(e)) {
      return { ok: false, reason: 'malformed' };
    }
    return { ok: true, claims: { exportId: x, tenantId: t, userId: u, expiresAtMs: e * 1000 } };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
