/**
 * The resources (APIs) the sandbox issues tokens for, and how OAuth scopes name them.
 * A token has exactly one audience, so the scopes of one request must all name the same resource.
 */

export interface SandboxResource {
  /** The `aud` claim, as Entra issues it for v1 resources. */
  audience: string;
  /** The resource's first-party application id (what CA policies target). */
  appId: string;
  identifierUris: string[];
}

export const GRAPH_RESOURCE: SandboxResource = {
  audience: 'https://graph.microsoft.com',
  appId: '00000003-0000-0000-c000-000000000000',
  identifierUris: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
};

export const KEY_VAULT_RESOURCE: SandboxResource = {
  audience: 'https://vault.azure.net',
  appId: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093',
  identifierUris: ['https://vault.azure.net', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'],
};

const RESOURCES = [GRAPH_RESOURCE, KEY_VAULT_RESOURCE];

/** OpenID Connect scopes MSAL adds on its own; they select no resource. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface ParsedScopes {
  resource: SandboxResource;
  /** True when the request used "{resource}/.default". */
  isDefault: boolean;
  /** Permission names requested explicitly (e.g. "User.Read"), without the resource prefix. */
  permissions: string[];
  oidc: string[];
}

export type ScopeParseResult = { ok: true; scopes: ParsedScopes } | { ok: false; unknownResource?: string; invalidScope: string };

/**
 * "https://graph.microsoft.com/.default" → Graph, default; "User.Read" (no prefix) → Graph,
 * as Entra assumes Graph for bare scope names.
 */
export function parseScopes(scopeParameter: string): ScopeParseResult {
  const all = scopeParameter.split(/\s+/).filter(Boolean);
  const oidc = all.filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  const rest = all.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  if (rest.length === 0) return { ok: true, scopes: { resource: GRAPH_RESOURCE, isDefault: true, permissions: [], oidc } };
  let resource: SandboxResource | undefined;
  let isDefault = false;
  const permissions: string[] = [];
  for (const scope of rest) {
    const split = splitScope(scope);
    const found = split.resourceUri === undefined ? GRAPH_RESOURCE : RESOURCES.find((r) => r.identifierUris.includes(split.resourceUri as string));
    if (!found) return { ok: false, unknownResource: split.resourceUri, invalidScope: scope };
    if (resource && resource !== found) return { ok: false, invalidScope: scopeParameter };
    resource = found;
    if (split.permission === '.default') isDefault = true;
    else permissions.push(split.permission);
  }
  return { ok: true, scopes: { resource: resource ?? GRAPH_RESOURCE, isDefault, permissions, oidc } };
}

function splitScope(scope: string): { resourceUri?: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash < 0) return { permission: scope };
  return { resourceUri: scope.slice(0, slash).replace(/\/+$/, '').toLowerCase(), permission: scope.slice(slash + 1) };
}
