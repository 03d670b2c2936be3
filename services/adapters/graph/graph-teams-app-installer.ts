/**
 * TeamsAppInstaller on Microsoft Graph v1.0: installs the bot's Teams app in a user's personal
 * scope (userTeamwork.installedApps). Same client set-up as GraphDirectory: one Graph client per
 * tenant, bound to the token function; failures mapped to DirectoryError at this boundary.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { TeamsAppInstaller, TeamsAppInstallResult } from '../../ports/teams-app-installer.port';
import { GraphClientPool } from './graph-client-factory';
import { GRAPH_V1_BASE_URL, type GraphDirectoryOptions } from './graph-directory';
import { isGraphStatus, toDirectoryError } from './graph-error-mapping';

/** Application permissions that allow installing the app for a user, least privileged first (Graph's permission table). */
export const TEAMS_APP_INSTALL_PERMISSIONS = [
  'TeamsAppInstallation.ReadWriteSelfForUser.All',
  'TeamsAppInstallation.ReadWriteForUser.All',
  'TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All',
  'TeamsAppInstallation.ReadWriteAndConsentForUser.All',
] as const;

/**
 * The @odata.bind value naming a catalog app. Graph expects the absolute public URL whatever host
 * the request goes to, so it is not derived from the client's base URL.
 */
export function teamsAppBinding(teamsAppId: string): string {
  return `${GRAPH_V1_BASE_URL}/appCatalogs/teamsApps/${encodeURIComponent(teamsAppId)}`;
}

export type GraphTeamsAppInstallerOptions = GraphDirectoryOptions;

export class GraphTeamsAppInstaller implements TeamsAppInstaller {
  private readonly pool: GraphClientPool;

  constructor(options: GraphTeamsAppInstallerOptions) {
    this.pool = new GraphClientPool(options);
  }

  private client(tenantId: string): Client {
    return this.pool.client(tenantId);
  }

  async installForUser(tenantId: string, userId: string, teamsAppId: string): Promise<TeamsAppInstallResult> {
    try {
      // 201 Created with no body.
      await this.client(tenantId)
        .api(`/users/${encodeURIComponent(userId)}/teamwork/installedApps`)
        .post({ 'teamsApp@odata.bind': teamsAppBinding(teamsAppId) });
      return 'installed';
    } catch (error) {
      // Teams answers 409 Conflict when the app is already in the user's personal scope.
      if (isGraphStatus(error, 409)) return 'alreadyInstalled';
      throw toDirectoryError(error, 'install the Teams app for a user', TEAMS_APP_INSTALL_PERMISSIONS);
    }
  }
}
