/**
 * Routes a command or a card verb to a card-step flow in dialogs/: the command starts the flow
 * at its first step with the command's arguments; a verb runs the step it names (or the one the
 * card's data names). The flow's answer becomes the invoke's answer or a reply.
 */
import type { CardAnswer, CardFlows } from '../dialogs/card-step.dialog';
import type { CommandDefinition } from './commands';
import { sendCard } from './commands/reply';
import type { VerbDefinition } from './invoke-router';
import type { TurnContext } from 'botbuilder';

export async function reply(turn: TurnContext, answer: CardAnswer): Promise<void> {
  if ('card' in answer) await sendCard(turn, answer.card);
  else await turn.sendActivity(answer.message);
}

export function flowCommand(flows: CardFlows, dialogId: string, row: Omit<CommandDefinition, 'handle'>): CommandDefinition {
  return {
    ...row,
    handle: async (context) => {
      const answer = await flows.run(context.turn, dialogId, { data: context.args });
      if (answer) await reply(context.turn, answer);
    },
  };
}

export function flowVerb(flows: CardFlows, dialogId: string, verb: string, step?: string): VerbDefinition {
  return {
    verb,
    handle: async (context) => (await flows.run(context.turn, dialogId, { ...(step ? { step } : {}), data: context.data })) ?? { message: 'Done.' },
  };
}
