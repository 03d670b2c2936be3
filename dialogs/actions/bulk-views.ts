/** Bulk previews and progress → card views, in words (no codes, no raw states, no ISO times). */
import { cardDateTime, renderBulkConfirmationCard, renderBulkProgressCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../cards';
import type { BulkPreview } from '../../services/actions/bulk/bulk-action.service';
import type { BulkProgress } from '../../services/actions/bulk/bulk-progress';
import type { BulkItem } from '../../services/actions/bulk/bulk-job.types';
// The same words as the per-user results file (services/actions/bulk/bulk-results-csv.ts).
import { bulkReasonOf as reasonOf } from '../../services/actions/bulk/bulk-reasons';

const count = (n: number): string => n.toLocaleString('en-US');
const users = (n: number): string => `${count(n)} ${n === 1 ? 'user' : 'users'}`;

export const AUTO_ENABLED_BULK_NOTE = 'The management session was off, so it was turned on automatically for this request (auto-enable).';

export function bulkConfirmationCard(preview: BulkPreview, confirmTitle: string): AdaptiveCardJson {
  const byReason = (code: string) => preview.skipped.filter((s) => s.code === code).length;
  const facts: CardFact[] = [
    { label: 'Users', value: preview.selection },
    { label: 'To change', value: users(preview.toActOn) },
  ];
  if (byReason('ACCESS.NOT_IN_SCOPE') > 0) facts.push({ label: 'Skipped, out of scope', value: users(byReason('ACCESS.NOT_IN_SCOPE')) });
  if (byReason('ACCESS.PRIVILEGED_TARGET') > 0) facts.push({ label: 'Skipped, privileged', value: users(byReason('ACCESS.PRIVILEGED_TARGET')) });
  if (preview.notFound.length > 0) facts.push({ label: 'Not found', value: users(preview.notFound.length) });
  facts.push({ label: 'Runs as', value: preview.principalUpn });
  if (preview.approvalRequired) facts.push({ label: 'Approval', value: `Needed: more than ${users(preview.approvalThreshold)} at once` });
  const skipped = [
    ...preview.skipped.map((s) => `${s.displayName} (${s.upn}): ${reasonOf(s.code)}`),
    ...preview.notFound.map((query) => `"${query}": not found`),
  ];
  return renderBulkConfirmationCard({
    title: `${preview.title} for ${users(preview.toActOn)}?`,
    facts,
    skipped,
    moreSkipped: 0,
    ...(preview.autoEnabled ? { note: AUTO_ENABLED_BULK_NOTE } : {}),
    verb: Verbs.bulkConfirm,
    jobId: preview.jobId,
    confirmTitle,
    destructive: preview.destructive,
    expiresAt: cardDateTime(preview.expiresAt),
    ...(preview.approvalRequired ? { askApproval: true } : {}),
  });
}

/** "37 succeeded, 2 skipped (out of scope), 1 failed". */
export function bulkSummaryLine(progress: BulkProgress): string {
  const parts: string[] = [];
  parts.push(`${count(progress.counts.succeeded)} succeeded`);
  const skippedReasons = Object.entries(progress.codes)
    .filter(([code]) => ['ACCESS.NOT_IN_SCOPE', 'ACCESS.PRIVILEGED_TARGET', 'ACTION.TARGET_NOT_FOUND', 'BULK.CANCELLED'].includes(code))
    .map(([code, n]) => (code === 'BULK.CANCELLED' ? `${count(n)} not started (stopped by Cancel)` : `${count(n)} skipped (${reasonOf(code)})`));
  parts.push(...skippedReasons);
  if (progress.counts.failed > 0) parts.push(`${count(progress.counts.failed)} failed`);
  if (progress.counts.unknown > 0) parts.push(`${count(progress.counts.unknown)} outcome unknown`);
  const waiting = progress.counts.pending + progress.counts.sending;
  if (!progress.finished && waiting > 0) parts.push(`${count(waiting)} to go`);
  return parts.join(', ');
}

function itemLine(item: BulkItem): string {
  const state = item.state === 'skipped' ? 'skipped' : item.state === 'unknown' ? 'outcome unknown' : 'failed';
  return `${item.displayName} (${item.upn}): ${state}, ${reasonOf(item.code)}`;
}

export function bulkProgressCard(progress: BulkProgress): AdaptiveCardJson {
  const { job } = progress;
  const facts: CardFact[] = [{ label: 'Users', value: job.selection }];
  if (job.principal) facts.push({ label: 'Run as', value: job.principal.userPrincipalName });
  const lines = progress.listed.map(itemLine);
  if (progress.unlisted > 0) lines.push(`and ${count(progress.unlisted)} more (${progress.finished ? 'the results file' : 'the audit'} lists every user)`);
  if (!progress.finished) {
    const cancelling = job.state === 'cancelling';
    return renderBulkProgressCard({
      outcome: 'running',
      title: `${progress.title}: ${count(progress.settled)} of ${users(progress.total)} ${cancelling ? '(cancelling)' : 'done'}`,
      summary: bulkSummaryLine(progress),
      facts,
      linesHeading: 'Not changed so far',
      lines,
      footer: cancelling ? 'Stopping after the batches already sent.' : 'This card updates as the work goes on. Cancel stops after the batches already sent.',
      ...(cancelling ? {} : { cancel: { verb: Verbs.bulkCancel, jobId: job.id } }),
    });
  }
  const troubled = progress.counts.failed + progress.counts.unknown > 0;
  return renderBulkProgressCard({
    outcome: job.state === 'cancelled' ? 'cancelled' : troubled ? 'attention' : 'done',
    title: `${job.state === 'cancelled' ? 'Cancelled' : 'Done'}: ${progress.title} for ${job.selection}`,
    summary: bulkSummaryLine(progress),
    facts,
    linesHeading: 'Not changed',
    lines,
    footer: 'Download results (CSV) gives one row per user. Every user acted on is also in the audit, which tenant admins and auditors can read by typing "audit".',
    // The job id only: who may have the results is decided when the button is clicked.
    download: { verb: Verbs.bulkExport, jobId: job.id },
  });
}
