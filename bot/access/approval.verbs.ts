import { ANY_VIEWER, expectedErrorCard, userTextOf } from '../../dialogs/shared/card-for-error';
import { renderAccessDeniedCard, renderGrantResultCard, Verbs, type AdaptiveCardJson } from '../../cards';
import { toPerson, type Actor } from '../../services/access/actor';
import { ApprovalError } from '../../services/approvals/approval-errors';
import type { ApprovalDecision } from '../../services/approvals/approval-request';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { VerbContext, VerbDefinition, VerbResult } from '../invoke-router';
import type { ApprovalCardViews } from './approval-card-views';
import type { ApprovalsCards } from '../../dialogs/approvals/approvals-cards';

export interface ApprovalVerbDependencies {
  approvals: ApprovalService;
  views: ApprovalCardViews;
  audit: AuditWriter;
  /** Starts delivering the card updates a decision queued. */
  kickDelivery: () => void;
  /** A click on the `approvals` list is answered with the list again, saying what happened. */
  lists?: Pick<ApprovalsCards, 'forActor'>;
}

/** Buttons on the `approvals` list say so in their data; only the answer's shape depends on it. */
function fromList(data: Readonly<Record<string, unknown>>): boolean {
  return data['from'] === 'approvals';
}

const REQUEST_ID = /^[0-9a-f-]{36}$/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}

/**
 * Approve / Reject / refresh of approval cards. The decider is the activity's actor; the card
 * only names which request (looked up in the actor's own tenant). Echoes of tenant and
 * requester on the card must match the stored request, else the click is refused and audited.
 * Exactly-once is the service's guarantee: a second click, a redelivery or a slower approver
 * gets the current status card.
 */
export class ApprovalVerbs {
  constructor(private readonly dependencies: ApprovalVerbDependencies) {}

  definitions(): VerbDefinition[] {
    return [
      { verb: Verbs.approvalApprove, handle: (context) => this.decide(context, 'approve') },
      { verb: Verbs.approvalReject, handle: (context) => this.decide(context, 'reject') },
      { verb: Verbs.approvalRefresh, handle: (context) => this.refresh(context) },
      { verb: Verbs.approvalCancel, handle: (context) => this.cancel(context) },
    ];
  }

  private async decide(context: VerbContext, decision: ApprovalDecision): Promise<VerbResult> {
    const { approvals, views } = this.dependencies;
    const requestId = text(context.data.requestId);
    if (!requestId || !REQUEST_ID.test(requestId)) return { card: notFound(context.correlationId) };
    const actor = context.actor;
    const capability = decision === 'approve' ? 'approval.approve' : 'approval.reject';
    const echoedTenant = text(context.data.tenantId);
    if (echoedTenant !== undefined && echoedTenant !== context.tenantId) return this.refuse(actor, capability, requestId, context.correlationId);
    const stored = await approvals.get(context.tenantId, requestId);
    const echoedRequester = text(context.data.requesterId);
    if (stored && echoedRequester !== undefined && echoedRequester !== stored.requester.userId) return this.refuse(actor, capability, requestId, context.correlationId);
    try {
      const outcome = await approvals.decide(requestId, actor, decision, { correlationId: context.correlationId });
      // Every other copy of the card, and the requester, hear about it from the outbox.
      this.dependencies.kickDelivery();
      const lists = this.dependencies.lists;
      if (lists && fromList(context.data)) {
        const done = outcome.status === 'decided' ? `${decision === 'approve' ? 'Approved' : 'Rejected'}. Every copy of the request card now says so.` : outcome.message;
        return { card: await lists.forActor(actor, { correlationId: context.correlationId, message: { text: done, tone: 'good' } }) };
      }
      if (outcome.status === 'decided') {
        const message = outcome.effect?.ok === false ? `Recorded, but carrying it out failed (${outcome.effect.code}). The team was told in the audit.` : undefined;
        return { card: views.render(outcome.request, { mode: 'status', approverIds: [], ...(message ? { message } : {}) }) };
      }
      return { card: views.render(outcome.request, { mode: 'status', approverIds: [], message: outcome.message }) };
    } catch (error) {
      if (error instanceof ApprovalError && error.code === 'APPROVAL.SELF_APPROVAL_FORBIDDEN' && stored) {
        return { card: await views.forActor(stored, actor, userTextOf(error)) };
      }
      const card = expectedErrorCard(error, ANY_VIEWER, context.correlationId, { title: 'Nothing was decided' });
      if (card) return { card };
      throw error;
    }
  }

  /** The requester withdraws a pending request; every other copy of the card hears about it from the outbox. */
  private async cancel(context: VerbContext): Promise<VerbResult> {
    const requestId = text(context.data.requestId);
    if (!requestId || !REQUEST_ID.test(requestId)) return { card: notFound(context.correlationId) };
    try {
      const outcome = await this.dependencies.approvals.cancel(requestId, context.actor, { correlationId: context.correlationId });
      this.dependencies.kickDelivery();
      const message = outcome.status === 'decided' ? 'You cancelled this request. Nothing was changed.' : outcome.message;
      const lists = this.dependencies.lists;
      if (lists && fromList(context.data)) {
        const text = outcome.status === 'decided' ? `${message} Every copy of the request card now says it was cancelled.` : message;
        return { card: await lists.forActor(context.actor, { correlationId: context.correlationId, message: { text, tone: 'good' } }) };
      }
      return { card: this.dependencies.views.render(outcome.request, { mode: 'status', approverIds: [], message, showSettings: outcome.request.requester.userId === context.actor.userId }) };
    } catch (error) {
      const card = expectedErrorCard(error, ANY_VIEWER, context.correlationId, { title: 'Nothing was cancelled' });
      if (card) return { card };
      throw error;
    }
  }

  private async refresh(context: VerbContext): Promise<VerbResult> {
    const requestId = text(context.data.requestId);
    const request = requestId && REQUEST_ID.test(requestId) ? await this.dependencies.approvals.get(context.tenantId, requestId) : undefined;
    if (!request) return { card: notFound(context.correlationId) };
    const actor = context.actor;
    return { card: await this.dependencies.views.forActor(request, actor) };
  }

  private async refuse(actor: Actor, capability: string, requestId: string, correlationId: string): Promise<VerbResult> {
    await this.dependencies.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor.userId ? actor : { ...actor, userId: 'unknown' }),
      action: capability,
      target: { type: 'approval', id: requestId },
      result: { outcome: 'denied', code: 'APPROVAL.CARD_MISMATCH' },
      correlationId,
    });
    return {
      card: renderAccessDeniedCard({ title: 'Nothing was decided', reason: "This card's details don't match the request, so nothing was done.", whoCanHelp: [], correlationId }),
    };
  }
}

function notFound(correlationId: string): AdaptiveCardJson {
  return renderGrantResultCard({
    outcome: 'failed',
    title: 'Request not found',
    message: 'I have no such approval request for your organization.',
    nextStep: 'Ask the requester to send it again.',
    correlationId,
  });
}
