/** `turn off management` and the red **Turn off management session** button. */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';
import type { SessionContext } from './session-context';
import { statusCardFor } from './session-status';

export function createTurnOffCommand(session: SessionContext): CommandDefinition {
  return {
    id: 'session.turnOff',
    usage: 'turn off management',
    description: 'Turns the management session off and drops its cached tokens.',
    patterns: [
      'turn off [the] management [session]',
      'turn [the] management [session] off',
      'disable [the] management session',
      'disable management',
      'management [session] off',
      'stop [the] management session',
      'end [the] management session',
    ],
    handle: async (context) => {
      const actor = await session.actorOf(context.turn);
      await sendCard(context.turn, await turnOffCard(session, actor, context.correlationId));
    },
  };
}

export function createTurnOffVerb(session: SessionContext): VerbDefinition {
  return {
    verb: Verbs.sessionTurnOff,
    handle: async (context) => ({ card: await turnOffCard(session, await session.actorOf(context.turn), context.correlationId) }),
  };
}

async function turnOffCard(session: SessionContext, actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  try {
    const result = await session.services.sessions.turnOff(actor, { correlationId });
    return statusCardFor(session, actor, result.outcome === 'already-off' ? 'The management session was already off.' : 'The management session is off. Its cached tokens were dropped.');
  } catch (error) {
    const card = expectedErrorCard(error, await session.viewerOf(actor), correlationId);
    if (card) return card;
    throw error;
  }
}
