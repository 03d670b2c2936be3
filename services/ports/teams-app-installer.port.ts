/**
 * Teams app installation port: puts the bot's Teams app in a user's personal scope, so the bot
 * may open a 1:1 chat with someone who never talked to it (approval cards, DESIGN §2).
 * Implemented by services/adapters/graph/graph-teams-app-installer.ts on Microsoft Graph.
 */

/** 'alreadyInstalled': Graph answered 409, the app was there before; both mean the app is installed. */
export type TeamsAppInstallResult = 'installed' | 'alreadyInstalled';

export interface TeamsAppInstaller {
  /**
   * POST /users/{userId}/teamwork/installedApps with
   * `{"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{teamsAppId}"}`.
   * `teamsAppId` is the app's id in the tenant's app catalog (not the manifest id, not the bot id).
   * Application permission TeamsAppInstallation.ReadWriteSelfForUser.All (least privileged; the
   * app installs itself) or TeamsAppInstallation.ReadWriteForUser.All.
   * @throws DirectoryError (PERMISSION_DENIED names the permissions, NOT_FOUND when the user or the
   * app is unknown, THROTTLED, UNAVAILABLE…). A failure of the token function passes through unchanged.
   */
  installForUser(tenantId: string, userId: string, teamsAppId: string): Promise<TeamsAppInstallResult>;
}
