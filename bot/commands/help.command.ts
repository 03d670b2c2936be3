import { renderHelpCard, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { CommandContext, CommandDefinition } from './command';
import { groupCommands, nextStepsFor } from './help-groups';
import { sendCard } from './reply';
import { commandsVisibleTo, suggestCommands, type HelpRow } from './suggest';

/**
 * The help card for a caller who may run `rows` (already filtered by `commandsVisibleTo`): the
 * rows in their groups and buttons for the common next steps among them. The `help` command and
 * the card's Help button both answer with it.
 */
export function helpCardFor(rows: readonly HelpRow[]): AdaptiveCardJson {
  return renderHelpCard({
    groups: groupCommands(rows).map(({ group, rows: grouped }) => ({
      title: group,
      commands: grouped.map(({ usage, description }) => ({ usage, description })),
    })),
    nextSteps: nextStepsFor(rows).map(({ title, sendText, positive }) => ({ title, sendText, ...(positive ? { positive } : {}) })),
  });
}

/**
 * The rows help and "Did you mean" offer an actor: those whose capability they hold (read with
 * `capabilitiesOf`, which audits nothing). A directory outage leaves only the open rows; every
 * command is authorized again when it runs.
 */
export function commandsAvailableTo<T extends HelpRow>(
  rows: readonly T[],
  authorization: Pick<AuthorizationService, 'capabilitiesOf'>,
): (actor: Actor) => Promise<T[]> {
  return async (actor) => commandsVisibleTo(rows, await authorization.capabilitiesOf(actor).catch((): string[] => []));
}

export async function sendHelp(context: Pick<CommandContext, 'turn' | 'availableCommands'>): Promise<void> {
  await sendCard(context.turn, helpCardFor(await context.availableCommands()));
}

/**
 * The answer to text no row matched: "I didn't understand …", the 1–3 closest commands the
 * caller may run (as buttons when they need no argument) and a hint to type help — never the
 * whole catalogue.
 */
export async function sendDidYouMean(context: Pick<CommandContext, 'turn' | 'availableCommands'>, unrecognizedText: string): Promise<void> {
  const suggestions = suggestCommands(unrecognizedText, await context.availableCommands());
  await sendCard(context.turn, renderHelpCard({ unrecognizedText, suggestions }));
}

export function createHelpCommand(): CommandDefinition {
  return {
    id: 'help',
    usage: 'help',
    description: 'Shows what I can do.',
    group: 'Help',
    patterns: ['help', '[show] [me] [the] commands', 'what can you do', 'what do you do', 'how does this work', 'menu', '?', 'hi', 'hello'],
    handle: (context) => sendHelp(context),
  };
}
