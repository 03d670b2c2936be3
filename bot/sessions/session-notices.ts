/**
 * Proactive messages of the session area, through the Notifier (stored conversation references):
 * - to the person who enabled a session, when it expired, lost its Default-mode credentials in a
 *   restart, was resumed or could not be, or was ended by a settings change;
 * - to an operator, when an action interrupted by a crash was settled.
 * A person the bot never talked to has no conversation reference: that is logged (ids only) and
 * the notice dropped, because the status card shows the same facts on the next `status`.
 */
import { renderSessionStatusCard } from '../../cards';
import { MANAGEMENT_ACTIONS } from '../../services/access/actions';
import type { InterruptedActionNotice } from '../../services/actions/interrupted-action-reconciler';
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import type { ManagementMode } from '../../services/ports/tenant-settings.repository.port';
import type { SessionNoticeSink } from '../../services/sessions/session-collaborators.port';
import type { SessionNotice } from '../../services/sessions/session.types';
import { actionResultCard } from '../../dialogs/actions/run-action.dialog';
import { noticeView } from '../../dialogs/sessions/session-views';

export interface SessionNoticeDependencies {
  notifier: Notifier;
  /** The tenant's configured mode and auto-enable, for the card. */
  settingsOf(tenantId: string): { mode: ManagementMode; autoEnable: boolean };
  logger: Logger;
}

export class SessionNoticeSender implements SessionNoticeSink {
  constructor(private readonly deps: SessionNoticeDependencies) {}

  async deliver(notice: SessionNotice): Promise<void> {
    const settings = this.deps.settingsOf(notice.tenantId);
    const view = noticeView(notice, settings.mode, settings.autoEnable);
    await this.send(notice.tenantId, notice.recipient.userId, { card: renderSessionStatusCard(view), summary: view.note ?? 'Management session' }, notice.code);
  }

  async deliverInterruptedAction(notice: InterruptedActionNotice): Promise<void> {
    const card = actionResultCard({
      outcome: notice.state,
      title: MANAGEMENT_ACTIONS.find((action) => action.id === notice.actionId)?.title ?? notice.actionId,
      summary: notice.summary,
      target: notice.target,
      autoEnabled: false,
      duplicate: false,
      correlationId: notice.pendingActionId,
    });
    await this.send(notice.tenantId, notice.recipient.userId, { card, summary: notice.summary }, `ACTION.${notice.state.toUpperCase()}`);
  }

  private async send(tenantId: string, userId: string, message: { card: object; summary: string }, code: string): Promise<void> {
    try {
      await this.deps.notifier.send({ tenantId, kind: 'user', id: userId }, message);
    } catch (error) {
      this.deps.logger.warn({ tenantId, recipientId: userId, code, errorCode: (error as { code?: unknown }).code }, 'session notice not delivered');
    }
  }
}
