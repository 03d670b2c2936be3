/**
 * `revoke sessions for <user>`: POST /users/{id}/revokeSignInSessions as the session's account.
 * Its effect (refresh tokens invalidated) cannot be read back, so it has no `verify`: an
 * interrupted run is reported as "outcome unknown" and is safe to repeat.
 */
import { catalogEntry, describeTarget, NO_PARAMETERS, type ActionDefinition } from './action-definition';

export const revokeSessionsAction: ActionDefinition = {
  ...catalogEntry('user.revokeSessions'),
  category: 'Sign-in & sessions',
  description: 'Signs the user out of every app and browser; they must sign in again.',
  risk: 'medium',
  approvalByDefault: false,
  graphCalls: ['POST /users/{id}/revokeSignInSessions'],
  parameters: NO_PARAMETERS,
  // No `inEffect`: a revocation cannot be read back, so an interrupted bulk item is reported, never re-sent.
  batch: { request: (userId) => ({ method: 'POST', url: `/users/${encodeURIComponent(userId)}/revokeSignInSessions` }) },
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
