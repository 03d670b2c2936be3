import { renderErrorCard, Verbs } from '../../cards';
import type { VerbDefinition } from '../invoke-router';

/** Every card verb of the rotation feature; the verb table always has a row for each. */
export const ROTATION_VERBS: readonly string[] = [
  Verbs.rotationRotateNow,
  Verbs.rotationRetry,
  Verbs.rotationForceReset,
  Verbs.rotationForceResetConfirm,
  Verbs.rotationHistory,
];

/**
 * The rotation rows of the verb table. Without the wired feature (a table built for a unit test,
 * or an app without a vault) each verb still has a row, and it fails closed: nothing runs.
 */
export function rotationVerbRows(wired: readonly VerbDefinition[] | undefined): VerbDefinition[] {
  return ROTATION_VERBS.map(
    (verb) =>
      wired?.find((definition) => definition.verb === verb) ?? {
        verb,
        handle: async (context) => ({
          card: renderErrorCard({ title: 'Not available', message: 'Password rotation is not set up in this app, so nothing was done.', correlationId: context.correlationId }),
        }),
      },
  );
}
