/**
 * Loopback-only admin routes over the directory, for tests and demos that must change what no
 * Graph call may change (an app's consented permissions, per-user MFA). The core's admin router
 * delegates `/_sandbox/directory/…` here after its loopback check:
 *
 *   GET    /_sandbox/directory/applications/{appId}
 *   POST   /_sandbox/directory/applications/{appId}/permissions/{permission}   grant (admin consent)
 *   DELETE /_sandbox/directory/applications/{appId}/permissions/{permission}   revoke
 *   PUT    /_sandbox/directory/applications/{appId}/keyVaultAccess             { "allowed": bool }
 *   PUT    /_sandbox/directory/users/{id|upn}/mfa                              { "requiresMfa": bool }
 */
import type { SandboxRequest, SandboxResponse, SandboxState } from '../core/types';
import { findApplication, findUser, grantApplicationPermission, revokeApplicationPermission, setKeyVaultAccess } from './model';

export interface DirectoryAdminDependencies {
  state(): SandboxState;
  persist(): Promise<void>;
}

const notFound = (what: string): SandboxResponse => ({ status: 404, body: { error: { code: 'NotFound', message: `No ${what} in the sandbox directory.` } } });
const badRequest = (message: string): SandboxResponse => ({ status: 400, body: { error: { code: 'BadRequest', message } } });

function describeApp(deps: DirectoryAdminDependencies, appId: string): SandboxResponse {
  const app = findApplication(deps.state().directory, appId);
  if (!app) return notFound(`application ${appId}`);
  return {
    status: 200,
    body: { appId: app.appId, displayName: app.displayName, roles: app.roles, delegatedScopes: app.delegatedScopes, keyVaultSecretsOfficer: app.keyVaultSecretsOfficer },
  };
}

export async function handleDirectoryAdminRequest(req: SandboxRequest, deps: DirectoryAdminDependencies): Promise<SandboxResponse | undefined> {
  const match = /^\/_sandbox\/directory\/(applications|users)\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(req.path);
  if (!match) return undefined;
  const [, collection, rawId, sub, rawArg] = match;
  const id = decodeURIComponent(rawId as string);
  const arg = rawArg === undefined ? undefined : decodeURIComponent(rawArg);
  const directory = deps.state().directory;
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;

  if (collection === 'applications') {
    if (!findApplication(directory, id)) return notFound(`application ${id}`);
    if (req.method === 'GET' && sub === undefined) return describeApp(deps, id);
    if (sub === 'permissions' && arg && (req.method === 'POST' || req.method === 'PUT')) {
      grantApplicationPermission(directory, id, arg);
    } else if (sub === 'permissions' && arg && req.method === 'DELETE') {
      revokeApplicationPermission(directory, id, arg);
    } else if (sub === 'keyVaultAccess' && req.method === 'PUT') {
      if (typeof body.allowed !== 'boolean') return badRequest('Body must be { "allowed": true|false }.');
      setKeyVaultAccess(directory, id, body.allowed);
    } else {
      return undefined;
    }
    await deps.persist();
    return describeApp(deps, id);
  }

  if (collection === 'users' && sub === 'mfa' && req.method === 'PUT' && arg === undefined) {
    const user = findUser(directory, id);
    if (!user) return notFound(`user ${id}`);
    if (typeof body.requiresMfa !== 'boolean') return badRequest('Body must be { "requiresMfa": true|false }.');
    user.requiresMfa = body.requiresMfa;
    await deps.persist();
    return { status: 200, body: { id: user.id, userPrincipalName: user.userPrincipalName, requiresMfa: user.requiresMfa } };
  }
  return undefined;
}
