/**
 * A bulk job's per-user results as CSV, read from the job store when the file is delivered: one
 * row per user with the result and the reason in the same words as the bulk cards. Display names
 * are user-controlled, so every cell goes through the export's formula-safe CSV quoting.
 */
import { MANAGEMENT_ACTIONS } from '../../access/actions';
import type { BulkResultsFile, BulkResultsJob, BulkResultsSource } from '../../audit/bulk-results-export.port';
import { toCsv } from '../../audit/csv';
import type { BulkJobRepository } from './bulk-job.repository.port';
import type { BulkItem, BulkJob } from './bulk-job.types';
import { bulkReasonOf, bulkResultOf } from './bulk-reasons';

export const BULK_RESULTS_CSV_COLUMNS = ['Display name', 'User principal name', 'Result', 'Reason', 'Reason code', 'Attempts', 'User object id'] as const;

const OVER: ReadonlySet<BulkJob['state']> = new Set(['done', 'cancelled', 'expired']);

/** The rows of the file, in the order the users were listed when the job was prepared. */
export function bulkResultsToCsv(job: Pick<BulkJob, 'state'>, items: readonly BulkItem[]): string {
  const over = OVER.has(job.state);
  return toCsv(
    BULK_RESULTS_CSV_COLUMNS,
    items.map((item) => [
      item.displayName,
      item.upn,
      bulkResultOf(item.state, over),
      item.state === 'succeeded' || !item.code ? '' : bulkReasonOf(item.code),
      item.code ?? '',
      String(item.attempts),
      item.userId,
    ]),
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'action';
}

export class BulkResultsCsv implements BulkResultsSource {
  constructor(private readonly jobs: Pick<BulkJobRepository, 'get' | 'items'>) {}

  job(tenantId: string, jobId: string): BulkResultsJob | undefined {
    const job = this.jobs.get(jobId);
    if (!job || job.tenantId !== tenantId) return undefined;
    return {
      jobId: job.id,
      tenantId: job.tenantId,
      preparerId: job.actor.userId,
      title: MANAGEMENT_ACTIONS.find((action) => action.id === job.actionId)?.title ?? job.actionId,
      selection: job.selection,
    };
  }

  file(results: BulkResultsJob): BulkResultsFile {
    const job = this.jobs.get(results.jobId);
    // The job was found a moment ago; a job store never forgets one, so this is a broken store.
    if (!job || job.tenantId !== results.tenantId) throw new Error(`bulk job ${results.jobId.slice(0, 64)} is gone`);
    const items = this.jobs.items(job.id);
    const day = (job.startedAt ?? job.createdAt).slice(0, 10);
    return {
      fileName: `bulk-results-${slug(results.title)}-${day}-${job.id.slice(0, 8)}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: bulkResultsToCsv(job, items),
      rowCount: items.length,
    };
  }
}
