/**
 * Asking for a change of management type, or to disable advanced management: the service
 * opens an approval request (four-eyes), the approval cards go to the other tenant admins, and
 * the requester gets a card that is later replaced in place by the change's progress.
 */
import { ANY_VIEWER, expectedErrorCard } from '../shared/card-for-error';
import { renderModeRequestCard, type AdaptiveCardJson, type CardFact } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { ApprovalCardRef, ApprovalRequest } from '../../services/approvals/approval-request';
import type { ModeSwitchService } from '../../services/service-account/mode-switch.service';
import type { ModeApprovalKind, TargetMode } from '../../services/service-account/mode-switch.types';
import type { ModeSwitchProgressCards } from './mode-switch-progress';
import { isServiceAccountError } from '../../services/service-account/service-account.errors';
import type { LiveCardTarget } from '../shared/live-card';
import { formatInstant } from '../shared/time-format';

const MODE_NAMES: Record<string, string> = { none: 'Not chosen', default: 'Default', advanced: 'Advanced' };

export interface ModeRequest {
  kind: ModeApprovalKind;
  /** For mode.change only. */
  targetMode?: TargetMode;
}

/** The request card now, and (when a request was opened) how to replace it with the progress later. */
export interface ModeRequestAnswer {
  card: AdaptiveCardJson;
  request?: ApprovalRequest;
}

/** Delivers a new request's approval cards to the approvers (the bot's proactive notifier does it). */
export interface ApprovalCardSender {
  /** `reached`: who got a copy, in words (approvers by name, "the admin channel"). */
  publish(request: ApprovalRequest): Promise<{ sent: number; reached?: string[] }>;
}

export interface ModeRequesterDependencies {
  modeSwitch: Pick<ModeSwitchService, 'requestDisableAdvanced' | 'requestModeChange' | 'pendingRequest'>;
  approvalCards: ApprovalCardSender;
  progress: Pick<ModeSwitchProgressCards, 'rememberRequestCard'>;
  /**
   * Records the requester's own card as a copy of the request, so that a cancel (from this card,
   * from `approvals`, after a restart) closes it with every other copy.
   */
  requestCards?: { attachCard(tenantId: string, requestId: string, card: ApprovalCardRef): Promise<void> };
}

export class ModeRequester {
  /** Tenants with a request being opened right now in this process: two clicks in one instant open one. */
  private readonly opening = new Set<string>();

  constructor(private readonly deps: ModeRequesterDependencies) {}

  async request(actor: Actor, ask: ModeRequest, correlationId: string): Promise<ModeRequestAnswer> {
    const { modeSwitch, approvalCards } = this.deps;
    const key = `${actor.tenantId}\u0000${ask.kind}`;
    if (this.opening.has(key)) return { card: refusedCard('A request is being sent already', 'Wait a moment; the approval request is on its way to the other tenant admins.') };
    this.opening.add(key);
    try {
      const request =
        ask.kind === 'advanced.disable'
          ? await modeSwitch.requestDisableAdvanced(actor.tenantId, actor)
          : await modeSwitch.requestModeChange(actor.tenantId, actor, ask.targetMode ?? '');
      const { sent, reached } = await approvalCards.publish(request);
      return { card: sentCard(request, sent, reached), request };
    } catch (error) {
      // The service refuses a second request while one waits; show the one that waits.
      if (isServiceAccountError(error) && error.code === 'MODE.REQUEST_PENDING') {
        const waiting = await modeSwitch.pendingRequest(actor.tenantId, ask.kind);
        if (waiting) return { card: waitingCard(waiting, actor.userId) };
      }
      return { card: failureCard(error, correlationId) };
    } finally {
      this.opening.delete(key);
    }
  }

  /**
   * Lets the approved change replace this request card with its progress (see
   * ModeSwitchProgressCards), and keeps it as the requester's copy of the request.
   */
  async rememberRequestCard(request: ApprovalRequest | undefined, target: LiveCardTarget): Promise<void> {
    if (!request || target.kind !== 'posted') return;
    this.deps.progress.rememberRequestCard(request.id, { replace: target.replace });
    if (!target.card || !this.deps.requestCards) return;
    try {
      await this.deps.requestCards.attachCard(request.tenantId, request.id, { ...target.card, audience: 'requester' });
    } catch {
      // The request stands and its approvers' copies are recorded; this card then only changes when clicked.
    }
  }
}

function describeAsk(request: ApprovalRequest): { title: string; facts: CardFact[] } {
  if (request.kind === 'advanced.disable') {
    const upn = typeof request.payload['userPrincipalName'] === 'string' ? request.payload['userPrincipalName'] : undefined;
    return { title: 'disable advanced management', facts: upn ? [{ label: 'Account', value: upn }] : [] };
  }
  const to = MODE_NAMES[String(request.payload['targetMode'])] ?? String(request.payload['targetMode']);
  const from = MODE_NAMES[String(request.payload['fromMode'])] ?? String(request.payload['fromMode']);
  return { title: `switch to ${to}`, facts: [{ label: 'From', value: from }, { label: 'To', value: to }] };
}

function sentCard(request: ApprovalRequest, sent: number, reached: readonly string[] = []): AdaptiveCardJson {
  const ask = describeAsk(request);
  if (sent === 0) {
    // Nobody received the card: say so now instead of leaving the requester waiting for nothing.
    return renderModeRequestCard({
      title: `Approval requested: ${ask.title}`,
      message:
        'No other tenant admin could be reached in Teams yet. Nobody has been asked to approve this, and nothing changes until someone does.',
      facts: [...ask.facts, { label: 'Expires', value: formatInstant(request.expiresAt) }],
      nextStep:
        'Ask another tenant admin to open a chat with the bot, or register an admin channel with "notify here". If you are the only tenant admin, open Settings and choose "Self-approve" as the approval policy, then ask again.',
      tone: 'refused',
      reference: request.id,
      cancelRequestId: request.id,
    });
  }
  return renderModeRequestCard({
    title: `Approval requested: ${ask.title}`,
    message: 'Another tenant admin must approve this. When they do, the change runs and this card shows its progress.',
    facts: [...ask.facts, { label: 'Sent to', value: reached.length === sent ? listInWords(reached) : sent === 1 ? '1 chat' : `${sent} chats` }, { label: 'Expires', value: formatInstant(request.expiresAt) }],
    nextStep: 'You can keep working; nothing changes until it is approved.',
    reference: request.id,
    cancelRequestId: request.id,
  });
}

function waitingCard(request: ApprovalRequest, viewerId: string): AdaptiveCardJson {
  const ask = describeAsk(request);
  return renderModeRequestCard({
    title: `Already waiting for approval: ${ask.title}`,
    message: 'A request for this is waiting for another tenant admin, so no second one was sent.',
    facts: [...ask.facts, { label: 'Requested at', value: formatInstant(request.createdAt) }, { label: 'Expires', value: formatInstant(request.expiresAt) }],
    nextStep:
      viewerId === request.requester.userId
        ? 'Ask another tenant admin to decide it, or cancel it and ask again.'
        : 'Ask another tenant admin to decide it, or ask the person who requested it to cancel it.',
    reference: request.id,
    ...(viewerId === request.requester.userId ? { cancelRequestId: request.id } : {}),
  });
}

function refusedCard(title: string, message: string, nextStep?: string, reference?: string): AdaptiveCardJson {
  return renderModeRequestCard({ title, message, facts: [], tone: 'refused', ...(nextStep ? { nextStep } : {}), ...(reference ? { reference } : {}) });
}

function failureCard(error: unknown, correlationId: string): AdaptiveCardJson {
  const card = expectedErrorCard(error, ANY_VIEWER, correlationId, { title: 'Nothing was requested' });
  if (card) return card;
  throw error;
}

/** "Megan Bowen", "Megan Bowen and the admin channel", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
