import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../services/access/actor';
import type { CapabilityId } from '../../services/access/capabilities';
import type { Logger } from '../../services/logger';
import type { IntentDefinition } from '../command-router';
import type { CommandGroup } from './help-groups';
import type { HelpRow } from './suggest';

/** What a command handler gets. Identity comes from the activity (server side), never from text or card data. */
export interface CommandContext {
  turn: TurnContext;
  tenantId: string;
  /** Entra object id of the sender (`from.aadObjectId`); absent in some local clients. */
  userAadObjectId: string | undefined;
  /** The sender, resolved once at the door; when the row names a capability, already authorized for it. */
  actor: Actor;
  correlationId: string;
  /** Arguments captured by the matching pattern. */
  args: Readonly<Record<string, string>>;
  /** The cleaned text that matched. */
  text: string;
  logger: Logger;
  /**
   * The command rows this caller may run (by their capabilities, not audited), for help and
   * "Did you mean"; read only when needed, since it may ask the directory.
   */
  availableCommands(): Promise<readonly HelpRow[]>;
}

/**
 * One row of the command table: how to recognise it, who may run it, and what to do. Handlers
 * translate (parse, call a service or start a flow, render a card); the rules live in services/.
 */
export interface CommandDefinition extends IntentDefinition {
  /**
   * Checked at the door before `handle` runs (a denial is audited and answered with the card
   * that says why and whom to ask). Rows without one are open to everyone (help, status) or
   * leave the decision to the service they call, which knows the target.
   */
  capability?: CapabilityId;
  /**
   * Where help lists the row ("Management session", "Audit", …). Optional: without it help uses
   * the group of the row's capability, so a row only declares one to differ from that.
   */
  group?: CommandGroup;
  handle(context: CommandContext): Promise<void>;
}
