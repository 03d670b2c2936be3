/**
 * The durable outbox for proactive notices: `enqueue` persists first, `deliverPending` sends
 * through the Notifier. A send is tried at most 3 times per round and retried within the round
 * only on 412/429/502/503/504, waiting Retry-After or a jittered exponential backoff. Whatever
 * is not delivered stays queued with its last error and is retried on a later round (the
 * scheduler's tick runs one every minute), so a notice is never lost silently. Delivery is at
 * least once: a crash between a successful send and its bookkeeping sends it again.
 *
 * Fan-out (issue 17): a round takes every due row, a batch at a time (no cap per round, so the
 * 51st admin does not wait a tick), and sends to different conversations in parallel (up to
 * `concurrency` at once) while the rows of one conversation go one after another, at least
 * `conversationIntervalInMs` apart (Teams allows a bot about 7 messages a second per conversation).
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
  /** Rows claimed at a time; a round claims batches until nothing is due. Default 50. */
  batchSize?: number;
  /** Conversations sent to at once. Default 8. */
  concurrency?: number;
  /** Least time between two sends to one conversation. Default 250 ms. */
  conversationIntervalInMs?: number;
  /** After this long, a round claims no further batch; the next round sends the rest. Default 45 s. */
  roundBudgetInMs?: number;
}

/** The most batches one round claims (a bound against a store that keeps handing rows back). */
const MAX_BATCHES_PER_ROUND = 1_000;

function laneOf(target: NotificationTarget): string {
  return `${target.tenantId}|${target.kind}|${target.id}`;
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
  private readonly concurrency: number;
  private readonly conversationIntervalInMs: number;
  private readonly roundBudgetInMs: number;
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
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.conversationIntervalInMs = Math.max(0, options.conversationIntervalInMs ?? 250);
    this.roundBudgetInMs = options.roundBudgetInMs ?? 45_000;
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

  /** Every due row, a batch at a time. Returns true when an unaddressed row was expanded into per-target rows. */
  private async processDue(report: DeliveryReport, tenantId?: string): Promise<boolean> {
    let expanded = false;
    const startedAt = Date.now();
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND; batch += 1) {
      // A round that has run long enough leaves the rest to the next tick (rotation slots wait on rounds).
      if (batch > 0 && Date.now() - startedAt > this.roundBudgetInMs) break;
      const now = this.deps.clock.now();
      const rows = this.deps.store.claimDue(now, new Date(now.getTime() + this.claimLeaseInMs), this.batchSize, tenantId);
      const lanes = new Map<string, Array<OutboxRow & { target: NotificationTarget }>>();
      for (const row of rows) {
        if (!row.target) {
          expanded = (await this.expand(row, report)) || expanded;
          continue;
        }
        const lane = laneOf(row.target);
        lanes.set(lane, [...(lanes.get(lane) ?? []), row as OutboxRow & { target: NotificationTarget }]);
      }
      await this.sendLanes([...lanes.values()], report);
      if (rows.length < this.batchSize) break;
    }
    return expanded;
  }

  /** Conversations in parallel (at most `concurrency`), each conversation's rows in order and paced. */
  private async sendLanes(lanes: Array<Array<OutboxRow & { target: NotificationTarget }>>, report: DeliveryReport): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let lane = lanes[next++]; lane; lane = lanes[next++]) {
        for (const [index, row] of lane.entries()) {
          if (index > 0 && this.conversationIntervalInMs > 0) await this.sleep(this.conversationIntervalInMs);
          const failure = await this.deliverRow(row, row.target);
          if (failure) {
            report.queued += 1;
            report.failures.push({ rowId: row.id, target: row.target, code: failure.code, ...(failure.status !== undefined ? { status: failure.status } : {}) });
          } else {
            report.delivered += 1;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, lanes.length) }, () => worker()));
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
