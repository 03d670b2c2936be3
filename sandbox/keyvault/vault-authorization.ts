/**
 * Key Vault's authentication and authorization, as the real service does them:
 * no or bad token → 401 with a bearer challenge naming the authority and resource
 * (the SecretClient's challenge policy reads it to know where to get a token);
 * a valid token of a principal without a role on the vault → 403 ForbiddenByRbac.
 */
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../core/types';
import { findApplicationByServicePrincipal } from '../directory/model';
import { keyVaultError, KeyVaultErrors } from './keyvault-errors';

export const KEY_VAULT_AUDIENCE = 'https://vault.azure.net';

export type VaultCaller = { appid: string; oid: string };

export function challengeHeader(ctx: SandboxContext): string {
  return `Bearer authorization="${ctx.baseUrl}/${ctx.tenantId}", resource="${KEY_VAULT_AUDIENCE}"`;
}

/** Returns the caller, or the 401/403 response to send instead. */
export function authorizeVaultRequest(ctx: SandboxContext, req: SandboxRequest, action: string, resource: string): { caller: VaultCaller } | { response: SandboxResponse } {
  const verified = ctx.verifyAccessToken(req.headers.authorization, { audience: KEY_VAULT_AUDIENCE });
  if (!verified.ok) {
    const message =
      verified.reason === 'missing'
        ? 'AKV10000: Request is missing a Bearer or PoP token.'
        : verified.reason === 'audience'
          ? `AKV10022: Invalid audience. ${verified.message}`
          : verified.reason === 'expired'
            ? 'AKV10032: Token expired.'
            : `AKV10032: Invalid issuer or signature. ${verified.message}`;
    return { response: keyVaultError(401, 'Unauthorized', message, { headers: { 'WWW-Authenticate': challengeHeader(ctx) } }) };
  }
  const caller = { appid: verified.caller.appid, oid: verified.caller.oid };
  // RBAC is evaluated per request against live state, so revoking the role takes effect at once.
  const app = verified.caller.kind === 'app' ? findApplicationByServicePrincipal(ctx.state().directory, verified.caller.oid) : undefined;
  if (!app?.keyVaultSecretsOfficer) return { response: KeyVaultErrors.forbiddenByRbac(caller, action, resource) };
  return { caller };
}
