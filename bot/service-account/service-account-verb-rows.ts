import { renderErrorCard, Verbs } from '../../cards';
import type { VerbDefinition } from '../invoke-router';

/** Every card verb of settings, the service account and the mode switch; the verb table always has a row for each. */
export const SERVICE_ACCOUNT_VERBS: readonly string[] = [
  Verbs.settingsOpen,
  Verbs.settingsAutoEnableSet,
  Verbs.settingsRotationScheduleSet,
  Verbs.settingsApprovalPolicySet,
  Verbs.serviceAccountCreate,
  Verbs.serviceAccountRetry,
  Verbs.modeChangeRequest,
  Verbs.advancedDisableConfirm,
];

/**
 * The feature's rows of the verb table. Without the wired feature (a table built for a unit
 * test) each verb still has a row, and it fails closed: nothing runs.
 */
export function serviceAccountVerbRows(wired: readonly VerbDefinition[] | undefined): VerbDefinition[] {
  return SERVICE_ACCOUNT_VERBS.map(
    (verb) =>
      wired?.find((definition) => definition.verb === verb) ?? {
        verb,
        handle: async (context) => ({
          card: renderErrorCard({ title: 'Not available', message: 'Settings and the management service account are not set up in this app, so nothing was done.', correlationId: context.correlationId }),
        }),
      },
  );
}
