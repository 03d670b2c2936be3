/**
 * The management-session feature at the bot edge (issue 6): `turn on/off management`, the
 * status card's buttons, Default mode's sign-in form, `auto-enable on|off`, and the first
 * management actions with their confirmation cards. Nothing here decides; the services do.
 */
import type { AdaptiveCardJson } from '../../cards';
import type { TurnContext } from 'botbuilder';
import type { CommandDefinition } from '../commands';
import type { VerbDefinition } from '../invoke-router';
import { createActionCommand } from './action-commands';
import { ACTION_CHAT_ROWS } from './action-rows';
import { createActionConfirmVerb } from './action-verbs';
import { createAutoEnableCommand } from './auto-enable.command';
import { SessionContext, type SessionFeatureDependencies } from './session-context';
import { createDetailsVerb, createStatusCardSource } from './session-status';
import { createTurnOffCommand, createTurnOffVerb } from './turn-off';
import { createTurnOnCommand, createTurnOnVerb } from './turn-on';

export { SessionNoticeSender } from './session-notices';
export type { SessionFeatureDependencies } from './session-context';

export interface SessionsFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
  /** The "Management ON/OFF" card for the turn's user: the `status` command and the Refresh button. */
  statusCard(turn: TurnContext): Promise<AdaptiveCardJson>;
}

export function createSessionsFeature(dependencies: SessionFeatureDependencies): SessionsFeature {
  const session = new SessionContext(dependencies);
  return {
    commands: [
      createTurnOnCommand(session),
      createTurnOffCommand(session),
      createAutoEnableCommand(session),
      ...ACTION_CHAT_ROWS.map((row) => createActionCommand(session, row)),
    ],
    verbs: [
      createTurnOnVerb(session),
      createTurnOffVerb(session),
      createDetailsVerb(session),
      ...ACTION_CHAT_ROWS.map((row) => createActionConfirmVerb(session, row)),
    ],
    statusCard: createStatusCardSource(session),
  };
}
