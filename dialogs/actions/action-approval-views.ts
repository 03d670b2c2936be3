/**
 * An operator's action or bulk action waiting for a tenant admin's approval, in cards:
 *
 * - `askedCard`: what the operator sees after "Ask for approval" (who was asked, until when);
 * - `approvedRunCard`: once approved, the card the operator runs it from (their request card is
 *   replaced by it, and a copy comes as a notice). It carries only the pending action's or job's
 *   id; running re-checks the approval in the approval service, never this card.
 */
import { cardDateTime, renderActionConfirmationCard, renderBulkConfirmationCard, renderModeRequestCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../cards';
import { describePerson } from '../../services/access/actor';
import { ACTION_RUN_APPROVAL, APPROVED_RUN_WINDOW_IN_MS, BULK_RUN_APPROVAL } from '../../services/actions/action-approvals';
import type { ApprovalAsked } from '../../services/actions/management-action.service';
import type { ApprovalCardRef, ApprovalRequest } from '../../services/approvals/approval-request';
import { listInWords } from '../service-account/mode-request';
import { ACTION_CHAT_ROWS } from './action-rows';

/** Delivers a new request's approval cards to the approvers (the bot's proactive notifier does it). */
export interface ActionApprovalCardSender {
  /** `reached`: who got a copy, in words (approvers by name, "the admin channel"). */
  publish(request: ApprovalRequest): Promise<{ sent: number; reached?: string[] }>;
}

export interface ActionApprovalAskerDependencies {
  approvalCards: ActionApprovalCardSender;
  /** Records the operator's own card as the requester's copy, so a decision or cancel replaces it. */
  requestCards: { attachCard(tenantId: string, requestId: string, card: ApprovalCardRef): Promise<void> };
}

/** The kinds this module words; other kinds keep the generic approval cards. */
export function isActionApprovalKind(kind: string): boolean {
  return kind === ACTION_RUN_APPROVAL || kind === BULK_RUN_APPROVAL;
}

function text(request: ApprovalRequest, key: string): string {
  const value = request.payload[key];
  return typeof value === 'string' ? value : '';
}

/** "Reset password for Adele Vance (adele@contoso.com)" or "Block sign-in, in bulk: department Sales". */
function whatWasAsked(request: ApprovalRequest): string {
  if (request.kind === BULK_RUN_APPROVAL) return `${text(request, 'action')}: ${text(request, 'users')}`;
  return text(request, 'change') || `${text(request, 'action')} for ${text(request, 'user')}`;
}

function askedFacts(request: ApprovalRequest): CardFact[] {
  if (request.kind === BULK_RUN_APPROVAL) {
    return [
      { label: 'Users', value: text(request, 'users') },
      { label: 'To change', value: text(request, 'toChange') },
    ];
  }
  return [{ label: 'User', value: text(request, 'user') }];
}

export class ActionApprovalAsker {
  constructor(private readonly deps: ActionApprovalAskerDependencies) {}

  /**
   * Sends a new request's cards to the approvers and keeps the clicked card as the requester's
   * copy; a repeated click shows where the request stands and sends nothing again.
   */
  async askedCard(asked: ApprovalAsked, clicked: { conversationId?: string; activityId?: string }): Promise<AdaptiveCardJson> {
    const { request } = asked;
    if (request.state === 'approved') return approvedRunCard(request);
    if (asked.duplicate) return waitingCard(request);
    const { sent, reached = [] } = await this.deps.approvalCards.publish(request);
    if (clicked.conversationId && clicked.activityId) {
      await this.deps.requestCards
        .attachCard(request.tenantId, request.id, { conversationId: clicked.conversationId, activityId: clicked.activityId, audience: 'requester' })
        .catch(() => undefined);
    }
    const facts = [...askedFacts(request), { label: 'Expires', value: cardDateTime(request.expiresAt) }];
    if (sent === 0) {
      return renderModeRequestCard({
        title: `Approval requested: ${whatWasAsked(request)}`,
        message: 'No tenant admin could be reached in Teams yet, so nobody has been asked. Nothing changes until someone approves it.',
        facts,
        nextStep: 'Ask a tenant admin to open a chat with the bot or to register an admin channel with "notify here", then ask again. Or ask a tenant admin to run it.',
        tone: 'refused',
        reference: request.id,
        cancelRequestId: request.id,
      });
    }
    return renderModeRequestCard({
      title: `Approval requested: ${whatWasAsked(request)}`,
      message: "A tenant admin must approve this. When they do, this card changes to a Run button, and you'll get a message.",
      facts: [...askedFacts(request), { label: 'Sent to', value: reached.length === sent ? listInWords(reached) : sent === 1 ? '1 chat' : `${sent} chats` }, { label: 'Expires', value: cardDateTime(request.expiresAt) }],
      nextStep: 'You can keep working; nothing changes until it is approved and you run it.',
      reference: request.id,
      cancelRequestId: request.id,
    });
  }
}

function waitingCard(request: ApprovalRequest): AdaptiveCardJson {
  return renderModeRequestCard({
    title: `Already waiting for approval: ${whatWasAsked(request)}`,
    message: 'This request is already with the tenant admins, so no second one was sent.',
    facts: [...askedFacts(request), { label: 'Requested at', value: cardDateTime(request.createdAt) }, { label: 'Expires', value: cardDateTime(request.expiresAt) }],
    nextStep: 'Type "approvals" to see it, or cancel it here.',
    reference: request.id,
    cancelRequestId: request.id,
  });
}

/** The card an approved request's operator runs it from; undefined for other kinds or states. */
export function approvedRunCard(request: ApprovalRequest): AdaptiveCardJson {
  const approvedBy = request.decidedBy ? describePerson(request.decidedBy) : 'a tenant admin';
  const runBy = cardDateTime(new Date(Date.parse(request.expiresAt) + APPROVED_RUN_WINDOW_IN_MS).toISOString());
  const approval: CardFact[] = [
    { label: 'Approved by', value: approvedBy },
    ...(request.decidedAt ? [{ label: 'Approved at', value: cardDateTime(request.decidedAt) }] : []),
  ];
  const note = 'Approved. Nothing has changed yet: run it when you are ready.';
  if (request.kind === BULK_RUN_APPROVAL) {
    return renderBulkConfirmationCard({
      title: `Approved: ${text(request, 'action')} for ${text(request, 'toChange')}`,
      facts: [...askedFacts(request), ...approval],
      skipped: [],
      moreSkipped: 0,
      note,
      verb: Verbs.bulkConfirm,
      jobId: text(request, 'jobId'),
      confirmTitle: 'Start now',
      destructive: true,
      expiresAt: runBy,
    });
  }
  const row = ACTION_CHAT_ROWS.find((candidate) => candidate.actionId === text(request, 'actionId'));
  return renderActionConfirmationCard({
    title: `Approved: ${text(request, 'change')}`,
    facts: [...askedFacts(request), ...approval],
    consequences: [],
    note,
    verb: row?.verb ?? (text(request, 'actionId').startsWith('custom:') ? Verbs.customActionRunConfirm : Verbs.actionsStart),
    pendingActionId: text(request, 'pendingActionId'),
    confirmTitle: 'Run now',
    destructive: true,
    expiresAt: runBy,
  });
}
