import type { CardFact } from './grant-confirmation.card';
import template from './templates/approval.json';
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
}

/** Teams shows per-user views to at most 60 users. */
const MAX_REFRESH_USERS = 60;

const LOOK: Record<ApprovalCardState, { title: (kind: string) => string; style: string; color: string }> = {
  pending: { title: (kind) => `Approval needed: ${kind}`, style: 'emphasis', color: 'Accent' },
  approved: { title: (kind) => `Approved: ${kind}`, style: 'good', color: 'Good' },
  rejected: { title: (kind) => `Rejected: ${kind}`, style: 'attention', color: 'Attention' },
  expired: { title: (kind) => `Expired: ${kind}`, style: 'warning', color: 'Warning' },
  cancelled: { title: (kind) => `Cancelled: ${kind}`, style: 'default', color: 'Default' },
};

function statusLine(view: ApprovalCardView): string {
  switch (view.state) {
    case 'pending':
      return view.mode === 'decide'
        ? `${plainText(view.requester, 160)} asked for this. Approve or reject it before ${view.expiresAt}.`
        : `Waiting for a tenant admin to decide, until ${view.expiresAt}.`;
    case 'expired':
      return `Nobody decided before ${view.expiresAt}, so nothing was changed.`;
    case 'cancelled':
      return `Cancelled by ${view.decidedBy ?? view.requester} at ${view.decidedAt ?? ''}. Nothing was changed.`;
    default:
      return `${view.state === 'approved' ? 'Approved' : 'Rejected'} by ${view.decidedBy ?? 'a tenant admin'} at ${view.decidedAt ?? ''}.`;
  }
}

export function renderApprovalCard(view: ApprovalCardView): AdaptiveCardJson {
  const look = LOOK[view.state];
  const kind = plainText(view.kindLabel, 80);
  const facts: CardFact[] = [
    ...view.details.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    { label: 'Requested by', value: plainText(view.requester, 160) },
    { label: 'Requested at', value: view.createdAt },
    { label: 'Expires', value: view.expiresAt },
  ];
  if (view.decidedBy) facts.push({ label: 'Decided by', value: plainText(view.decidedBy, 160) });
  if (view.decidedAt && view.state !== 'expired') facts.push({ label: 'Decided at', value: view.decidedAt });
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
    message: view.message ? plainText(view.message, 300) : '',
    facts,
    selfApproved: view.selfApproved === true,
    requestId: view.requestId,
    state: view.state,
    mode: view.state === 'pending' ? view.mode : 'status',
    actionData: { requestId: view.requestId, tenantId: view.tenantId, requesterId: view.requesterId },
    refreshData: { requestId: view.requestId },
    verbs: { approve: Verbs.approvalApprove, reject: Verbs.approvalReject, refresh: Verbs.approvalRefresh },
  });
  // A closed request no longer refreshes; an absent property, not null, keeps the card valid.
  if (!card.refresh) delete card.refresh;
  return card;
}
