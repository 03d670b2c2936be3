/** Storage of bulk jobs and their items. Each method is atomic; state changes are conditional. */
import type { SessionPrincipal } from '../../sessions/session.types';
import type { BulkCounts, BulkItem, BulkItemSettlement, BulkJob, BulkJobState } from './bulk-job.types';

export interface BulkJobRepository {
  /** Stores a new job (awaiting confirmation) with every item, in one transaction. */
  create(job: BulkJob, items: readonly Omit<BulkItem, 'jobId' | 'attempts'>[]): void;
  get(jobId: string): BulkJob | undefined;
  /** The job a confirm with this idempotency key started, if any. */
  findByIdempotencyKey(tenantId: string, idempotencyKey: string): BulkJob | undefined;
  items(jobId: string, states?: readonly BulkItem['state'][]): BulkItem[];
  counts(jobId: string): BulkCounts;
  /** How many items were skipped or failed, per code. */
  codeCounts(jobId: string): Record<string, number>;
  /**
   * awaiting-confirmation → running, once: false when another delivery started it first, or
   * when the key is already used by another job of the tenant.
   */
  start(jobId: string, start: { idempotencyKey: string; now: Date; principal: SessionPrincipal; card?: BulkJob['card'] }): boolean;
  /**
   * Records the approval request a job waits for and keeps its confirmation open until
   * `expiresAt`. Only while awaiting confirmation and unexpired at `now`, and only when it has no
   * approval request yet or `replacing` is the one it has. Returns whether it was recorded.
   */
  attachApproval(jobId: string, approvalRequestId: string, expiresAt: string, now: Date, replacing?: string): boolean;
  /** Where the progress card is (known once the confirm's answer is on screen). */
  setCard(jobId: string, card: NonNullable<BulkJob['card']>): void;
  /** running → cancelling. False when the job is not running. */
  requestCancel(jobId: string): boolean;
  /** pending → sending for these users, committed before their batch goes out; counts an attempt and records when (`notBefore` of a sending item is its send time). */
  markSending(jobId: string, userIds: readonly string[], sentAt: number): void;
  /**
   * Records answers (all in one transaction). An item settled as succeeded, failed or unknown is
   * owed its audit record until markAudited: a process killed in between leaves it in `unaudited`.
   */
  settle(jobId: string, settlements: readonly BulkItemSettlement[]): void;
  /** Settled items whose audit record may not have been written (a process was killed first). */
  unaudited(jobId: string): BulkItem[];
  /** Their audit records are written. */
  markAudited(jobId: string, userIds: readonly string[]): void;
  /** running|cancelling → done|cancelled. */
  finish(jobId: string, state: Extract<BulkJobState, 'done' | 'cancelled'>, now: Date): boolean;
  /** awaiting-confirmation past expiry → expired; returns how many. */
  expire(now: Date): number;
  /** Jobs a process left running or cancelling (to resume on start-up). */
  listUnfinished(): BulkJob[];
}
