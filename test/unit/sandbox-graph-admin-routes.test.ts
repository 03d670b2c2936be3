/** The loopback directory admin routes: a test can strip and restore an app's permission. */
import type { SandboxRequest } from '../../sandbox/core/types';
import { handleDirectoryAdminRequest } from '../../sandbox/directory/admin-routes';
import { BOT_APP, MFA_REQUIRED_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph } from '../../sandbox/graph/in-process';

function adminRequest(method: string, path: string, body?: unknown): SandboxRequest {
  const url = new URL(path, 'https://127.0.0.1');
  return { method, url, path: url.pathname, query: url.searchParams, headers: {}, body, rawBody: body ? JSON.stringify(body) : '', remoteAddress: '127.0.0.1' };
}

describe('directory admin routes', () => {
  it('when a permission is revoked through the route, then the next token’s Graph call is 403; when granted back, it works', async () => {
    const graph = createInProcessGraph();
    const deps = { state: () => graph.ctx.state(), persist: () => graph.ctx.persist() };
    const payload = { principalId: MFA_REQUIRED_ADMIN.id, roleDefinitionId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', directoryScopeId: '/' };
    const assign = () => graph.request('POST', '/v1.0/roleManagement/directory/roleAssignments', { token: graph.appToken(BOT_APP.appId), body: payload });

    const revoked = await handleDirectoryAdminRequest(adminRequest('DELETE', `/_sandbox/directory/applications/${BOT_APP.appId}/permissions/RoleManagement.ReadWrite.Directory`), deps);
    expect((revoked?.body as { roles: string[] }).roles).not.toContain('RoleManagement.ReadWrite.Directory');
    expect((await assign()).status).toBe(403);

    await handleDirectoryAdminRequest(adminRequest('POST', `/_sandbox/directory/applications/${BOT_APP.appId}/permissions/RoleManagement.ReadWrite.Directory`), deps);
    expect((await assign()).status).toBe(201);
    expect(graph.persistCount()).toBeGreaterThanOrEqual(2);
  });

  it('when per-user MFA or Key Vault access is toggled, then the directory reflects it; unknown paths are not claimed', async () => {
    const graph = createInProcessGraph();
    const deps = { state: () => graph.ctx.state(), persist: () => graph.ctx.persist() };
    const mfa = await handleDirectoryAdminRequest(adminRequest('PUT', `/_sandbox/directory/users/${MFA_REQUIRED_ADMIN.userPrincipalName}/mfa`, { requiresMfa: false }), deps);
    expect(mfa?.status).toBe(200);
    expect(graph.directory().users.find((u) => u.id === MFA_REQUIRED_ADMIN.id)?.requiresMfa).toBe(false);
    await handleDirectoryAdminRequest(adminRequest('PUT', `/_sandbox/directory/applications/${BOT_APP.appId}/keyVaultAccess`, { allowed: false }), deps);
    expect(graph.directory().applications.find((a) => a.appId === BOT_APP.appId)?.keyVaultSecretsOfficer).toBe(false);
    expect(await handleDirectoryAdminRequest(adminRequest('GET', '/_sandbox/faults'), deps)).toBeUndefined();
    expect((await handleDirectoryAdminRequest(adminRequest('GET', '/_sandbox/directory/applications/00000000-0000-0000-0000-000000000000'), deps))?.status).toBe(404);
  });
});
