/**
 * `revoke sessions for <user>`: POST /users/{id}/revokeSignInSessions as the session's account.
 * Its effect (refresh tokens invalidated) cannot be read back, so it has no `verify`: an
 * interrupted run is reported as "outcome unknown" and is safe to repeat.
 */
import { catalogEntry, describeTarget, type ActionDefinition } from './action-definition';

export const revokeSessionsAction: ActionDefinition = {
  ...catalogEntry('user.revokeSessions'),
  describe: (target) => ({
    summary: `Revoke all sign-in sessions of ${describeTarget(target)}`,
    consequences: ['The user is signed out of apps and browsers and must sign in again (it can take a few minutes to apply everywhere).'],
    destructive: true,
  }),
  run: async (directory, target) => {
    await directory.revokeSignInSessions(target.tenantId, target.userId);
    return { summary: `All sign-in sessions of ${target.upn} were revoked.` };
  },
};
