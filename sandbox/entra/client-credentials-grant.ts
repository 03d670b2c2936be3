/** grant_type=client_credentials with a client secret: the bot's own app identity. */
import { checkClientSecret, findApplication } from '../directory/model';
import type { GrantResult, TokenRequest } from './grant-types';
import { Aadsts } from './oauth-error';
import { GRAPH_RESOURCE, parseScopes } from './resources';
import { signAppToken } from './token-factory';

export function clientCredentialsGrant(request: TokenRequest): GrantResult {
  const { params, directory, signer, now } = request;
  const clientId = params.get('client_id');
  if (!clientId) return { ok: false, failure: Aadsts.missingParameter('client_id') };
  const scope = params.get('scope');
  if (!scope) return { ok: false, failure: Aadsts.missingParameter('scope') };
  const app = findApplication(directory, clientId);
  if (!app) return { ok: false, failure: Aadsts.appNotFound(clientId, signer.tenantId) };
  const secret = params.get('client_secret');
  if (!secret) {
    // Certificate assertions are a real-Azure option; the sandbox app only has secrets.
    return { ok: false, failure: Aadsts.clientSecretRequired() };
  }
  if (!checkClientSecret(app, secret, now)) return { ok: false, failure: Aadsts.badClientSecret(app.appId) };

  const parsed = parseScopes(scope);
  if (!parsed.ok) {
    return { ok: false, failure: parsed.unknownResource ? Aadsts.resourceNotFound(parsed.unknownResource, signer.tenantId) : Aadsts.clientCredentialsScope(parsed.invalidScope) };
  }
  if (!parsed.scopes.isDefault || parsed.scopes.permissions.length > 0) return { ok: false, failure: Aadsts.clientCredentialsScope(scope) };

  const resource = parsed.scopes.resource;
  // Graph permissions travel in `roles`; Key Vault authorizes by RBAC at request time instead.
  const roles = resource === GRAPH_RESOURCE ? [...app.roles] : [];
  const { token, expiresIn } = signAppToken(
    signer,
    { audience: resource.audience, appId: app.appId, appDisplayName: app.displayName, servicePrincipalId: app.servicePrincipalId, roles, clientAuthMethod: '1' },
    now,
  );
  return { ok: true, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token } };
}
