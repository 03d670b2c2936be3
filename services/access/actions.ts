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
    id: 'user.updateProfile',
    title: 'Update profile fields',
    commands: ['update profile for'],
    graphPermission: 'User.ReadWrite.All (PATCH /users/{id})',
  },
] as const satisfies readonly ManagementActionDefinition[];

export type ManagementActionId = (typeof MANAGEMENT_ACTIONS)[number]['id'];

export const MANAGEMENT_ACTION_IDS: readonly ManagementActionId[] = MANAGEMENT_ACTIONS.map((action) => action.id);

export function isManagementActionId(value: string): value is ManagementActionId {
  return (MANAGEMENT_ACTION_IDS as readonly string[]).includes(value);
}
