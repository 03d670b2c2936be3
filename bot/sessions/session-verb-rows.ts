import { renderErrorCard, Verbs } from '../../cards';
import type { VerbDefinition } from '../invoke-router';

/** Every card verb of the session feature; the verb table always has a row for each. */
export const SESSION_VERBS: readonly string[] = [
  Verbs.sessionTurnOn,
  Verbs.sessionTurnOff,
  Verbs.sessionDetails,
  Verbs.blockSignInConfirm,
  Verbs.unblockSignInConfirm,
  Verbs.revokeSessionsConfirm,
];

/**
 * The session rows of the verb table. Without the wired feature (a table built for a unit test)
 * each verb still has a row, and it fails closed: nothing runs.
 */
export function sessionVerbRows(wired: readonly VerbDefinition[] | undefined): VerbDefinition[] {
  return SESSION_VERBS.map(
    (verb) =>
      wired?.find((definition) => definition.verb === verb) ?? {
        verb,
        handle: async (context) => ({
          card: renderErrorCard({ title: 'Not available', message: 'Management sessions are not set up in this app, so nothing was done.', correlationId: context.correlationId }),
        }),
      },
  );
}
