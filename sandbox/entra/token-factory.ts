/**
 * Builds and signs the sandbox's access and ID tokens. Claim names follow Entra's v1.0 access
 * tokens (what Graph and Key Vault receive): appid, upn, roles, scp, wids, idtyp.
 */
import { randomBytes } from 'node:crypto';
import { signJwt } from '../core/jwt';
import type { SigningKey } from '../core/signing-key';

/** Entra issues access tokens for 60–90 minutes; the sandbox picks the middle. */
export const ACCESS_TOKEN_LIFETIME_IN_SECONDS = 4499;
/** Every member user carries this "User" role template id in wids. */
export const DEFAULT_USER_ROLE_TEMPLATE_ID = 'b79fbf4d-3ef9-4689-8143-76b194e85509';

export interface TokenSigner {
  issuer: string;
  tenantId: string;
  signingKey: SigningKey;
}

export interface AppTokenInput {
  audience: string;
  appId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  roles: string[];
  /** appidacr: 1 = client secret, 2 = certificate. */
  clientAuthMethod: '1' | '2';
}

export interface UserTokenInput {
  audience: string;
  appId: string;
  appDisplayName: string;
  user: { id: string; userPrincipalName: string; displayName: string; givenName?: string | null; surname?: string | null };
  scopes: string[];
  wids: string[];
  /** appidacr: 0 = public client (no secret), 1 = client secret. */
  clientAuthMethod: '0' | '1';
}

function timeClaims(now: Date): { iat: number; nbf: number; exp: number } {
  const iat = Math.floor(now.getTime() / 1000);
  return { iat, nbf: iat, exp: iat + ACCESS_TOKEN_LIFETIME_IN_SECONDS };
}

/** Entra's `uti`: a per-token id (base64url, 22 characters). */
function tokenId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

export function signAppToken(signer: TokenSigner, input: AppTokenInput, now: Date): { token: string; expiresIn: number } {
  const payload = {
    aud: input.audience,
    iss: signer.issuer,
    ...timeClaims(now),
    app_displayname: input.appDisplayName,
    appid: input.appId,
    appidacr: input.clientAuthMethod,
    azp: input.appId,
    idp: signer.issuer,
    idtyp: 'app',
    oid: input.servicePrincipalId,
    ...(input.roles.length > 0 ? { roles: input.roles } : {}),
    sub: input.servicePrincipalId,
    tid: signer.tenantId,
    uti: tokenId(),
    ver: '1.0',
  };
  return { token: signJwt(payload, signer.signingKey), expiresIn: ACCESS_TOKEN_LIFETIME_IN_SECONDS };
}

export function signUserToken(signer: TokenSigner, input: UserTokenInput, now: Date): { token: string; expiresIn: number } {
  const payload = {
    aud: input.audience,
    iss: signer.issuer,
    ...timeClaims(now),
    acr: '1',
    amr: ['pwd'],
    app_displayname: input.appDisplayName,
    appid: input.appId,
    appidacr: input.clientAuthMethod,
    azp: input.appId,
    family_name: input.user.surname ?? undefined,
    given_name: input.user.givenName ?? undefined,
    idtyp: 'user',
    name: input.user.displayName,
    oid: input.user.id,
    scp: input.scopes.join(' '),
    sub: input.user.id,
    tid: signer.tenantId,
    unique_name: input.user.userPrincipalName,
    upn: input.user.userPrincipalName,
    uti: tokenId(),
    ver: '1.0',
    wids: input.wids,
  };
  return { token: signJwt(payload, signer.signingKey), expiresIn: ACCESS_TOKEN_LIFETIME_IN_SECONDS };
}

/** The v2.0 ID token MSAL reads to build its account record. */
export function signIdToken(signer: TokenSigner, input: { appId: string; user: UserTokenInput['user'] }, now: Date): string {
  const payload = {
    aud: input.appId,
    iss: signer.issuer,
    ...timeClaims(now),
    name: input.user.displayName,
    oid: input.user.id,
    preferred_username: input.user.userPrincipalName,
    sub: input.user.id,
    tid: signer.tenantId,
    uti: tokenId(),
    ver: '2.0',
  };
  return signJwt(payload, signer.signingKey);
}

/** MSAL asks for client_info=1 and builds the home account id from it. */
export function clientInfo(userId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId }), 'utf8').toString('base64url');
}
