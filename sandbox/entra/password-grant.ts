/**
 * grant_type=password (ROPC): Default mode's Global Admin and the management service account.
 *
 * Checks run in Entra's order: client, user, password, account state, then conditional access
 * and MFA (which only apply once the primary credential is proven). The password is read from
 * the live directory state, so a password changed through Graph fails at the very next sign-in.
 */
import { evaluateConditionalAccess } from '../directory/conditional-access';
import { checkClientSecret, checkUserPassword, directoryRoleTemplateIdsOf, findApplication, findUser, type DirectoryState } from '../directory/model';
import type { GrantResult, TokenRequest } from './grant-types';
import { Aadsts } from './oauth-error';
import { GRAPH_RESOURCE, parseScopes } from './resources';
import { clientInfo, DEFAULT_USER_ROLE_TEMPLATE_ID, signIdToken, signUserToken } from './token-factory';

export function passwordGrant(request: TokenRequest): GrantResult {
  const { params, directory, signer, now } = request;
  for (const name of ['client_id', 'username', 'password'] as const) {
    if (!params.get(name)) return { ok: false, failure: Aadsts.missingParameter(name) };
  }
  const clientId = params.get('client_id') as string;
  const app = findApplication(directory, clientId);
  if (!app) return { ok: false, failure: Aadsts.appNotFound(clientId, signer.tenantId) };
  const secret = params.get('client_secret');
  if (secret) {
    if (!checkClientSecret(app, secret, now)) return { ok: false, failure: Aadsts.badClientSecret(app.appId) };
  } else if (!app.isFallbackPublicClient) {
    return { ok: false, failure: Aadsts.clientSecretRequired() };
  }

  const parsed = parseScopes(params.get('scope') ?? '');
  if (!parsed.ok) return { ok: false, failure: Aadsts.resourceNotFound(parsed.unknownResource ?? parsed.invalidScope, signer.tenantId) };
  const resource = parsed.scopes.resource;

  const user = findUser(directory, params.get('username') as string);
  if (!user) return { ok: false, failure: Aadsts.userNotFound(tenantDirectoryName(directory)) };
  if (!checkUserPassword(user, params.get('password') as string)) return { ok: false, failure: Aadsts.wrongPassword() };
  if (!user.accountEnabled) return { ok: false, failure: Aadsts.accountDisabled() };

  const ca = evaluateConditionalAccess(directory, {
    userId: user.id,
    ipAddress: request.ipAddress,
    appId: resource.appId,
    // ROPC sign-ins show as "Mobile apps and desktop clients" in Entra's sign-in log.
    clientAppType: 'mobileAppsAndDesktopClients',
  });
  if (ca.blocked) return { ok: false, failure: Aadsts.blockedByConditionalAccess() };
  if (user.requiresMfa || ca.mfaRequired) return { ok: false, failure: Aadsts.mfaRequired(resource.appId) };
  if (user.forceChangePasswordNextSignIn) return { ok: false, failure: Aadsts.passwordExpired() };

  // Delegated permissions: ".default" means everything consented; named scopes must all be consented.
  let scopes: string[];
  if (resource === GRAPH_RESOURCE) {
    const consented = new Map(app.delegatedScopes.map((s) => [s.toLowerCase(), s]));
    const missing = parsed.scopes.permissions.filter((p) => !consented.has(p.toLowerCase()));
    if (missing.length > 0) return { ok: false, failure: Aadsts.consentRequired(app.appId, missing.join(' ')) };
    scopes = parsed.scopes.isDefault ? [...app.delegatedScopes] : parsed.scopes.permissions.map((p) => consented.get(p.toLowerCase()) as string);
  } else {
    scopes = ['user_impersonation'];
  }

  const wids = [...new Set([...directoryRoleTemplateIdsOf(directory, user.id), DEFAULT_USER_ROLE_TEMPLATE_ID])];
  const clientAuthMethod = secret ? '1' : '0';
  const { token, expiresIn } = signUserToken(
    signer,
    { audience: resource.audience, appId: app.appId, appDisplayName: app.displayName, user, scopes, wids, clientAuthMethod },
    now,
  );
  const granted = [...scopes.map((s) => `${resource.audience}/${s}`), ...parsed.scopes.oidc.filter((s) => s !== 'offline_access')];
  return {
    ok: true,
    body: {
      token_type: 'Bearer',
      scope: granted.join(' '),
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
      ...(parsed.scopes.oidc.includes('openid') ? { id_token: signIdToken(signer, { appId: app.appId, user }, now) } : {}),
      ...(params.get('client_info') === '1' ? { client_info: clientInfo(user.id, signer.tenantId) } : {}),
    },
  };
}

function tenantDirectoryName(directory: DirectoryState): string {
  const initial = directory.domains.find((d) => d.isInitial) ?? directory.domains.find((d) => d.isDefault);
  return initial?.id ?? directory.organization.displayName;
}
