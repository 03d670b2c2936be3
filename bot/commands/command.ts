import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../services/logger';
import type { IntentDefinition } from '../command-router';

/** What a command handler gets. Identity comes from the activity (server side), never from text or card data. */
export interface CommandContext {
  turn: TurnContext;
  tenantId: string;
  /** Entra object id of the sender (`from.aadObjectId`); absent in some local clients. */
  userAadObjectId: string | undefined;
  correlationId: string;
  /** Arguments captured by the matching pattern. */
  args: Readonly<Record<string, string>>;
  /** The cleaned text that matched. */
  text: string;
  logger: Logger;
  /** The visible command rows, for help. */
  availableCommands: ReadonlyArray<{ usage: string; description: string }>;
}

/**
 * One row of the command table: how to recognise it and what to do. Handlers translate (parse,
 * call a service, render a card); the rules live in services/.
 */
export interface CommandDefinition extends IntentDefinition {
  handle(context: CommandContext): Promise<void>;
}
