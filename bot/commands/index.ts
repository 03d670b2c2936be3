import type { CommandDefinition } from './command';
import { createHelpCommand } from './help.command';
import { createStatusCommand, type StatusCardSource } from './status.command';

export type { CommandContext, CommandDefinition } from './command';
export { sendHelp } from './help.command';

/** Services the command handlers call; each feature hands in its wired rows. */
export interface CommandDependencies {
  /** The access-control feature's commands (bot/access). */
  access?: { commands: readonly CommandDefinition[] };
  /** The management-session feature (bot/sessions): its commands and the real status card. */
  sessions?: { commands: readonly CommandDefinition[]; statusCard: StatusCardSource };
  /** The password-rotation feature's commands (bot/rotation). */
  rotation?: { commands: readonly CommandDefinition[] };
  /** Settings, the management service account and the mode switch (bot/service-account). */
  serviceAccount?: { commands: readonly CommandDefinition[] };
}

/**
 * The command table, in matching order. A new command is a new row (a `create…Command()`
 * factory in its own file); the router and help pick it up.
 */
export function createCommandTable(dependencies: CommandDependencies = {}): CommandDefinition[] {
  return [
    createHelpCommand(),
    createStatusCommand(dependencies.sessions?.statusCard),
    ...(dependencies.sessions?.commands ?? []),
    ...(dependencies.access?.commands ?? []),
    ...(dependencies.serviceAccount?.commands ?? []),
    ...(dependencies.rotation?.commands ?? []),
  ];
}
