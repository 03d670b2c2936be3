/**
 * `temporary access pass for <user>` (or `tap for <user>`, optionally `… for 8 hours`): a one-time
 * Temporary Access Pass for onboarding or a lost phone, created as the session's account with
 * POST /users/{id}/authentication/temporaryAccessPassMethods { lifetimeInMinutes, isUsableOnce: true }.
 *
 * Like the temporary password of "reset password", the pass leaves this module only as
 * `shownOnce`: it goes to the card of the delivery that created it, in the operator's personal
 * chat, and is hidden in place later; it is never stored, logged or audited (the stored summary
 * says only that it was shown once). Graph never returns a pass again, so there is no `verify`.
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameters } from './action-definition';
import { ActionError } from './action-errors';

/** Entra's bounds for a pass's lifetime (10 minutes to 30 days); the tenant's policy may narrow them. */
export const TAP_LIFETIME_BOUNDS_IN_MINUTES = { min: 10, max: 43_200, default: 60 } as const;

export const temporaryAccessPassParameters = z.object({
  lifetimeInMinutes: z
    .string()
    .regex(/^\d+$/)
    .refine((value) => Number(value) >= TAP_LIFETIME_BOUNDS_IN_MINUTES.min && Number(value) <= TAP_LIFETIME_BOUNDS_IN_MINUTES.max),
});

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, mins: 1, minute: 1, minutes: 1, h: 60, hr: 60, hrs: 60, hour: 60, hours: 60, d: 1440, day: 1440, days: 1440 };
const LIFETIME = /^(\d{1,6})\s*([a-z]*)$/i;
const EXAMPLE = 'temporary access pass for adele@contoso.com for 8 hours';

/** "90", "90 minutes", "8 hours", "8h", "2 days" → minutes; undefined when it is not a duration. */
export function parseLifetime(text: string): number | undefined {
  const match = LIFETIME.exec(text.trim().replace(/^(?:for|valid for|lasting)\s+/i, ''));
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const minutes = unit === '' ? 1 : UNIT_MINUTES[unit];
  return minutes === undefined ? undefined : Number(match[1]) * minutes;
}

/** "60 minutes" → "1 hour", 2880 → "2 days", 90 → "90 minutes". */
export function lifetimeWords(minutes: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

function lifetimeOf(parameters: ActionParameters): number {
  return Number(temporaryAccessPassParameters.parse(parameters).lifetimeInMinutes);
}

/** Graph's refusal when the user already has a pass that still works. */
const ALREADY_HAS_ONE = /only have one Temporary Access Pass/i;
const OUTSIDE_POLICY = /lifetime/i;

export const temporaryAccessPassAction: ActionDefinition = {
  ...catalogEntry('user.createTemporaryAccessPass'),
  category: 'Password & access',
  description: 'Creates a one-time Temporary Access Pass (default 1 hour), shown to you once, so the user can sign in and set up their methods.',
  risk: 'high',
  approvalByDefault: true,
  graphCalls: ['POST /users/{id}/authentication/temporaryAccessPassMethods (lifetimeInMinutes, isUsableOnce: true)'],
  parameters: temporaryAccessPassParameters,
  showsSecretOnce: true,
  resolveParameters: async (_context, input) => {
    const typed = input['lifetime'];
    const minutes = typed === undefined ? TAP_LIFETIME_BOUNDS_IN_MINUTES.default : parseLifetime(typed);
    const { min, max } = TAP_LIFETIME_BOUNDS_IN_MINUTES;
    if (minutes === undefined || minutes < min || minutes > max) {
      throw new ActionError(
        'ACTION.INVALID_PARAMETERS',
        `A Temporary Access Pass lasts from ${min} minutes to ${lifetimeWords(max)}${typed === undefined ? '' : `; "${typed.slice(0, 40)}" is not in that range`}.`,
        {},
        `Nothing was changed. Run the command again, for example: ${EXAMPLE}`,
      );
    }
    return { lifetimeInMinutes: String(minutes) };
  },
  describe: (target, parameters) => {
    const lifetime = lifetimeWords(lifetimeOf(parameters));
    return {
      summary: `Create a Temporary Access Pass for ${describeTarget(target)}`,
      facts: [
        { label: 'Temporary Access Pass', value: `none → one-time pass, valid for ${lifetime}` },
      ],
      consequences: [
        `You get a pass, shown once on this card, that lets ${target.displayName} sign in once within ${lifetime} and set up their sign-in methods.`,
        'Their password and other sign-in methods keep working.',
        'The card hides the pass after a few minutes, or as soon as you say you copied it.',
      ],
      destructive: false,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const lifetimeInMinutes = lifetimeOf(parameters);
    const created = await session.users.createTemporaryAccessPass(target.tenantId, target.userId, { lifetimeInMinutes, isUsableOnce: true });
    return {
      summary: `A one-time Temporary Access Pass was created for ${target.upn}, valid for ${lifetimeWords(created.lifetimeInMinutes)} from ${created.startDateTime.slice(0, 16).replace('T', ' ')} UTC. It was shown once, on the card where this was confirmed. If it was lost, delete it in the Microsoft Entra admin center and create another.`,
      shownOnce: { label: 'Temporary Access Pass', value: created.pass },
    };
  },
  explainFailure: (error) => {
    if (!(error instanceof DirectoryError) || error.code !== 'DIRECTORY.BAD_REQUEST') return undefined;
    if (ALREADY_HAS_ONE.test(error.message)) {
      return 'Microsoft Entra refused: the user already has a Temporary Access Pass that still works, and a user can have only one. Delete it in the Microsoft Entra admin center (Authentication methods), or wait until it expires, then try again.';
    }
    if (OUTSIDE_POLICY.test(error.message)) return "Microsoft Entra refused: that lifetime is outside your tenant's Temporary Access Pass policy. Try a shorter one, such as 1 hour.";
    return undefined;
  },
};
