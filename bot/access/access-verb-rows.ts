import { renderErrorCard, Verbs } from '../../cards';
import type { VerbDefinition } from '../invoke-router';

/** Every card verb of the access feature; the verb table always has a row for each. */
export const ACCESS_VERBS: readonly string[] = [
  Verbs.grantOperatorConfirm,
  Verbs.revokeOperatorConfirm,
  Verbs.grantAuditorConfirm,
  Verbs.revokeAuditorConfirm,
  Verbs.operatorsPage,
  Verbs.auditPage,
  Verbs.auditVerify,
  Verbs.auditExport,
  Verbs.approvalApprove,
  Verbs.approvalReject,
  Verbs.approvalRefresh,
];

/**
 * The access rows of the verb table. Without the wired feature (a table built for a unit test)
 * each verb still has a row, and it fails closed: nothing runs.
 */
export function accessVerbRows(wired: readonly VerbDefinition[] | undefined): VerbDefinition[] {
  return ACCESS_VERBS.map(
    (verb) =>
      wired?.find((definition) => definition.verb === verb) ?? {
        verb,
        handle: async (context) => ({
          card: renderErrorCard({ title: 'Not available', message: 'Access control is not set up in this app, so nothing was done.', correlationId: context.correlationId }),
        }),
      },
  );
}
