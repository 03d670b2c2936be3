/**
 * The `approvals` card for a viewer: what the PendingApprovalsService says they may see and do,
 * in words. Shared by the `approvals` command, the list's Refresh and Cancel-from-the-list, and
 * the approval-policy confirmation while a request waits.
 */
import { renderApprovalsCard, type AdaptiveCardJson, type PendingApprovalRowView } from '../../cards';
import { describePerson, type Actor } from '../../services/access/actor';
import type { PendingApprovalItem, PendingApprovalsService } from '../../services/approvals/pending-approvals.service';
import { approvalTitle, approvalWhat } from './approval-words';

export interface ApprovalsCardOptions {
  correlationId: string;
  message?: { text: string; tone: 'good' | 'attention' };
}

export class ApprovalsCards {
  constructor(private readonly pending: Pick<PendingApprovalsService, 'listFor'>) {}

  /** @throws what PendingApprovalsService.listFor throws (ACCESS.DIRECTORY_UNAVAILABLE). */
  async forActor(actor: Actor, options: ApprovalsCardOptions): Promise<AdaptiveCardJson> {
    const list = await this.pending.listFor(actor, { correlationId: options.correlationId });
    return renderApprovalsCard({
      scope: list.scope,
      rows: list.items.map((item) => rowOf(item, actor)),
      ...(options.message ? { message: options.message } : {}),
      showSettings: list.scope === 'tenant',
    });
  }

  /**
   * The confirmation of an approval-policy change while requests wait: the new policy applies to
   * requests made from now on, and each waiting one is listed with its buttons (Cancel for the
   * requester, to ask again under the new policy). Undefined when nothing waits.
   */
  async afterPolicyChange(actor: Actor, saved: string, correlationId: string): Promise<AdaptiveCardJson | undefined> {
    const list = await this.pending.listFor(actor, { correlationId });
    if (list.items.length === 0) return undefined;
    const ownWaiting = list.items.some((item) => item.mayCancel);
    const text = `${saved} It applies to requests made from now on.${ownWaiting ? ' To have a waiting request of yours follow it, cancel it below and ask again.' : ''}`;
    return renderApprovalsCard({ scope: list.scope, rows: list.items.map((item) => rowOf(item, actor)), message: { text, tone: 'good' }, showSettings: true });
  }
}

function rowOf(item: PendingApprovalItem, viewer: Actor): PendingApprovalRowView {
  const { request } = item;
  const own = request.requester.userId === viewer.userId;
  const note = item.mayDecide
    ? undefined
    : own
      ? 'You asked for this, so another tenant admin decides it. You can cancel it.'
      : `Only ${describePerson(request.requester)} can cancel it; a tenant admin other than them approves or rejects it.`;
  return {
    requestId: request.id,
    tenantId: request.tenantId,
    requesterId: request.requester.userId,
    title: approvalTitle(request),
    what: approvalWhat(request),
    requester: describePerson(request.requester),
    requestedAt: request.createdAt,
    expiresAt: request.expiresAt,
    mayDecide: item.mayDecide,
    mayCancel: item.mayCancel,
    ...(note ? { note } : {}),
  };
}
