/**
 * "Download results (CSV)" on a finished bulk action's summary card, and "Show my download link"
 * / "Download results again" on the results' own card. The card names a job id (or a pending
 * export's id) only; who may have the results is decided by the export service from the
 * clicker as the door resolved them, in their own tenant, at every step.
 */
import { renderBulkResultsExportCard, Verbs } from '../../cards';
import type { VerbDefinition, VerbResult } from '../invoke-router';
import type { AuditExportChat } from './audit-export';

const ID = /^[0-9a-f-]{8,64}$/i;

export interface BulkResultsExportVerbDependencies {
  /** How exports reach the person (file consent or a signed link); without it the button is refused. */
  exports?: AuditExportChat;
}

export function createBulkResultsExportVerb(dependencies: BulkResultsExportVerbDependencies): VerbDefinition {
  return {
    verb: Verbs.bulkExport,
    handle: async (context): Promise<VerbResult> => {
      const { actor, correlationId, data } = context;
      const exports = dependencies.exports;
      if (!exports) {
        return { card: renderBulkResultsExportCard({ delivery: 'refused', reason: 'Downloads are not set up in this bot.', nextStep: 'Ask your administrator to set up audit exports.', correlationId }) };
      }
      // "Show my download link": the answer goes to the clicker only; the service checks they own the export.
      if (typeof data['exportId'] === 'string') return { card: await exports.showLink(actor, data['exportId'].slice(0, 64).toLowerCase(), correlationId) };
      const jobId = typeof data['jobId'] === 'string' && ID.test(data['jobId']) ? data['jobId'].toLowerCase() : '';
      if (!jobId) {
        return { card: renderBulkResultsExportCard({ delivery: 'refused', reason: 'This button is not valid any more.', nextStep: 'Run the bulk action again to get a new summary.', correlationId }) };
      }
      return exports.offerBulkResults(context.turn, actor, jobId, correlationId);
    },
  };
}
