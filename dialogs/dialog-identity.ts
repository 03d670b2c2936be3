import type { TurnContext } from 'botbuilder';
import type { Actor } from '../services/access/actor';

/**
 * Who is acting in this turn and under which correlation id, as the bot edge determined it
 * (activity `from.aadObjectId` + the tenant gate's tenant). Dialogs never derive identity
 * from text or card data; they ask this.
 */
export interface DialogTurnIdentity {
  actorOf(turn: TurnContext): Promise<Actor>;
  correlationIdOf(turn: TurnContext): string;
}
