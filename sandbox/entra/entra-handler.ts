/**
 * The sandbox's Entra endpoints:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration
 *   GET  /{tenant}/discovery/v2.0/keys   (and /discovery/keys)
 *   GET  /common/discovery/instance      (instance discovery, when a client leaves it on)
 *   POST /{tenant}/oauth2/v2.0/token     (client_credentials, password)
 * `{tenant}` may be the tenant id, one of its domains, "organizations" or "common".
 */
import { newGuid } from '../core/ids';
import type { SandboxContext, SandboxHandler, SandboxRequest, SandboxResponse } from '../core/types';
import type { DirectoryState } from '../directory/model';
import { clientCredentialsGrant } from './client-credentials-grant';
import type { GrantResult, TokenRequest } from './grant-types';
import { Aadsts, oauthErrorResponse, type AadstsError } from './oauth-error';
import { instanceDiscovery, jsonWebKeySet, openIdConfiguration } from './openid-metadata';
import { passwordGrant } from './password-grant';
import type { TokenSigner } from './token-factory';

const ENTRA_PATH = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|discovery\/instance|oauth2\/v2\.0\/token)$/;

export function createEntraHandler(ctx: SandboxContext, signer: TokenSigner): SandboxHandler {
  return async (req) => {
    const match = ENTRA_PATH.exec(req.path);
    if (!match) return undefined;
    const [, tenantSegment, endpoint] = match;
    const correlationId = req.headers['client-request-id'] ?? newGuid();
    const fail = (failure: AadstsError) => oauthErrorResponse(failure, { traceId: ctx.newRequestId(), correlationId, now: ctx.clock.now() });

    if (endpoint === 'discovery/instance') return json(instanceDiscovery(ctx.baseUrl, ctx.tenantId));
    if (!resolvesToTenant(tenantSegment, ctx.state().directory)) return fail(Aadsts.tenantNotFound(tenantSegment));
    if (endpoint.endsWith('openid-configuration')) return json(openIdConfiguration(ctx.baseUrl, ctx.tenantId));
    if (endpoint.startsWith('discovery/')) return json(jsonWebKeySet(signer.signingKey.jwk, signer.issuer));
    if (req.method !== 'POST') return { status: 405, headers: { Allow: 'POST' }, body: { error: 'invalid_request', error_description: 'Only POST is supported.' } };

    const result = grant(req, ctx, signer);
    if (!result.ok) return fail(result.failure);
    return { status: 200, headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'client-request-id': correlationId }, body: result.body };
  };
}

function grant(req: SandboxRequest, ctx: SandboxContext, signer: TokenSigner): GrantResult {
  const params = new URLSearchParams(req.rawBody);
  const tokenRequest: TokenRequest = {
    params,
    directory: ctx.state().directory,
    signer,
    ipAddress: normalizeIp(req.remoteAddress),
    now: ctx.clock.now(),
  };
  const grantType = params.get('grant_type') ?? '';
  if (grantType === 'client_credentials') return clientCredentialsGrant(tokenRequest);
  if (grantType === 'password') return passwordGrant(tokenRequest);
  if (!grantType) return { ok: false, failure: Aadsts.missingParameter('grant_type') };
  return { ok: false, failure: Aadsts.unsupportedGrant(grantType) };
}

function resolvesToTenant(segment: string, directory: DirectoryState): boolean {
  const key = segment.toLowerCase();
  if (key === 'organizations' || key === 'common') return true;
  return key === directory.tenantId.toLowerCase() || directory.domains.some((d) => d.id.toLowerCase() === key);
}

/** Node reports IPv4 peers on dual-stack sockets as "::ffff:a.b.c.d"; Entra logs the IPv4 form. */
function normalizeIp(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

function json(body: unknown): SandboxResponse {
  return { status: 200, headers: { 'Cache-Control': 'max-age=86400, private' }, body };
}
