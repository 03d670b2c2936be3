import type { CommandDefinition } from './command';
import { createHelpCommand } from './help.command';
import { createStatusCommand } from './status.command';

export type { CommandContext, CommandDefinition } from './command';
export { sendHelp } from './help.command';

/** Services the command handlers call. Empty for now; later issues add ports here. */
export type CommandDependencies = Record<string, never>;

/**
 * The command table, in matching order. A new command is a new row (a `create…Command()`
 * factory in its own file); the router and help pick it up.
 */
export function createCommandTable(_dependencies: CommandDependencies = {}): CommandDefinition[] {
  return [createHelpCommand(), createStatusCommand()];
}
