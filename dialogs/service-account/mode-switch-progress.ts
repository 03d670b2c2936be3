/**
 * The progress cards of an approved mode switch (the services' ModeSwitchReporter): an approved change of management type (or disable) runs after
 * the approval card was answered, so its progress is a card of its own, updated in place:
 * - when the request was made in this process, the requester's "approval requested" card is
 *   replaced by the progress card (same conversation, same message);
 * - otherwise (a restart resumed the switch) a new card goes to the requester's personal chat.
 * The final card says what happened and what to do next; the approver gets a copy.
 */
import { renderProgressCard, type AdaptiveCardJson } from '../../cards';
import type { Person } from '../../services/access/actor';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { Logger } from '../../services/logger';
import { NotifierError, type NotificationTarget, type Notifier } from '../../services/ports/notifier.port';
import type { ModeApprovalKind, ModeSwitchOutcome, ModeSwitchReporter } from '../../services/service-account/mode-switch.types';
import { createProgressBoard, type ProgressListener, type ProgressRow, type ProgressStep } from '../../services/service-account/provisioning-progress';
import type { CoalescingCardUpdaterOptions } from '../shared/coalescing-card-updater';
import { LiveCard, type LiveCardTarget } from '../shared/live-card';
import { describeSteps, switchFinishedView, switchRunningView, type SwitchDescription } from './mode-switch-views';

export interface ModeSwitchReporterDependencies {
  notifier: Notifier;
  /** Reads the stored request, for the names on the card. */
  approvals: { get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined> };
  logger: Logger;
  cardUpdates?: CoalescingCardUpdaterOptions;
}

/** The card that asked for approval, so the progress can replace it in place. */
export interface RequestCardOrigin {
  replace: (card: AdaptiveCardJson) => Promise<void>;
}

/** At most this many remembered request cards; older requests fall back to a new message. */
const MAX_ORIGINS = 500;

interface SwitchSession {
  live: LiveCard;
  describe: SwitchDescription;
  rows: ProgressRow[];
  listener: ProgressListener;
  /** The stored request (names for the card's facts); awaited before the final card. */
  request: Promise<ApprovalRequest | undefined>;
}

export class ModeSwitchProgressCards implements ModeSwitchReporter {
  /** One switch runs per tenant at a time (ModeSwitchService guarantees it), so sessions are per tenant. */
  private readonly sessions = new Map<string, SwitchSession>();
  private readonly origins = new Map<string, RequestCardOrigin>();

  constructor(private readonly deps: ModeSwitchReporterDependencies) {}

  /** Called by the request command or button once its "approval requested" card is on screen. */
  rememberRequestCard(approvalId: string, origin: RequestCardOrigin): void {
    this.origins.set(approvalId, origin);
    if (this.origins.size > MAX_ORIGINS) {
      const oldest = this.origins.keys().next().value;
      if (oldest !== undefined) this.origins.delete(oldest);
    }
  }

  /**
   * A Retry pressed on a card: that card becomes the progress card of the resumed switch, and
   * the returned listener is what to hand to ModeSwitchService.retry.
   */
  adoptCard(
    tenantId: string,
    approvalId: string,
    describe: SwitchDescription,
    steps: readonly ProgressStep[],
    target: LiveCardTarget,
  ): ProgressListener {
    return this.open(tenantId, describe, steps, () => target, this.lookup(tenantId, approvalId, describe)).listener;
  }

  /** The card a running switch shows now, for a double click on Retry. */
  currentCard(tenantId: string): AdaptiveCardJson | undefined {
    return this.sessions.get(tenantId)?.live.latest;
  }

  /** Ends an adopted card that resumed nothing (the switch had closed, or Retry was refused) with `card`. */
  async abandon(tenantId: string, card: AdaptiveCardJson): Promise<void> {
    const session = this.sessions.get(tenantId);
    if (!session) return;
    this.sessions.delete(tenantId);
    await session.request;
    session.live.show(card);
    await session.live.flush();
  }

  progressFor(context: { tenantId: string; approvalId: string; kind: ModeApprovalKind; steps: readonly ProgressStep[] }): ProgressListener {
    const existing = this.sessions.get(context.tenantId);
    if (existing) return existing.listener;
    const describe = describeSteps(context.kind, context.steps);
    const request = this.lookup(context.tenantId, context.approvalId, describe);
    return this.open(context.tenantId, describe, context.steps, () => this.targetFor(context.tenantId, context.approvalId, request), request).listener;
  }

  async finished(outcome: ModeSwitchOutcome): Promise<void> {
    let session = this.sessions.get(outcome.tenantId);
    if (!session) {
      const describe: SwitchDescription = { kind: outcome.kind, targetMode: outcome.mode };
      const request = this.lookup(outcome.tenantId, outcome.approvalId, describe);
      session = this.open(outcome.tenantId, describe, [], () => this.targetFor(outcome.tenantId, outcome.approvalId, request), request);
    }
    await session.request;
    const card = renderProgressCard(switchFinishedView(session.describe, session.rows, outcome));
    try {
      session.live.show(card);
      await session.live.flush();
    } finally {
      this.sessions.delete(outcome.tenantId);
      this.origins.delete(outcome.approvalId);
    }
    await this.tellApprover(session.describe, outcome, card);
  }

  private open(
    tenantId: string,
    describe: SwitchDescription,
    steps: readonly ProgressStep[],
    target: () => LiveCardTarget,
    request: Promise<ApprovalRequest | undefined>,
  ): SwitchSession {
    const live = new LiveCard(target(), this.deps.logger, this.deps.cardUpdates);
    const session: SwitchSession = { live, describe, rows: steps.map((step) => ({ ...step, state: 'pending' })), listener: () => undefined, request };
    session.listener = createProgressBoard(steps, (rows) => {
      session.rows = [...rows];
      live.show(renderProgressCard(switchRunningView(session.describe, rows)));
    });
    this.sessions.set(tenantId, session);
    return session;
  }

  /** The request card when it is known, else a new card in the requester's personal chat. */
  private targetFor(tenantId: string, approvalId: string, lookup: Promise<ApprovalRequest | undefined>): LiveCardTarget {
    const origin = this.origins.get(approvalId);
    if (origin) return { kind: 'posted', replace: async (card) => origin.replace(card) };
    return {
      kind: 'unposted',
      post: async (card) => {
        const request = await lookup;
        if (!request) throw new NotifierError('NOTIFY.NO_REFERENCE', 'the approval request is unknown');
        const target: NotificationTarget = { tenantId, kind: 'user', id: request.requester.userId };
        const sent = await this.deps.notifier.send(target, { card, summary: 'Management type change' });
        return (next) => this.deps.notifier.update(sent, { card: next, summary: 'Management type change' });
      },
    };
  }

  /**
   * Fills requester and approver into the description (for the card's facts) from the stored
   * request. Never rejects; the session owns the promise and awaits it before the final card.
   */
  private async lookup(tenantId: string, approvalId: string, describe: SwitchDescription): Promise<ApprovalRequest | undefined> {
    try {
      const request = await this.deps.approvals.get(tenantId, approvalId);
      if (request) {
        describe.requester = request.requester;
        if (request.decidedBy) describe.approver = request.decidedBy;
      }
      return request;
    } catch (error) {
      this.deps.logger.warn({ tenantId, approvalId, errorName: error instanceof Error ? error.name : typeof error }, 'approval request lookup failed');
      return undefined;
    }
  }

  /** The approver hears how the change they approved ended; a missing chat is no failure. */
  private async tellApprover(describe: SwitchDescription, outcome: ModeSwitchOutcome, card: AdaptiveCardJson): Promise<void> {
    const approver: Person | undefined = describe.approver;
    if (!approver || approver.userId === describe.requester?.userId) return;
    try {
      await this.deps.notifier.send({ tenantId: outcome.tenantId, kind: 'user', id: approver.userId }, { card, summary: 'Management type change' });
    } catch (error) {
      const code = error instanceof NotifierError ? error.code : 'UNEXPECTED';
      this.deps.logger.info({ tenantId: outcome.tenantId, approvalId: outcome.approvalId, code }, 'approver not told about the finished switch');
    }
  }
}
