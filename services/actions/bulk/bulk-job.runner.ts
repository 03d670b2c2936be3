/**
 * Runs a started bulk job to its end over Graph JSON batching, as the session's account:
 *
 *  - items go out 20 to a `$batch`, with up to `concurrency` batches in flight, each batch's
 *    writes first taken from the tenant's WritePacer;
 *  - an item's state is committed `sending` before its batch goes out and settled as soon as
 *    the batch answers, so a process killed at any point leaves every item pending, sending or
 *    settled on disk;
 *  - a 429 item goes back to pending until its own Retry-After has passed;
 *  - an item whose outcome is unknown (left `sending` by a dead process, a 5xx item, a batch
 *    that failed as a whole) is re-checked before anything is sent again: the action's
 *    `inEffect` read (GET /users/{id}?$select=accountEnabled, batched) settles it as succeeded
 *    when the change is in effect, or sends it again when it is not; an action whose effect
 *    cannot be read (revoke sessions) settles it "outcome unknown" and never sends it twice;
 *  - Cancel (job state `cancelling`) stops taking new batches; batches in flight finish and the
 *    items never sent are skipped;
 *  - audit: one record per user acted on (succeeded, failed, unknown) and one at the end.
 *
 * `stop()` (process shutdown) lets batches in flight finish and leaves the job running, to be
 * resumed by the next process.
 */
import { toPerson } from '../../access/actor';
import type { AuditWriter } from '../../ports/audit-log.port';
import type { Clock } from '../../ports/clock.port';
import { MAX_GRAPH_BATCH_REQUESTS, type GraphBatch, type GraphBatchItemResult, type GraphBatchRequest } from '../../ports/graph-batch.port';
import { auditDetails, auditPrincipal } from '../../sessions/session-audit';
import { silentLogger, type AreaLogger } from '../../sessions/session-collaborators.port';
import type { ActionDefinition } from '../action-definition';
import type { ActionRegistry } from '../action-registry';
import type { BatchableWrite } from './batchable-write';
import type { BulkJobRepository } from './bulk-job.repository.port';
import type { BulkItem, BulkItemSettlement, BulkJob } from './bulk-job.types';
import { readBulkProgress, type BulkProgressSink } from './bulk-progress';
import type { WritePacer } from './write-pacer';

export interface BulkJobRunnerOptions {
  /** Requests per `$batch` (Graph's maximum is 20). */
  batchSize?: number;
  /** Batches in flight at once. Default 3. */
  concurrency?: number;
  /** Sends of one item before a throttled item counts as failed. Default 10. */
  maxAttempts?: number;
  /** Wait for a throttled item whose answer had no Retry-After. Default 1 s. */
  defaultRetryAfterInMs?: number;
  /** A part batch waits this long at most for items coming due, to send them together. Default 500 ms. */
  gatherWindowInMs?: number;
  /**
   * How long after its batch went out an item of unknown outcome is read back: a request Graph
   * received before the client died may still be applied meanwhile. Default 30 s.
   */
  inFlightGraceInMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BulkJobRunnerDependencies {
  jobs: BulkJobRepository;
  registry: ActionRegistry;
  /** `$batch` as the session's account of the tenant. */
  batchFor(tenantId: string): GraphBatch;
  pacer: WritePacer;
  audit: AuditWriter;
  clock: Clock;
  progress: BulkProgressSink;
  logger?: AreaLogger;
  options?: BulkJobRunnerOptions;
}

type Outcome = { kind: 'settle'; settlement: BulkItemSettlement } | { kind: 'uncertain' };

export class BulkJobRunner {
  private readonly logger: AreaLogger;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly defaultRetryAfterInMs: number;
  private readonly gatherWindowInMs: number;
  private readonly inFlightGraceInMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly running = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: BulkJobRunnerDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.batchSize = Math.min(MAX_GRAPH_BATCH_REQUESTS, deps.options?.batchSize ?? MAX_GRAPH_BATCH_REQUESTS);
    this.concurrency = Math.max(1, deps.options?.concurrency ?? 3);
    this.maxAttempts = deps.options?.maxAttempts ?? 10;
    this.defaultRetryAfterInMs = deps.options?.defaultRetryAfterInMs ?? 1_000;
    this.gatherWindowInMs = deps.options?.gatherWindowInMs ?? 500;
    this.inFlightGraceInMs = deps.options?.inFlightGraceInMs ?? 30_000;
    this.sleep = deps.options?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Lets batches in flight finish and stops taking new ones; jobs stay running for the next process. */
  stop(): void {
    this.stopping = true;
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Runs the job until every item is settled, it is cancelled, or the runner stops. One run per job per process. */
  async run(jobId: string): Promise<void> {
    if (this.running.has(jobId) || this.stopping) return;
    this.running.add(jobId);
    try {
      await this.runJob(jobId);
    } finally {
      this.running.delete(jobId);
    }
  }

  private async runJob(jobId: string): Promise<void> {
    const job = this.deps.jobs.get(jobId);
    if (!job || (job.state !== 'running' && job.state !== 'cancelling')) return;
    const definition = this.deps.registry.get(job.actionId);
    if (!definition?.batch) throw new Error(`Action ${job.actionId} cannot run in bulk`);
    const write = definition.batch;
    const batch = this.deps.batchFor(job.tenantId);

    // Items a dead process settled but was killed before auditing: their records first.
    const unaudited = this.deps.jobs.unaudited(jobId);
    if (unaudited.length > 0) {
      await this.auditSettled(job, definition, unaudited, unaudited.map((item) => ({ userId: item.userId, state: item.state, ...(item.code ? { code: item.code } : {}) })), true);
    }
    // Items a dead process (or a failed batch) left in flight: read them back before sending anything.
    const inFlight = this.deps.jobs.items(jobId, ['sending']);
    if (inFlight.length > 0) await this.recheck(job, definition, batch, inFlight);

    const taken = new Set<string>();
    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.stopping || this.cancelRequested(jobId)) return;
        const pending = this.deps.jobs.items(jobId, ['pending']).filter((item) => !taken.has(item.userId));
        const now = this.deps.clock.now().getTime();
        const ready = pending.filter((item) => (item.notBefore ?? 0) <= now).slice(0, this.batchSize);
        // A part batch while more items come due shortly: wait for them, so retried items share full batches.
        const dueSoon = pending.filter((item) => (item.notBefore ?? 0) > now && (item.notBefore ?? 0) <= now + this.gatherWindowInMs);
        if (ready.length > 0 && ready.length < this.batchSize && dueSoon.length > 0) {
          await this.sleep(Math.max(10, Math.max(...dueSoon.map((item) => item.notBefore ?? now)) - now));
          continue;
        }
        if (ready.length === 0) {
          if (pending.length === 0 && taken.size === 0 && this.deps.jobs.items(jobId, ['sending']).length === 0) return;
          const soonest = Math.min(...pending.map((item) => item.notBefore ?? now), now + 50);
          await this.sleep(Math.max(10, soonest - now));
          continue;
        }
        for (const item of ready) taken.add(item.userId);
        try {
          await this.sendBatch(job, definition, write, batch, ready);
        } finally {
          for (const item of ready) taken.delete(item.userId);
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    if (this.stopping) return;
    await this.finish(job, definition);
  }

  private async sendBatch(job: BulkJob, definition: ActionDefinition, write: BatchableWrite, batch: GraphBatch, items: BulkItem[]): Promise<void> {
    await this.deps.pacer.take(job.tenantId, items.length);
    const sentAt = this.deps.clock.now().getTime();
    this.deps.jobs.markSending(job.id, items.map((item) => item.userId), sentAt);
    const requests: GraphBatchRequest[] = items.map((item, index) => ({ id: String(index + 1), ...write.request(item.userId) }));
    let results: GraphBatchItemResult[] | undefined;
    try {
      results = await batch.send(job.tenantId, requests);
    } catch (error) {
      this.logger.warn({ tenantId: job.tenantId, jobId: job.id, code: codeOf(error) }, 'bulk: a batch failed as a whole; its items are checked again');
    }
    const uncertain: BulkItem[] = [];
    const settlements: BulkItemSettlement[] = [];
    items.forEach((item, index) => {
      const outcome = results ? this.outcomeOf(item, results[index]!) : { kind: 'uncertain' as const };
      if (outcome.kind === 'uncertain') uncertain.push({ ...item, state: 'sending', attempts: item.attempts + 1, notBefore: sentAt });
      else settlements.push(outcome.settlement);
    });
    this.deps.jobs.settle(job.id, settlements);
    await this.auditSettled(job, definition, items, settlements);
    if (uncertain.length > 0) await this.recheck(job, definition, batch, uncertain);
    this.report(job, definition);
  }

  private outcomeOf(item: BulkItem, result: GraphBatchItemResult): Outcome {
    const settle = (settlement: Omit<BulkItemSettlement, 'userId'>): Outcome => ({ kind: 'settle', settlement: { userId: item.userId, ...settlement } });
    if (result.status >= 200 && result.status < 300) return settle({ state: 'succeeded' });
    if (result.status === 429) {
      if (item.attempts + 1 >= this.maxAttempts) return settle({ state: 'failed', code: 'DIRECTORY.THROTTLED' });
      return settle({ state: 'pending', notBefore: this.deps.clock.now().getTime() + (result.retryAfterInMs ?? this.defaultRetryAfterInMs) });
    }
    if (result.status === 404) return settle({ state: 'failed', code: 'DIRECTORY.NOT_FOUND' });
    if (result.status === 403) return settle({ state: 'failed', code: 'DIRECTORY.PERMISSION_DENIED' });
    if (result.status === 401) return settle({ state: 'failed', code: 'DIRECTORY.UNAUTHENTICATED' });
    if (result.status >= 500) return { kind: 'uncertain' };
    return settle({ state: 'failed', code: 'DIRECTORY.BAD_REQUEST' });
  }

  /**
   * Settles items whose write may or may not have happened. With an `inEffect` read: in effect →
   * succeeded; not in effect → pending (sent again); gone → failed. Without one, or when the
   * read fails: outcome unknown, never sent again.
   */
  private async recheck(job: BulkJob, definition: ActionDefinition, batch: GraphBatch, items: BulkItem[], graceServed = false): Promise<void> {
    const check = definition.batch?.inEffect;
    const settlements: BulkItemSettlement[] = [];
    if (check && !graceServed) {
      // A request sent just before a crash (or a timeout) may still be running at Graph: reading
      // the user too early would see the old value and send the write a second time.
      const lastSent = Math.max(...items.map((item) => item.notBefore ?? 0));
      const wait = lastSent + this.inFlightGraceInMs - this.deps.clock.now().getTime();
      if (wait > 0) await this.sleep(wait);
    }
    if (!check) {
      for (const item of items) settlements.push({ userId: item.userId, state: 'unknown', code: 'ACTION.OUTCOME_UNKNOWN' });
    } else {
      for (let start = 0; start < items.length; start += this.batchSize) {
        const chunk = items.slice(start, start + this.batchSize);
        const requests: GraphBatchRequest[] = chunk.map((item, index) => ({ id: String(index + 1), method: 'GET', url: `/users/${encodeURIComponent(item.userId)}?$select=${check.select}` }));
        let results: GraphBatchItemResult[] | undefined;
        try {
          results = await batch.send(job.tenantId, requests);
        } catch (error) {
          this.logger.warn({ tenantId: job.tenantId, jobId: job.id, code: codeOf(error) }, 'bulk: reading users back failed');
        }
        chunk.forEach((item, index) => {
          const result = results?.[index];
          if (result && result.status === 200 && result.body) {
            settlements.push(check.check(result.body) ? { userId: item.userId, state: 'succeeded' } : { userId: item.userId, state: 'pending' });
          } else if (result?.status === 404) {
            settlements.push({ userId: item.userId, state: 'failed', code: 'DIRECTORY.NOT_FOUND' });
          } else if (result?.status === 429 && item.attempts < this.maxAttempts) {
            // Still unread: leave it in flight, to be read again after the wait.
            settlements.push({ userId: item.userId, state: 'sending', notBefore: this.deps.clock.now().getTime() + (result.retryAfterInMs ?? this.defaultRetryAfterInMs) });
          } else {
            settlements.push({ userId: item.userId, state: 'unknown', code: 'ACTION.OUTCOME_UNKNOWN' });
          }
        });
      }
    }
    const stillInFlight = settlements.filter((s) => s.state === 'sending');
    this.deps.jobs.settle(job.id, settlements);
    await this.auditSettled(job, definition, items, settlements, true);
    if (stillInFlight.length > 0) {
      const wait = Math.max(...stillInFlight.map((s) => (s.notBefore ?? 0) - this.deps.clock.now().getTime()), 10);
      await this.sleep(wait);
      const again = this.deps.jobs.items(job.id, ['sending']).filter((item) => stillInFlight.some((s) => s.userId === item.userId));
      if (again.length > 0) await this.recheck(job, definition, batch, again, true);
    }
  }

  private async auditSettled(job: BulkJob, definition: ActionDefinition, items: readonly BulkItem[], settlements: readonly BulkItemSettlement[], reconciled = false): Promise<void> {
    const byId = new Map(items.map((item) => [item.userId, item]));
    for (const settlement of settlements) {
      if (settlement.state !== 'succeeded' && settlement.state !== 'failed' && settlement.state !== 'unknown') continue;
      const item = byId.get(settlement.userId);
      await this.deps.audit.append({
        tenantId: job.tenantId,
        actor: toPerson(job.actor),
        action: definition.id,
        target: { type: 'user', id: settlement.userId, ...(item ? { upn: item.upn, displayName: item.displayName } : {}) },
        ...auditPrincipal(job.principal),
        result: settlement.state === 'succeeded' ? { outcome: 'ok' } : { outcome: 'failed', code: settlement.code ?? 'ACTION.FAILED' },
        correlationId: job.correlationId,
        details: auditDetails({ bulkJobId: job.id, settledAs: settlement.state, ...(reconciled ? { reconciled: true } : {}) }),
      });
      this.deps.jobs.markAudited(job.id, [settlement.userId]);
    }
  }

  private cancelRequested(jobId: string): boolean {
    return this.deps.jobs.get(jobId)?.state === 'cancelling';
  }

  private report(job: BulkJob, definition: ActionDefinition): void {
    const current = this.deps.jobs.get(job.id) ?? job;
    this.deps.progress.progress(readBulkProgress(this.deps.jobs, current, definition.title));
  }

  private async finish(job: BulkJob, definition: ActionDefinition): Promise<void> {
    const cancelled = this.cancelRequested(job.id);
    if (cancelled) {
      const never = this.deps.jobs.items(job.id, ['pending']);
      this.deps.jobs.settle(job.id, never.map((item) => ({ userId: item.userId, state: 'skipped', code: 'BULK.CANCELLED' })));
    }
    if (!this.deps.jobs.finish(job.id, cancelled ? 'cancelled' : 'done', this.deps.clock.now())) return;
    const finished = this.deps.jobs.get(job.id) ?? job;
    const view = readBulkProgress(this.deps.jobs, finished, definition.title);
    await this.deps.audit.append({
      tenantId: job.tenantId,
      actor: toPerson(job.actor),
      action: 'bulk.finish',
      target: { type: 'bulkJob', id: job.id },
      ...auditPrincipal(job.principal),
      result: { outcome: 'ok' },
      correlationId: job.correlationId,
      details: auditDetails({
        actionId: job.actionId,
        selection: job.selection,
        endedAs: finished.state,
        succeeded: view.counts.succeeded,
        failed: view.counts.failed,
        skipped: view.counts.skipped,
        unknown: view.counts.unknown,
      }),
    });
    this.logger.info({ tenantId: job.tenantId, jobId: job.id, state: finished.state, succeeded: view.counts.succeeded, failed: view.counts.failed }, 'bulk: job finished');
    await this.deps.progress.finished(view);
  }
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
}
