/**
 * The Teams app install the bot sends (GraphTeamsAppInstaller) against Microsoft's Graph v1.0
 * metadata (../shared/specs/graph-v1.0.csdl.xml) and the sandbox's answers to it: the route is
 * users/{id}/teamwork/installedApps (userScopeTeamsAppInstallation), the body binds the
 * navigation property `teamsApp` to an appCatalogs/teamsApps entity, and the sandbox answers as
 * Graph does (201, then 409 "already installed", 403 without a permission, 404 for an app that
 * is not in the catalog).
 */
import { grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import { BOT_APP, PRIVILEGED_ROLE_ADMIN, READ_ONLY_APP } from '../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph, IN_PROCESS_BASE_URL } from '../../sandbox/graph/in-process';
import { SANDBOX_BOT_TEAMS_APP } from '../../sandbox/graph/teamwork.routes';
import { GraphTeamsAppInstaller, TEAMS_APP_INSTALL_PERMISSIONS, teamsAppBinding } from '../../services/adapters/graph/graph-teams-app-installer';
import { DirectoryError } from '../../services/ports/directory.port';
import { checkRequest, CsdlModel } from '../support/csdl';

const model = CsdlModel.load();
const BIND = 'teamsApp@odata.bind';

describe('Teams app install for a user', () => {
  const graph = createInProcessGraph();
  const tenant = graph.directory().tenantId;
  const sent: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];
  const installerAs = (appId: string) =>
    new GraphTeamsAppInstaller({
      baseUrl: `${IN_PROCESS_BASE_URL}/v1.0`,
      getAccessToken: async () => graph.appToken(appId),
      retry: { maxRetries: 0 },
      fetch: async (url, init) => {
        sent.push({ method: String(init.method), path: new URL(url).pathname.replace(/^\/v1\.0/, ''), body: JSON.parse(String(init.body)) as Record<string, unknown> });
        return graph.fetch(url, init);
      },
    });

  it('when the adapter installs the app, then its path, body and binding resolve in the Graph v1.0 metadata', async () => {
    grantApplicationPermission(graph.directory(), BOT_APP.appId, 'TeamsAppInstallation.ReadWriteSelfForUser.All');
    await expect(installerAs(BOT_APP.appId).installForUser(tenant, PRIVILEGED_ROLE_ADMIN.id, SANDBOX_BOT_TEAMS_APP.id)).resolves.toBe('installed');

    const [request] = sent.splice(0);
    expect(request?.method).toBe('POST');
    expect(Object.keys(request?.body ?? {})).toEqual([BIND]);
    // `teamsApp@odata.bind` is an annotation on the navigation property `teamsApp`.
    expect(checkRequest(model, { method: 'POST', path: request!.path, bodyType: 'microsoft.graph.userScopeTeamsAppInstallation', bodyPaths: ['teamsApp'] })).toEqual([]);
    const bound = new URL(String(request!.body[BIND]));
    expect(bound.origin).toBe('https://graph.microsoft.com');
    const target = model.resolvePath(bound.pathname.replace(/^\/v1\.0/, ''));
    expect(target).toEqual({ kind: 'entity', type: 'microsoft.graph.teamsApp' });
    expect(model.findProperty('microsoft.graph.userScopeTeamsAppInstallation', 'teamsApp')).toMatchObject({ navigation: true, type: 'microsoft.graph.teamsApp' });
  });

  it('when the app is installed again, then Graph answers 409 and the adapter calls it already installed', async () => {
    await expect(installerAs(BOT_APP.appId).installForUser(tenant, PRIVILEGED_ROLE_ADMIN.id, SANDBOX_BOT_TEAMS_APP.id)).resolves.toBe('alreadyInstalled');
    expect(graph.directory().teamsAppInstallations?.filter((i) => i.userId === PRIVILEGED_ROLE_ADMIN.id)).toHaveLength(1);
  });

  it.each([
    ['the app holds no TeamsAppInstallation permission', READ_ONLY_APP.appId, SANDBOX_BOT_TEAMS_APP.id, 'DIRECTORY.PERMISSION_DENIED'],
    ['the app id is not in the catalog', BOT_APP.appId, '00000000-0000-4000-8000-000000000000', 'DIRECTORY.NOT_FOUND'],
  ])('when %s, then the install fails with a DirectoryError', async (_case, appId, teamsAppId, code) => {
    const error = await installerAs(appId).installForUser(tenant, PRIVILEGED_ROLE_ADMIN.id, teamsAppId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ code });
  });

  it('when an app holds only the "Self" permission, then it may install itself and no other app', async () => {
    grantApplicationPermission(graph.directory(), READ_ONLY_APP.appId, 'TeamsAppInstallation.ReadWriteSelfForUser.All');
    const error = await installerAs(READ_ONLY_APP.appId).installForUser(tenant, PRIVILEGED_ROLE_ADMIN.id, SANDBOX_BOT_TEAMS_APP.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', requiredPermissions: TEAMS_APP_INSTALL_PERMISSIONS });
    revokeApplicationPermission(graph.directory(), READ_ONLY_APP.appId, 'TeamsAppInstallation.ReadWriteSelfForUser.All');
  });

  it('when the binding is absolute, then it names graph.microsoft.com whatever host the request goes to', () => {
    expect(teamsAppBinding(SANDBOX_BOT_TEAMS_APP.id)).toBe(`https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${SANDBOX_BOT_TEAMS_APP.id}`);
  });
});
