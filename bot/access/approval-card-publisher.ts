import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { Logger } from '../../services/logger';
import { NotifierError, type NotificationTarget, type Notifier, type OutboundCard, type SentMessage } from '../../services/ports/notifier.port';
import type { PersonalChatOpener } from '../../services/ports/personal-chat.port';
import { PersonalChatError } from '../personal-chat-opener';
import type { SettingsService } from '../../services/settings/settings.service';
import { approvalSummary, type ApprovalCardViews } from './approval-card-views';
import { cardDateTime } from '../../cards';

export interface ApprovalCardPublisherDependencies {
  approvals: ApprovalService;
  views: ApprovalCardViews;
  notifier: Notifier;
  /** Opens a 1:1 chat with an approver the bot never talked to (app install + createConversation). Absent: such approvers are skipped. */
  personalChats?: PersonalChatOpener;
  settings: Pick<SettingsService, 'current'>;
  logger: Logger;
}

/**
 * Sends an approval card to every eligible approver's personal chat and to the admin channel. An
 * approver the bot never talked to gets a chat opened first (PersonalChatOpener); one that cannot
 * be opened is skipped and the others still get theirs. Each copy is recorded on the request, so
 * every copy is updated in place when the request closes. Personal copies show Approve/Reject (the
 * chat is the approver's own); the channel copy shows the status and refreshes to Approve/Reject for approvers only.
 */
export class ApprovalCardPublisher {
  constructor(private readonly dependencies: ApprovalCardPublisherDependencies) {}

  /** `reached` names who got a copy, in words: each approver by name, and "the admin channel". */
  async publish(request: ApprovalRequest, options: { reminder?: boolean } = {}): Promise<{ sent: number; reached: string[] }> {
    const { approvals, views, settings } = this.dependencies;
    const approvers = await views.approvers(request);
    const approverIds = approvers.map((approver) => approver.userId);
    const message = options.reminder ? `Reminder: this request expires on ${cardDateTime(request.expiresAt)}.` : undefined;
    const copies: Array<{ target: NotificationTarget; mode: 'decide' | 'status'; label: string }> = approvers.map((approver) => ({
      target: { tenantId: request.tenantId, kind: 'user', id: approver.userId },
      mode: 'decide',
      label: approver.displayName || 'a tenant admin',
    }));
    const channel = settings.current(request.tenantId).adminChannelConversationId;
    // A reminder goes to the approvers only; the channel copy is already there and still current.
    if (channel && !options.reminder) copies.push({ target: { tenantId: request.tenantId, kind: 'conversation', id: channel }, mode: 'status', label: 'the admin channel' });

    let sent = 0;
    const reached: string[] = [];
    for (const copy of copies) {
      const card = views.render(request, { mode: copy.mode, approverIds, ...(message ? { message } : {}) });
      try {
        const delivered = await this.sendOpeningChat(copy.target, { card, summary: approvalSummary(request) });
        await approvals.attachCard(request.tenantId, request.id, { conversationId: delivered.conversationId, activityId: delivered.activityId });
        sent += 1;
        reached.push(copy.label);
      } catch (error) {
        // One unreachable admin must not stop the others; the channel copy still reaches everyone.
        const code = error instanceof NotifierError ? error.code : 'UNEXPECTED';
        const step = error instanceof PersonalChatError ? error.step : undefined;
        this.dependencies.logger.warn(
          { code, ...(step ? { step } : {}), requestId: request.id, tenantId: request.tenantId, targetKind: copy.target.kind, ...(copy.target.kind === 'user' ? { userId: copy.target.id } : {}) },
          'approval card not delivered',
        );
      }
    }
    return { sent, reached };
  }

  /** Sends to a user's personal chat, opening one when the bot has none with them yet. */
  private async sendOpeningChat(target: NotificationTarget, message: OutboundCard): Promise<SentMessage> {
    const { notifier, personalChats } = this.dependencies;
    try {
      return await notifier.send(target, message);
    } catch (error) {
      const noChat = error instanceof NotifierError && error.code === 'NOTIFY.NO_REFERENCE';
      if (!noChat || target.kind !== 'user' || !personalChats) throw error;
    }
    await personalChats.ensurePersonalChat(target.tenantId, target.id);
    return notifier.send(target, message);
  }
}
