import { renderHelpCard } from '../../cards';
import type { CommandContext, CommandDefinition } from './command';
import { sendCard } from './reply';

export async function sendHelp(context: Pick<CommandContext, 'turn' | 'availableCommands'>, unrecognizedText?: string): Promise<void> {
  await sendCard(context.turn, renderHelpCard({ unrecognizedText, commands: context.availableCommands }));
}

export function createHelpCommand(): CommandDefinition {
  return {
    id: 'help',
    usage: 'help',
    description: 'Shows what I can do.',
    patterns: ['help', '[show] [me] [the] commands', 'what can you do', 'what do you do', 'how does this work', 'menu', '?', 'hi', 'hello'],
    handle: (context) => sendHelp(context),
  };
}
