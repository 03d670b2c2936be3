/** `unblock sign-in for <user>`: PATCH /users/{id} { accountEnabled: true } as the session's account. */
import { accountEnabledWrite } from './bulk/batchable-write';
import { catalogEntry, describeTarget, NO_PARAMETERS, type ActionDefinition } from './action-definition';

export const unblockSignInAction: ActionDefinition = {
  ...catalogEntry('user.unblockSignIn'),
  category: 'Sign-in & sessions',
  description: 'Lets a blocked user sign in again.',
  risk: 'low',
  approvalByDefault: false,
  graphCalls: ['PATCH /users/{id} (accountEnabled: true)'],
  parameters: NO_PARAMETERS,
  batch: accountEnabledWrite(true),
  describe: (target) => ({
    summary: `Unblock sign-in for ${describeTarget(target)}`,
    consequences: [target.accountEnabled ? 'Sign-in is already allowed; this confirms it.' : 'The user can sign in again.'],
    destructive: false,
  }),
  run: async (directory, target) => {
    await directory.updateUser(target.tenantId, target.userId, { accountEnabled: true });
    return { summary: `Sign-in is allowed again for ${target.upn}.` };
  },
  verify: async (appDirectory, target) => (await appDirectory.getUser(target.tenantId, target.userId))?.accountEnabled === true,
};
