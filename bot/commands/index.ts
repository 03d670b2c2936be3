import type { CommandDefinition } from './command';
import { createHelpCommand } from './help.command';
import { createStatusCommand, type StatusCardSource } from './status.command';

export type { CommandContext, CommandDefinition } from './command';
export { commandsAvailableTo, helpCardFor, sendDidYouMean, sendHelp } from './help.command';
export { COMMAND_GROUPS, groupCommands, groupOf, NEXT_STEPS, nextStepsFor, type CommandGroup, type NextStep } from './help-groups';
export { commandsVisibleTo, suggestCommands, type HelpRow, type Suggestion } from './suggest';

/** A feature's rows; the composition root hands every wired feature in. */
export interface CommandFeature {
  commands: readonly CommandDefinition[];
}

/**
 * The command table, in matching order: `help` and `status`, then each feature's own rows. A new
 * command is a row in its feature's table (or a flow's registration); the router and help pick it up.
 */
export function createCommandTable(features: { statusCard?: StatusCardSource; features?: readonly CommandFeature[] } = {}): CommandDefinition[] {
  return [createHelpCommand(), createStatusCommand(features.statusCard), ...(features.features ?? []).flatMap((feature) => feature.commands)];
}
