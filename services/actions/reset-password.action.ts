/**
 * `reset password for <user>`: a fresh temporary password (CSPRNG, 16 characters, upper, lower,
 * digit and symbol, no modulo bias) set with PATCH /users/{id} passwordProfile
 * { password, forceChangePasswordNextSignIn: true } as the session's account.
 *
 * The password leaves this module only as `shownOnce`: ManagementActionService hands it to the
 * result card of the delivery that ran the reset and stores, logs and audits nothing of it. The
 * stored summary says that it was shown once, so a repeated confirmation can say so and never
 * shows it again. The effect cannot be read back, so there is no `verify`: an interrupted reset is
 * "outcome unknown", and the operator resets again to get a password they can hand over.
 */
import { PasswordGenerator } from '../service-account/password-generator';
import { catalogEntry, describeTarget, NO_PARAMETERS, type ActionDefinition } from './action-definition';

/** Long enough for Entra's rules and a strong one-time secret, short enough to read out on a call. */
export const TEMPORARY_PASSWORD_LENGTH = 16;

export function createResetPasswordAction(passwords: Pick<PasswordGenerator, 'generate'> = new PasswordGenerator({ length: TEMPORARY_PASSWORD_LENGTH })): ActionDefinition {
  return {
    ...catalogEntry('user.resetPassword'),
    category: 'Password & access',
    description: 'Sets a temporary password, shown to you once; the user must change it at next sign-in.',
    risk: 'high',
    approvalByDefault: true,
    graphCalls: ['PATCH /users/{id} (passwordProfile: password, forceChangePasswordNextSignIn: true)'],
    parameters: NO_PARAMETERS,
    showsSecretOnce: true,
    describe: (target) => ({
      summary: `Reset the password of ${describeTarget(target)}`,
      consequences: [
        'Their current password stops working at once.',
        'You get a temporary password, shown once on this card; they must change it when they next sign in.',
        'The card hides the password after a few minutes, or as soon as you say you copied it.',
      ],
      destructive: true,
    }),
    run: async (directory, target) => {
      const password = passwords.generate();
      await directory.setPassword(target.tenantId, target.userId, password, { forceChangePasswordNextSignIn: true });
      return {
        summary: `The password of ${target.upn} was reset; they must change it when they next sign in. The temporary password was shown once, on the card where this was confirmed. If it was lost, reset the password again.`,
        shownOnce: { label: 'Temporary password', value: password },
      };
    },
  };
}

export const resetPasswordAction: ActionDefinition = createResetPasswordAction();
