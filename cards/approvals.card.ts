import { cardDateTime } from './card-words';
import template from './templates/approvals.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** One pending request on the `approvals` card, already in words. */
export interface PendingApprovalRowView {
  requestId: string;
  /** Echoed in Approve / Reject data and compared with the activity's tenant; never trusted. */
  tenantId: string;
  requesterId: string;
  /** "Change management type". */
  title: string;
  /** "Switch the management type from Default to Advanced." */
  what: string;
  /** The requester by name. */
  requester: string;
  /** UTC ISO-8601; shown in the viewer's time zone. */
  requestedAt: string;
  expiresAt: string;
  /** Approve / Reject (an eligible approver; re-checked when clicked). */
  mayDecide: boolean;
  /** Cancel (the requester; re-checked when clicked). */
  mayCancel: boolean;
  /** Why this viewer has no button, e.g. "You asked for this, so another tenant admin decides it." */
  note?: string;
}

/**
 * The `approvals` list: what waits for a decision, who asked, what and when, with the buttons
 * the viewer may use. Also the confirmation of an approval-policy change while a request waits
 * (`message` then says what changed).
 */
export interface ApprovalsView {
  /** `tenant`: everything pending in the tenant; `own`: only the viewer's requests. */
  scope: 'tenant' | 'own';
  rows: readonly PendingApprovalRowView[];
  message?: { text: string; tone: 'good' | 'attention' };
  /** Offer "Open settings" (tenant admins: the approval policy lives there). */
  showSettings?: boolean;
}

function summaryOf(view: ApprovalsView): string {
  const count = view.rows.length;
  if (count === 0) return view.scope === 'own' ? 'None of your requests is waiting for a decision.' : 'Nothing is waiting for a decision.';
  const requests = count === 1 ? '1 request is' : `${count} requests are`;
  return `${requests} waiting for a decision${view.scope === 'own' ? ' (only your own are shown)' : ''}.`;
}

/** Times as `{{DATE()}} {{TIME()}}` in TextBlock text, which every host expands in the viewer's zone. */
function askedLine(row: PendingApprovalRowView): string {
  return `Asked by ${plainText(row.requester, 160)} on ${cardDateTime(row.requestedAt)}. Expires ${cardDateTime(row.expiresAt)}.`;
}

export function renderApprovalsCard(view: ApprovalsView): AdaptiveCardJson {
  return renderTemplate({
    title: 'Pending approvals',
    summary: summaryOf(view),
    message: view.message ? plainText(view.message.text, 500) : '',
    messageStyle: view.message?.tone === 'attention' ? 'attention' : 'good',
    items: view.rows.map((row) => ({
      title: plainText(row.title, 80),
      what: plainText(row.what, 300),
      asked: askedLine(row),
      note: row.note ? plainText(row.note, 300) : '',
      mayDecide: row.mayDecide,
      mayCancel: row.mayCancel,
      decideData: { requestId: row.requestId, tenantId: row.tenantId, requesterId: row.requesterId, from: 'approvals' },
      cancelData: { requestId: row.requestId, from: 'approvals' },
    })),
    nextStep:
      view.rows.length === 0
        ? 'Requests appear here when a tenant admin asks to change the management type or to disable advanced management.'
        : '',
    showSettings: view.showSettings === true,
    verbs: { approve: Verbs.approvalApprove, reject: Verbs.approvalReject, cancel: Verbs.approvalCancel, list: Verbs.approvalsList, settings: Verbs.settingsOpen },
  });
}
