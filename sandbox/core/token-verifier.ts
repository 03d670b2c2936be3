/**
 * Access-token verification shared by the Graph and Key Vault handlers. It lives in core so
 * every resource server checks tokens exactly the same way the issuer signs them.
 */
import { decodeJwt, verifyRs256Signature } from './jwt';
import type { SigningKey } from './signing-key';
import type { CallerClaims, SandboxClock, TokenVerificationResult } from './types';

/** Entra tolerates this much clock skew between issuer and resource. */
const CLOCK_SKEW_IN_SECONDS = 300;

export interface TokenVerifierOptions {
  issuer: string;
  tenantId: string;
  signingKey: SigningKey;
  clock: SandboxClock;
}

export function createTokenVerifier(options: TokenVerifierOptions) {
  return function verifyAccessToken(authorizationHeader: string | undefined, verifyOptions: { audience?: string } = {}): TokenVerificationResult {
    const match = /^Bearer\s+(\S+)$/i.exec(authorizationHeader?.trim() ?? '');
    if (!match) return { ok: false, reason: 'missing', message: 'Access token is empty.' };
    const decoded = decodeJwt(match[1]);
    if (!decoded) return { ok: false, reason: 'invalid', message: 'IDX14100: JWT is not well formed.' };
    if (decoded.header.kid !== options.signingKey.kid || !verifyRs256Signature(decoded, options.signingKey.publicKey)) {
      return { ok: false, reason: 'invalid', message: 'Access token signature validation failed.' };
    }
    const claims = decoded.payload;
    if (claims.iss !== options.issuer || claims.tid !== options.tenantId) {
      return { ok: false, reason: 'invalid', message: 'Access token issuer or tenant is not valid for this resource.' };
    }
    const nowInSeconds = Math.floor(options.clock.now().getTime() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_IN_SECONDS < nowInSeconds) {
      return { ok: false, reason: 'expired', message: 'Lifetime validation failed, the token is expired.' };
    }
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_IN_SECONDS > nowInSeconds) {
      return { ok: false, reason: 'invalid', message: 'Lifetime validation failed, the token is not yet valid.' };
    }
    if (verifyOptions.audience !== undefined && !audienceMatches(String(claims.aud), verifyOptions.audience)) {
      return { ok: false, reason: 'audience', message: `Invalid audience '${String(claims.aud)}'.` };
    }
    return { ok: true, caller: toCallerClaims(claims) };
  };
}

function audienceMatches(actual: string, expected: string): boolean {
  const trim = (value: string) => value.replace(/\/+$/, '').toLowerCase();
  return trim(actual) === trim(expected);
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function toCallerClaims(claims: Record<string, unknown>): CallerClaims {
  const scp = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  return {
    kind: claims.idtyp === 'app' ? 'app' : 'user',
    oid: String(claims.oid ?? ''),
    tid: String(claims.tid ?? ''),
    appid: String(claims.appid ?? claims.azp ?? ''),
    aud: String(claims.aud ?? ''),
    roles: stringArray(claims.roles),
    scopes: scp,
    wids: stringArray(claims.wids),
    upn: typeof claims.upn === 'string' ? claims.upn : undefined,
  };
}
