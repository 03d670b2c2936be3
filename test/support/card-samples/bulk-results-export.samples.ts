/** The per-user results of a bulk action, delivered as the audit export is: every step of the flow. */
import { renderBulkResultsExportCard, type BulkResultsExportView } from '../../../cards/bulk-results-export.card';
import type { CardCatalogEntry } from './index';

const jobId = '3f2504e0-4f89-41d3-9a0c-0305e82c3401';
const offered: Omit<BulkResultsExportView, 'delivery'> = {
  title: 'Block sign-in',
  selection: 'department Sales',
  fileName: 'bulk-results-block-sign-in-2026-03-02-3f2504e0.csv',
  rowCount: 1000,
  expiresAt: '2026-03-02T09:25:00.000Z',
  validFor: '10 minutes',
};

export const bulkResultsExportCardSamples: readonly CardCatalogEntry[] = [
  { name: 'bulk results, file consent', render: () => renderBulkResultsExportCard({ ...offered, delivery: 'fileConsent' }) },
  { name: 'bulk results, link', render: () => renderBulkResultsExportCard({ ...offered, delivery: 'link', downloadUrl: 'https://bot.contoso.com/api/audit-exports/v1.abc.def.ghi' }) },
  { name: 'bulk results, show link (group chat or channel)', render: () => renderBulkResultsExportCard({ ...offered, delivery: 'showLink', exportId: '0f8fad5b-d9cb-469f-a165-70867728950e' }) },
  { name: 'bulk results, declined', render: () => renderBulkResultsExportCard({ delivery: 'declined', jobId }) },
  {
    name: 'bulk results, refused',
    render: () =>
      renderBulkResultsExportCard({
        delivery: 'refused',
        reason: 'These bulk action results have expired.',
        nextStep: 'Click "Download results (CSV)" on the bulk action\'s summary card to get a new one.',
        jobId,
        correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      }),
  },
];
