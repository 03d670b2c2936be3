import type { CommandDefinition } from './command';
import { createHelpCommand } from './help.command';
import { createStatusCommand } from './status.command';

export type { CommandContext, CommandDefinition } from './command';
export { sendHelp } from './help.command';

/** Services the command handlers call; each feature hands in its wired rows. */
export interface CommandDependencies {
  /** The access-control feature's commands (bot/access). */
  access?: { commands: readonly CommandDefinition[] };
}

/**
 * The command table, in matching order. A new command is a new row (a `create…Command()`
 * factory in its own file); the router and help pick it up.
 */
export function createCommandTable(dependencies: CommandDependencies = {}): CommandDefinition[] {
  return [createHelpCommand(), createStatusCommand(), ...(dependencies.access?.commands ?? [])];
}
