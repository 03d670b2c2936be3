/**
 * Catalog of management actions an operator can be granted on users in their scope.
 * Adding an action is one entry here (plus its executor in a later issue); grants, the
 * capability matrix and validation all derive from this list.
 */

export interface ManagementActionDefinition {
  readonly id: string;
  readonly title: string;
  /** Canonical chat phrases; the router is tolerant of variants, these are for help and tests. */
  readonly commands: readonly string[];
  /** Graph permission the session principal needs, for the README and the settings card. */
  readonly graphPermission: string;
}

export const MANAGEMENT_ACTIONS = [
  {
    id: 'user.blockSignIn',
    title: 'Block sign-in',
    commands: ['block sign-in for'],
    graphPermission: 'User.ReadWrite.All (PATCH /users/{id} accountEnabled=false)',
  },
  {
    id: 'user.unblockSignIn',
    title: 'Unblock sign-in',
    commands: ['unblock sign-in for'],
    graphPermission: 'User.ReadWrite.All (PATCH /users/{id} accountEnabled=true)',
  },
  {
    id: 'user.revokeSessions',
    title: 'Revoke sessions',
    commands: ['revoke sessions for'],
    graphPermission: 'User.RevokeSessions.All (POST /users/{id}/revokeSignInSessions)',
  },
  {
    id: 'user.resetPassword',
    title: 'Reset password',
    commands: ['reset password for'],
    graphPermission: 'User-PasswordProfile.ReadWrite.All (PATCH /users/{id} passwordProfile)',
  },
  {
    id: 'user.addToGroup',
    title: 'Add to group',
    commands: ['add to group'],
    graphPermission: 'GroupMember.ReadWrite.All (POST /groups/{id}/members/$ref)',
  },
  {
    id: 'user.removeFromGroup',
    title: 'Remove from group',
    commands: ['remove from group'],
    graphPermission: 'GroupMember.ReadWrite.All (DELETE /groups/{id}/members/{userId}/$ref)',
  },
  {
    id: 'user.updateProfile',
    title: 'Update profile fields',
    commands: ['set department for', 'set job title for', 'set office for', 'set mobile phone for', 'set usage location for', 'set manager for'],
    graphPermission: 'User.ReadWrite.All (PATCH /users/{id}; PUT /users/{id}/manager/$ref)',
  },
  {
    id: 'user.assignLicense',
    title: 'Assign licence',
    commands: ['assign licence', 'assign license'],
    graphPermission: 'LicenseAssignment.ReadWrite.All (POST /users/{id}/assignLicense; GET /subscribedSkus)',
  },
  {
    id: 'user.removeLicense',
    title: 'Remove licence',
    commands: ['remove licence', 'remove license'],
    graphPermission: 'LicenseAssignment.ReadWrite.All (POST /users/{id}/assignLicense; GET /subscribedSkus)',
  },
  // Password & access, out-of-office and leavers (services/actions/temporary-access-pass.action.ts, automatic-replies.actions.ts, leaver.actions.ts).
  {
    id: 'user.createTemporaryAccessPass',
    title: 'Temporary Access Pass',
    commands: ['temporary access pass for', 'tap for'],
    graphPermission: 'UserAuthenticationMethod.ReadWrite.All (POST /users/{id}/authentication/temporaryAccessPassMethods)',
  },
  {
    id: 'user.setAutomaticReplies',
    title: 'Set automatic replies',
    commands: ['set automatic replies for'],
    graphPermission: 'MailboxSettings.ReadWrite (PATCH /users/{id}/mailboxSettings automaticRepliesSetting)',
  },
  {
    id: 'user.turnOffAutomaticReplies',
    title: 'Turn off automatic replies',
    commands: ['turn off automatic replies for'],
    graphPermission: 'MailboxSettings.ReadWrite (PATCH /users/{id}/mailboxSettings automaticRepliesSetting)',
  },
  {
    id: 'user.removeFromAllGroups',
    title: 'Remove from all groups',
    commands: ['remove from all groups'],
    graphPermission: 'GroupMember.ReadWrite.All (GET /users/{id}/memberOf; DELETE /groups/{id}/members/{userId}/$ref)',
  },
  {
    id: 'user.removeAllLicenses',
    title: 'Remove all licences',
    commands: ['remove all licences from', 'remove all licenses from'],
    graphPermission: 'LicenseAssignment.ReadWrite.All (POST /users/{id}/assignLicense)',
  },
] as const satisfies readonly ManagementActionDefinition[];

export type ManagementActionId = (typeof MANAGEMENT_ACTIONS)[number]['id'];

/** A published custom action, run through the same path as the built-in ones: `custom:<name>`. */
export type CustomActionId = `custom:${string}`;

/** Any action the management action service runs. */
export type RunnableActionId = ManagementActionId | CustomActionId;

export const MANAGEMENT_ACTION_IDS: readonly ManagementActionId[] = MANAGEMENT_ACTIONS.map((action) => action.id);

export function isManagementActionId(value: string): value is ManagementActionId {
  return (MANAGEMENT_ACTION_IDS as readonly string[]).includes(value);
}
