/**
 * What a failed or interrupted run means. A refusal (403, 404, 400, throttling, no token) is a
 * known "not done". A timeout, a 5xx or a crash after the claim may or may not have changed the
 * tenant: the action's `verify` reads the target back as the bot's app to decide; an action
 * that cannot be verified is reported as "outcome unknown" and never re-run automatically.
 */
import { DirectoryError, type Directory } from '../ports/directory.port';
import { SessionError } from '../sessions/session-errors';
import type { ActionDefinition, ActionParameters } from './action-definition';
import type { FinalPendingActionState } from './pending-action.repository.port';
import type { PendingActionResult } from './pending-action.types';

export interface SettledOutcome {
  state: Extract<FinalPendingActionState, 'done' | 'failed' | 'unknown'>;
  result: PendingActionResult;
}

const KNOWN_REFUSALS: Partial<Record<DirectoryError['code'], (definition: ActionDefinition, error: DirectoryError) => string>> = {
  'DIRECTORY.PERMISSION_DENIED': (d) => `The management account isn't allowed to do this. It needs ${d.graphPermission}.`,
  'DIRECTORY.NOT_FOUND': () => 'The user no longer exists in the directory.',
  'DIRECTORY.BAD_REQUEST': () => 'Microsoft Graph refused the request.',
  'DIRECTORY.CONFLICT': () => 'Microsoft Graph reported a conflict; nothing was changed.',
  'DIRECTORY.THROTTLED': (_d, e) =>
    `Microsoft Graph is throttling requests; nothing was changed. Try again${e.details.retryAfterInMs ? ` in ${Math.ceil(e.details.retryAfterInMs / 1000)} s` : ' shortly'}.`,
  'DIRECTORY.UNAUTHENTICATED': () => "Microsoft Graph didn't accept the management account's sign-in; nothing was changed.",
};

/** Explains an error thrown by `definition.run`, checking the tenant when the outcome is ambiguous. */
export async function explainRunFailure(
  error: unknown,
  definition: ActionDefinition,
  appDirectory: Directory,
  target: { tenantId: string; userId: string },
  parameters: ActionParameters = {},
): Promise<SettledOutcome> {
  if (error instanceof SessionError) return { state: 'failed', result: { code: error.code, summary: `${error.userMessage} ${error.nextStep}` } };
  if (error instanceof DirectoryError) {
    const own = definition.explainFailure?.(error);
    if (own) return { state: 'failed', result: { code: error.code, summary: own } };
    const refusal = KNOWN_REFUSALS[error.code];
    if (refusal) return { state: 'failed', result: { code: error.code, summary: refusal(definition, error) } };
  }
  return settleByReading(definition, appDirectory, target, false, parameters);
}

/**
 * Decides an ambiguous outcome by reading the target back. `reconciled` marks outcomes settled
 * after an interruption rather than by the delivery that ran the action.
 */
export async function settleByReading(
  definition: ActionDefinition,
  appDirectory: Directory,
  target: { tenantId: string; userId: string },
  reconciled: boolean,
  parameters: ActionParameters = {},
): Promise<SettledOutcome> {
  const flag = reconciled ? { reconciled: true } : {};
  if (definition.verify) {
    try {
      return (await definition.verify(appDirectory, target, parameters))
        ? { state: 'done', result: { summary: 'The change is in effect (checked after the call could not confirm it).', ...flag } }
        : { state: 'failed', result: { code: 'ACTION.NOT_APPLIED', summary: 'The change did not take effect. Run the command again.', ...flag } };
    } catch {
      // Fall through: reading back failed too, so the outcome stays unknown.
    }
  }
  return {
    state: 'unknown',
    result: { code: 'ACTION.OUTCOME_UNKNOWN', summary: "The action was sent, but I can't tell whether it took effect. Check the user, and run the command again if needed.", ...flag },
  };
}
