/**
 * The durable outbox for proactive notices: `enqueue` persists first, `deliverPending` sends
 * through the Notifier. A send is tried at most 3 times per round and retried within the round
 * only on 412/429/502/503/504, waiting Retry-After or a jittered exponential backoff. Whatever
 * is not delivered stays queued with its last error and is retried on a later round (the
 * scheduler's tick runs one every minute), so a notice is never lost silently. Delivery is at
 * least once: a crash between a successful send and its bookkeeping sends it again.
 */
import type { Clock } from '../ports/clock.port';
import type { NotificationTarget, Notifier, OutboundCard } from '../ports/notifier.port';
import type { RotationLogger, Sleep } from '../rotation/rotation-collaborators.port';
import { silentRotationLogger } from '../rotation/rotation-collaborators.port';
import type { Notice } from './notice.types';
import type { NoticeOutboxStore, OutboxRow } from './notice-outbox.port';
import { DEFAULT_BACKOFF, backoffDelayInMs, classifyDeliveryError, nextRoundDelayInMs, type BackoffOptions, type DeliveryFailure } from './notice-delivery-policy';

/** Renders a notice view model into a card (the bot layer's cards/ module implements it). Pure. */
export interface NoticeRenderer {
  render(notice: Notice): OutboundCard;
}

/** Resolves targets for a notice enqueued without any (e.g. while the admin roster was unavailable). */
export interface NoticeTargetSource {
  resolve(tenantId: string): Promise<NotificationTarget[]>;
}

export interface NoticeOutboxDeps {
  store: NoticeOutboxStore;
  notifier: Notifier;
  renderer: NoticeRenderer;
  clock: Clock;
  targets?: NoticeTargetSource;
  logger?: RotationLogger;
  sleep?: Sleep;
  random?: () => number;
}

export interface NoticeOutboxOptions {
  /** Tries per row per round. Default 3 (issue 7). */
  maxTriesPerRound?: number;
  backoff?: BackoffOptions;
  /** A Retry-After longer than this ends the round for that row instead of blocking it. Default 60 s. */
  maxWaitInRoundInMs?: number;
  /** How long a claimed row is hidden from other rounds. Default 5 min. */
  claimLeaseInMs?: number;
  /** Rows per round. Default 50. */
  batchSize?: number;
}

export interface DeliveryReport {
  delivered: number;
  /** Still queued after this round (retryable or not). */
  queued: number;
  failures: Array<{ rowId: number; target?: NotificationTarget; code: string; status?: number }>;
}

export class NoticeOutbox {
  private readonly logger: RotationLogger;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly maxTries: number;
  private readonly backoff: BackoffOptions;
  private readonly maxWaitInRoundInMs: number;
  private readonly claimLeaseInMs: number;
  private readonly batchSize: number;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: NoticeOutboxDeps,
    options: NoticeOutboxOptions = {},
  ) {
    this.logger = deps.logger ?? silentRotationLogger;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = deps.random ?? Math.random;
    this.maxTries = Math.max(1, options.maxTriesPerRound ?? 3);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxWaitInRoundInMs = options.maxWaitInRoundInMs ?? 60_000;
    this.claimLeaseInMs = options.claimLeaseInMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 50;
  }

  /**
   * Persists the notice once per target (an empty list queues it unaddressed, to be resolved on
   * a later round). `dedupeKey` makes enqueueing idempotent per target: recovery re-reporting a
   * run, or a daily alert raised twice, queues nothing new. Returns how many rows were new.
   */
  enqueue(tenantId: string, targets: readonly NotificationTarget[], notice: Notice, options: { dedupeKey?: string } = {}): number {
    if (notice.tenantId !== tenantId || targets.some((target) => target.tenantId !== tenantId)) {
      throw new Error('notice outbox: a notice and its targets must belong to one tenant');
    }
    const dedupeKey = options.dedupeKey ?? notice.noticeId;
    const createdAt = this.deps.clock.now();
    const rows = targets.length > 0 ? targets.map((target) => ({ target })) : [{}];
    const inserted = this.deps.store.insert(rows.map((row) => ({ ...row, noticeId: notice.noticeId, tenantId, dedupeKey, notice, createdAt })));
    this.logger.info({ tenantId, noticeId: notice.noticeId, kind: notice.kind, targets: targets.length, inserted }, 'notice queued');
    return inserted;
  }

  /**
   * One delivery round over the due rows (optionally of one tenant). Rounds are serialized in
   * this process; across processes the store's claim keeps two rounds from taking the same row.
   * Never throws for a Notifier failure; the row stays queued with its error.
   */
  deliverPending(options: { tenantId?: string } = {}): Promise<DeliveryReport> {
    const next = this.round.then(() => this.runRound(options.tenantId));
    this.round = next.catch(() => undefined);
    return next;
  }

  /** Rows not delivered yet (for status details and tests). */
  listQueued(tenantId?: string): OutboxRow[] {
    return this.deps.store.listQueued(tenantId);
  }

  private async runRound(tenantId?: string): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, queued: 0, failures: [] };
    const expanded = await this.processDue(report, tenantId);
    // Rows just created from an unaddressed notice are due now; send them in this round.
    if (expanded) await this.processDue(report, tenantId);
    return report;
  }

  /** Returns true when an unaddressed row was expanded into per-target rows. */
  private async processDue(report: DeliveryReport, tenantId?: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const rows = this.deps.store.claimDue(now, new Date(now.getTime() + this.claimLeaseInMs), this.batchSize, tenantId);
    let expanded = false;
    for (const row of rows) {
      if (!row.target) {
        expanded = (await this.expand(row, report)) || expanded;
        continue;
      }
      const failure = await this.deliverRow(row, row.target);
      if (failure) {
        report.queued += 1;
        report.failures.push({ rowId: row.id, target: row.target, code: failure.code, ...(failure.status !== undefined ? { status: failure.status } : {}) });
      } else {
        report.delivered += 1;
      }
    }
    return expanded;
  }

  /** Sends one row; returns the last failure when it stays queued. */
  private async deliverRow(row: OutboxRow, target: NotificationTarget): Promise<DeliveryFailure | undefined> {
    let card: OutboundCard;
    try {
      card = this.deps.renderer.render(row.notice);
    } catch (error) {
      return this.keepQueued(row, 0, { retryable: false, code: `RENDER.${error instanceof Error ? error.name : 'FAILED'}` });
    }
    let failure: DeliveryFailure | undefined;
    for (let tryNumber = 1; tryNumber <= this.maxTries; tryNumber += 1) {
      try {
        const sent = await this.deps.notifier.send(target, card);
        this.deps.store.markDelivered(row.id, this.deps.clock.now(), { conversationId: sent.conversationId, activityId: sent.activityId }, row.attempts + tryNumber);
        this.logger.info({ tenantId: row.tenantId, noticeId: row.noticeId, targetKind: target.kind, tries: tryNumber }, 'notice delivered');
        return undefined;
      } catch (error) {
        failure = classifyDeliveryError(error);
        this.logger.warn({ tenantId: row.tenantId, noticeId: row.noticeId, targetKind: target.kind, code: failure.code, status: failure.status, tryNumber }, 'notice send failed');
        if (!failure.retryable || tryNumber === this.maxTries) return this.keepQueued(row, tryNumber, failure);
        const delay = backoffDelayInMs(tryNumber, this.random, this.backoff, failure.retryAfterInMs);
        if (delay > this.maxWaitInRoundInMs) return this.keepQueued(row, tryNumber, failure);
        await this.sleep(delay);
      }
    }
    return failure;
  }

  private keepQueued(row: OutboxRow, tries: number, failure: DeliveryFailure): DeliveryFailure {
    const delay = nextRoundDelayInMs(row.rounds + 1, this.random, failure.retryAfterInMs);
    this.deps.store.markFailed(row.id, {
      attempts: row.attempts + tries,
      nextAttemptAt: new Date(this.deps.clock.now().getTime() + delay),
      errorCode: failure.code,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
    });
    return failure;
  }

  private async expand(row: OutboxRow, report: DeliveryReport): Promise<boolean> {
    const targets = this.deps.targets ? await this.deps.targets.resolve(row.tenantId).catch(() => []) : [];
    if (targets.length === 0) {
      this.keepQueued(row, 0, { retryable: false, code: 'NOTIFY.NO_TARGETS' });
      report.queued += 1;
      report.failures.push({ rowId: row.id, code: 'NOTIFY.NO_TARGETS' });
      this.logger.error({ tenantId: row.tenantId, noticeId: row.noticeId }, 'notice has no targets yet; kept queued');
      return false;
    }
    this.deps.store.insert(
      targets.map((target) => ({ noticeId: row.noticeId, tenantId: row.tenantId, target, dedupeKey: row.dedupeKey, notice: row.notice, createdAt: this.deps.clock.now() })),
    );
    this.deps.store.markExpanded(row.id);
    return true;
  }
}
