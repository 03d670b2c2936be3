/**
 * A bulk job that ran to its end, stored as the runner leaves it: each user sent (once or more)
 * and settled, or skipped from the start. For tests of what is read back from the job store
 * afterwards (the summary, the per-user results file) without running a job against Graph.
 */
import type { BulkJobRepository } from '../../../services/actions/bulk/bulk-job.repository.port';
import type { BulkItemState, BulkJob } from '../../../services/actions/bulk/bulk-job.types';

export interface FinishedItem {
  userId: string;
  upn: string;
  displayName: string;
  state: Extract<BulkItemState, 'succeeded' | 'failed' | 'skipped' | 'unknown'>;
  code?: string;
  /** Sends before it settled (default 1; skipped users are never sent). */
  attempts?: number;
}

export interface FinishedJob {
  id: string;
  tenantId: string;
  actor: BulkJob['actor'];
  actionId?: BulkJob['actionId'];
  selection?: string;
  items: readonly FinishedItem[];
  /** When it was prepared; it starts a minute later and finishes a minute after that. */
  at: Date;
  end?: 'done' | 'cancelled';
}

export function seedFinishedBulkJob(jobs: BulkJobRepository, seed: FinishedJob): BulkJob {
  const minute = (n: number): Date => new Date(seed.at.getTime() + n * 60_000);
  jobs.create(
    {
      id: seed.id,
      tenantId: seed.tenantId,
      actor: seed.actor,
      actionId: seed.actionId ?? 'user.blockSignIn',
      selection: seed.selection ?? 'department Sales',
      correlationId: `correlation-${seed.id}`,
      createdAt: seed.at.toISOString(),
      expiresAt: minute(15).toISOString(),
      state: 'awaiting-confirmation',
    },
    seed.items.map((item) => ({
      userId: item.userId,
      upn: item.upn,
      displayName: item.displayName,
      ...(item.state === 'skipped' ? { state: 'skipped' as const, ...(item.code ? { code: item.code } : {}) } : { state: 'pending' as const }),
    })),
  );
  jobs.start(seed.id, { idempotencyKey: `seed:${seed.id}`, now: minute(1), principal: { objectId: 'svc-1', userPrincipalName: 'mgmt-bot.admin@contoso.test', kind: 'serviceAccount' } });
  const sent = seed.items.filter((item) => item.state !== 'skipped');
  const rounds = Math.max(0, ...sent.map((item) => item.attempts ?? 1));
  for (let round = 1; round <= rounds; round += 1) {
    const again = sent.filter((item) => (item.attempts ?? 1) >= round);
    jobs.markSending(seed.id, again.map((item) => item.userId), minute(1).getTime() + round);
    // Every send but an item's last was throttled: back to pending, to be sent again.
    jobs.settle(seed.id, again.filter((item) => (item.attempts ?? 1) > round).map((item) => ({ userId: item.userId, state: 'pending' as const })));
  }
  jobs.settle(seed.id, sent.map((item) => ({ userId: item.userId, state: item.state, ...(item.code ? { code: item.code } : {}) })));
  jobs.markAudited(seed.id, sent.map((item) => item.userId));
  jobs.finish(seed.id, seed.end ?? 'done', minute(2));
  return jobs.get(seed.id)!;
}
