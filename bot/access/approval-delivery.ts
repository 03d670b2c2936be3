import type { ApprovalDelivery as PendingDelivery, ApprovalService } from '../../services/approvals/approval.service';
import type { Logger } from '../../services/logger';
import { NotifierError, type Notifier } from '../../services/ports/notifier.port';
import { approvedRunCard, isActionApprovalKind } from '../../dialogs/actions/action-approval-views';
import { approvalSummary, type ApprovalCardViews } from './approval-card-views';

export interface ApprovalDeliveryDependencies {
  approvals: ApprovalService;
  views: ApprovalCardViews;
  notifier: Notifier;
  logger: Logger;
}

/** Batches per run; the next tick continues, so one run never holds the timer for long. */
const MAX_BATCHES_PER_RUN = 10;

/**
 * Works the approvals' outbox after a decision or expiry: replaces every copy of the card in
 * place (who decided, when) and tells the requester. An item is completed only after Teams
 * accepted it; a failed one stays leased and is offered again after the lease, so a restart
 * or a throttle loses nothing.
 */
export class ApprovalCardDelivery {
  constructor(private readonly dependencies: ApprovalDeliveryDependencies) {}

  async deliverPending(): Promise<number> {
    let delivered = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const items = await this.dependencies.approvals.claimDeliveries(20);
      if (items.length === 0) break;
      for (const item of items) if (await this.deliver(item)) delivered += 1;
    }
    return delivered;
  }

  private async deliver(item: PendingDelivery): Promise<boolean> {
    const { approvals, views, notifier, logger } = this.dependencies;
    const { request } = item;
    // An operator's approved action: their request card, and the notice, become the card they run it from.
    const runnable = request.state === 'approved' && isActionApprovalKind(request.kind);
    try {
      if (runnable && item.kind === 'updateCard' && item.card?.audience === 'requester') {
        await notifier.update({ target: { tenantId: request.tenantId, kind: 'conversation', id: item.card.conversationId }, ...item.card }, { card: approvedRunCard(request), summary: approvalSummary(request) });
      } else if (runnable && item.kind === 'notifyRequester') {
        await notifier.send({ tenantId: request.tenantId, kind: 'user', id: request.requester.userId }, { card: approvedRunCard(request), summary: approvalSummary(request) });
      } else if (item.kind === 'updateCard' && item.card?.audience === 'requester' && request.state === 'approved') {
        // The approved change's progress card has taken the requester's card over; leave it be.
      } else if (item.kind === 'updateCard' && item.card) {
        const card = item.card.audience === 'requester' ? views.requesterCopy(request) : views.render(request, { mode: 'status', approverIds: [] });
        await notifier.update(
          { target: { tenantId: request.tenantId, kind: 'conversation', id: item.card.conversationId }, ...item.card },
          { card, summary: approvalSummary(request) },
        );
      } else if (item.kind === 'notifyRequester') {
        await notifier.send({ tenantId: request.tenantId, kind: 'user', id: request.requester.userId }, { card: views.requesterNotice(request), summary: approvalSummary(request) });
      }
      await approvals.completeDelivery(item.outboxId);
      return true;
    } catch (error) {
      if (error instanceof NotifierError && error.code === 'NOTIFY.NO_REFERENCE') {
        // Nowhere to deliver (the requester never chatted with the bot): retrying cannot help.
        logger.info({ code: error.code, requestId: request.id, kind: item.kind }, 'approval follow-up has no conversation; dropped');
        await approvals.completeDelivery(item.outboxId);
        return false;
      }
      logger.warn({ code: error instanceof NotifierError ? error.code : 'UNEXPECTED', requestId: request.id, kind: item.kind }, 'approval follow-up not delivered; will retry');
      return false;
    }
  }
}
