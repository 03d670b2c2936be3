/**
 * Turn off management: `turn off management` and the red Turn off management session button.
 * The session ends and its cached tokens are dropped; the answer is the "Management OFF" card.
 */
import type { TurnContext } from 'botbuilder';
import type { ManagementSessionService } from '../../services/sessions/management-session.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import type { SessionStatusCards } from './session-status-card';

export const TURN_OFF_MANAGEMENT_DIALOG = 'turnOffManagementDialog';

export interface TurnOffManagementDependencies {
  sessions: Pick<ManagementSessionService, 'turnOff'>;
  statusCards: SessionStatusCards;
}

export class TurnOffManagementDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ turnOff: this.turnOffStep });

  constructor(private readonly deps: TurnOffManagementDependencies) {
    super(TURN_OFF_MANAGEMENT_DIALOG);
  }

  /** The service re-checks who may (session.turnOff) and audits it. */
  private async turnOffStep(turn: TurnContext): Promise<CardAnswer> {
    const flow = flowTurnOf(turn);
    const result = await this.deps.sessions.turnOff(flow.actor, { correlationId: flow.correlationId });
    const note = result.outcome === 'already-off' ? 'The management session was already off.' : 'The management session is off. Its cached tokens were dropped.';
    return { card: await this.deps.statusCards.forTurn(flow, note) };
  }
}
