import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { Logger } from '../../services/logger';
import { NotifierError, type NotificationTarget, type Notifier } from '../../services/ports/notifier.port';
import type { SettingsService } from '../../services/settings/settings.service';
import { approvalSummary, type ApprovalCardViews } from './approval-card-views';

export interface ApprovalCardPublisherDependencies {
  approvals: ApprovalService;
  views: ApprovalCardViews;
  notifier: Notifier;
  settings: Pick<SettingsService, 'current'>;
  logger: Logger;
}

/**
 * Sends an approval card to every eligible approver's personal chat (where the bot has one) and
 * to the admin channel, and records each copy on the request so every copy is updated in place
 * when the request closes. Personal copies show Approve/Reject (the chat is the approver's
 * own); the channel copy shows the status and refreshes to Approve/Reject for approvers only.
 */
export class ApprovalCardPublisher {
  constructor(private readonly dependencies: ApprovalCardPublisherDependencies) {}

  async publish(request: ApprovalRequest, options: { reminder?: boolean } = {}): Promise<{ sent: number }> {
    const { approvals, views, settings } = this.dependencies;
    const approverIds = await views.approverIds(request);
    const message = options.reminder ? `Reminder: this request expires at ${request.expiresAt}.` : undefined;
    const copies: Array<{ target: NotificationTarget; mode: 'decide' | 'status' }> = approverIds.map((id) => ({
      target: { tenantId: request.tenantId, kind: 'user', id },
      mode: 'decide',
    }));
    const channel = settings.current(request.tenantId).adminChannelConversationId;
    // A reminder goes to the approvers only; the channel copy is already there and still current.
    if (channel && !options.reminder) copies.push({ target: { tenantId: request.tenantId, kind: 'conversation', id: channel }, mode: 'status' });

    let sent = 0;
    for (const copy of copies) {
      const card = views.render(request, { mode: copy.mode, approverIds, ...(message ? { message } : {}) });
      try {
        const delivered = await this.dependencies.notifier.send(copy.target, { card, summary: approvalSummary(request) });
        await approvals.attachCard(request.tenantId, request.id, { conversationId: delivered.conversationId, activityId: delivered.activityId });
        sent += 1;
      } catch (error) {
        // One unreachable admin must not stop the others; the channel copy still reaches everyone.
        const code = error instanceof NotifierError ? error.code : 'UNEXPECTED';
        this.dependencies.logger.warn({ code, requestId: request.id, tenantId: request.tenantId, targetKind: copy.target.kind }, 'approval card not delivered');
      }
    }
    return { sent };
  }
}
