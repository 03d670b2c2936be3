/** What the progress card and the final summary show of a bulk job, read from its store. */
import type { BulkJobRepository } from './bulk-job.repository.port';
import type { BulkCounts, BulkItem, BulkJob } from './bulk-job.types';

/** Per-user lines on the card, at most: a card must stay under ~28 KB. */
export const MAX_LISTED_ITEMS = 25;

export interface BulkProgress {
  job: BulkJob;
  /** The action's title, e.g. "Block sign-in". */
  title: string;
  counts: BulkCounts;
  /** Skipped, failed and unknown items per code. */
  codes: Record<string, number>;
  total: number;
  /** Items settled so far (succeeded, failed, skipped, unknown). */
  settled: number;
  finished: boolean;
  /** Failed and unknown items first, then skipped ones; at most MAX_LISTED_ITEMS. */
  listed: BulkItem[];
  /** How many problem items are not listed. */
  unlisted: number;
}

/** Observes a job as it runs. `progress` must not wait for Teams; `finished` may (it is the last word). */
export interface BulkProgressSink {
  progress(view: BulkProgress): void;
  finished(view: BulkProgress): Promise<void>;
}

export const silentProgressSink: BulkProgressSink = { progress: () => undefined, finished: async () => undefined };

export function readBulkProgress(repo: BulkJobRepository, job: BulkJob, title: string): BulkProgress {
  const counts = repo.counts(job.id);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const problems = repo.items(job.id, ['failed', 'unknown', 'skipped']);
  const ordered = [...problems.filter((i) => i.state !== 'skipped'), ...problems.filter((i) => i.state === 'skipped')];
  const finished = job.state === 'done' || job.state === 'cancelled';
  return {
    job,
    title,
    counts,
    codes: repo.codeCounts(job.id),
    total,
    settled: counts.succeeded + counts.failed + counts.skipped + counts.unknown,
    finished,
    listed: ordered.slice(0, MAX_LISTED_ITEMS),
    unlisted: Math.max(0, ordered.length - MAX_LISTED_ITEMS),
  };
}
