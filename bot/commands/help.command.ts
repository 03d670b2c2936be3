import { renderHelpCard } from '../../cards';
import type { CommandContext, CommandDefinition } from './command';
import { sendCard } from './reply';
import { suggestCommands } from './suggest';

export async function sendHelp(context: Pick<CommandContext, 'turn' | 'availableCommands'>): Promise<void> {
  const rows = await context.availableCommands();
  await sendCard(context.turn, renderHelpCard({ commands: rows.map(({ usage, description }) => ({ usage, description })) }));
}

/**
 * The answer to text no row matched: "I didn't understand …", the 1–3 closest commands the
 * caller may run (as buttons when they need no argument) and a hint to type help — never the
 * whole catalogue.
 */
export async function sendDidYouMean(context: Pick<CommandContext, 'turn' | 'availableCommands'>, unrecognizedText: string): Promise<void> {
  const suggestions = suggestCommands(unrecognizedText, await context.availableCommands());
  await sendCard(context.turn, renderHelpCard({ unrecognizedText, commands: [], suggestions }));
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
