import type { CardFact } from './grant-confirmation.card';
import template from './templates/approval.json';
import { cardDateTime, humanizeInstants, modeWords, personWords } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export type ApprovalCardState = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

/**
 * One approval request as a card. `decide` shows Approve/Reject (only ever rendered for an
 * eligible approver); `status` shows the state to everyone else. While pending, `refresh`
 * names the approvers, so Teams asks the bot for their own view (Universal Actions).
 */
export interface ApprovalCardView {
  requestId: string;
  /** Echoed in the button data and compared with the activity's tenant; never trusted. */
  tenantId: string;
  requesterId: string;
  kindLabel: string;
  /** The request's payload, already turned into short labels and values. */
  details: readonly CardFact[];
  requester: string;
  createdAt: string;
  expiresAt: string;
  state: ApprovalCardState;
  decidedBy?: string;
  decidedAt?: string;
  selfApproved?: boolean;
  mode: 'decide' | 'status';
  /** Entra object ids of the eligible approvers; Teams accepts them as `8:orgid:<id>`. */
  approverIds: readonly string[];
  /** A line above the facts, e.g. "Already approved by …" or "Reminder: …". */
  message?: string;
  /** Cancelled: also offer "Open settings" (the requester's own copy: where to ask again). */
  showSettings?: boolean;
}

/** Teams shows per-user views to at most 60 users. */
const MAX_REFRESH_USERS = 60;

const LOOK: Record<ApprovalCardState, { title: (kind: string) => string; style: string; color: string }> = {
  pending: { title: (kind) => `Approval needed: ${kind}`, style: 'emphasis', color: 'Accent' },
  // Green or yellow title text is hard to read; the container's style carries the tone.
  approved: { title: (kind) => `Approved: ${kind}`, style: 'good', color: 'Default' },
  rejected: { title: (kind) => `Rejected: ${kind}`, style: 'attention', color: 'Attention' },
  expired: { title: (kind) => `Expired: ${kind}`, style: 'warning', color: 'Default' },
  cancelled: { title: (kind) => `Cancelled: ${kind}`, style: 'default', color: 'Default' },
};

function statusLine(view: ApprovalCardView): string {
  switch (view.state) {
    case 'pending':
      return view.mode === 'decide'
        ? `${plainText(personWords(view.requester), 160)} asked for this. Approve or reject it before ${cardDateTime(view.expiresAt)}.`
        : `Waiting for a tenant admin to decide, until ${cardDateTime(view.expiresAt)}.`;
    case 'expired':
      return `Nobody decided before ${cardDateTime(view.expiresAt)}, so nothing was changed.`;
    case 'cancelled':
      return `Cancelled by ${personWords(view.decidedBy ?? view.requester)}${view.decidedAt ? ` at ${cardDateTime(view.decidedAt)}` : ''}. Nothing was changed.`;
    default:
      return `${view.state === 'approved' ? 'Approved' : 'Rejected'} by ${personWords(view.decidedBy ?? 'a tenant admin')}${view.decidedAt ? ` at ${cardDateTime(view.decidedAt)}` : ''}.`;
  }
}

export function renderApprovalCard(view: ApprovalCardView): AdaptiveCardJson {
  const look = LOOK[view.state];
  const kind = plainText(view.kindLabel, 80);
  const facts: CardFact[] = [
    ...view.details.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(modeWords(fact.value), 300) })),
    { label: 'Requested by', value: plainText(personWords(view.requester), 160) },
    { label: 'Requested at', value: cardDateTime(view.createdAt) },
    { label: 'Expires', value: cardDateTime(view.expiresAt) },
  ];
  if (view.decidedBy) facts.push({ label: 'Decided by', value: plainText(personWords(view.decidedBy), 160) });
  if (view.decidedAt && view.state !== 'expired') facts.push({ label: 'Decided at', value: cardDateTime(view.decidedAt) });
  const approverMris = view.approverIds.slice(0, MAX_REFRESH_USERS).map((id) => `8:orgid:${id}`);
  const refresh =
    view.state === 'pending' && approverMris.length > 0
      ? { action: { type: 'Action.Execute', title: 'Refresh', verb: Verbs.approvalRefresh, data: { requestId: view.requestId } }, userIds: approverMris }
      : null;
  const card = renderTemplate({
    refresh,
    style: look.style,
    color: look.color,
    title: look.title(kind),
    status: plainText(statusLine(view), 400),
    message: view.message ? plainText(humanizeInstants(view.message), 300) : '',
    facts,
    selfApproved: view.selfApproved === true,
    requestId: view.requestId,
    state: view.state,
    mode: view.state === 'pending' ? view.mode : 'status',
    actionData: { requestId: view.requestId, tenantId: view.tenantId, requesterId: view.requesterId },
    refreshData: { requestId: view.requestId },
    verbs: { approve: Verbs.approvalApprove, reject: Verbs.approvalReject, refresh: Verbs.approvalRefresh, list: Verbs.approvalsList, settings: Verbs.settingsOpen },
    // A cancelled request's next step: what else waits, and (for the requester) where to ask again.
    showSettings: view.state === 'cancelled' && view.showSettings === true,
  });
  // A closed request no longer refreshes; an absent property, not null, keeps the card valid.
  if (!card.refresh) delete card.refresh;
  return card;
}
