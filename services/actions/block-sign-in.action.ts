/** `block sign-in for <user>`: PATCH /users/{id} { accountEnabled: false } as the session's account. */
import { accountEnabledWrite } from './bulk/batchable-write';
import { catalogEntry, describeTarget, NO_PARAMETERS, type ActionDefinition } from './action-definition';

export const blockSignInAction: ActionDefinition = {
  ...catalogEntry('user.blockSignIn'),
  category: 'Sign-in & sessions',
  description: 'Stops the user signing in; sessions already open stay until they expire.',
  risk: 'medium',
  approvalByDefault: false,
  graphCalls: ['PATCH /users/{id} (accountEnabled: false)'],
  parameters: NO_PARAMETERS,
  batch: accountEnabledWrite(false),
  describe: (target) => ({
    summary: `Block sign-in for ${describeTarget(target)}`,
    consequences: [
      target.accountEnabled ? 'The user can no longer sign in.' : 'Sign-in is already blocked; this confirms it.',
      'Sessions already open stay valid until they expire; use "revoke sessions" to end them now.',
    ],
    destructive: true,
  }),
  run: async (directory, target) => {
    await directory.updateUser(target.tenantId, target.userId, { accountEnabled: false });
    return { summary: `Sign-in is blocked for ${target.upn}.` };
  },
  verify: async (appDirectory, target) => (await appDirectory.getUser(target.tenantId, target.userId))?.accountEnabled === false,
};
