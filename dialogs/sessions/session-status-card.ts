/**
 * The "Management ON / OFF" card as the turn's user should see it: the session's facts from the
 * service, and only the buttons the viewer may use (every click is authorized again anyway).
 */
import { renderSessionStatusCard, type AdaptiveCardJson } from '../../cards';
import type { ManagementSessionService } from '../../services/sessions/management-session.service';
import type { FlowTurn } from '../flow-turn';
import { statusView } from './session-views';

export class SessionStatusCards {
  constructor(private readonly sessions: Pick<ManagementSessionService, 'getStatus'>) {}

  /**
   * `note` explains what just happened ("The management session was already on."). Takes the
   * turn's FlowTurn, not the TurnContext, so work that finishes after the turn can still render it.
   */
  async forTurn(flow: FlowTurn, note?: string): Promise<AdaptiveCardJson> {
    const status = await this.sessions.getStatus(flow.actor.tenantId);
    const viewer = await flow.viewer();
    return renderSessionStatusCard(statusView(status, { mayOperate: viewer.mayOperate, isTenantAdmin: viewer.isTenantAdmin, ...(note ? { note } : {}) }));
  }
}
