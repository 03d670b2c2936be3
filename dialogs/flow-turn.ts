/**
 * Who acts in this turn, as the bot's door established it: the actor from the activity
 * (`from.aadObjectId` and the tenant gate's tenant, never card data or text), the turn's
 * correlation id and logger, and what the viewer may be offered on a card. The door sets it once
 * per turn; every dialog and command reads it, so the actor is resolved once per turn.
 */
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../services/access/actor';
import type { Logger } from '../services/logger';
import type { ErrorViewer } from './shared/card-for-error';

export interface FlowTurn {
  actor: Actor;
  correlationId: string;
  logger: Logger;
  /**
   * What to offer on a card (buttons only tenant admins or operators could use). Computed on first
   * use and kept for the turn. It only hides buttons: every click is authorized again.
   */
  viewer(): Promise<FlowViewer>;
}

export interface FlowViewer extends ErrorViewer {
  /** May turn the session on or off (tenant admin or operator). */
  mayOperate: boolean;
}

const FLOW_TURN = Symbol('flowTurn');

export function setFlowTurn(turn: TurnContext, value: FlowTurn): void {
  turn.turnState.set(FLOW_TURN, value);
}

/** The turn's actor and correlation id. Throws when the door did not set them: fail closed. */
export function flowTurnOf(turn: TurnContext): FlowTurn {
  const value = turn.turnState.get(FLOW_TURN) as FlowTurn | undefined;
  if (!value) throw new Error('No actor for this turn: the bot door did not run.');
  return value;
}
