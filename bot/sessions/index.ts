/**
 * The management-session feature at the bot edge: its command and verb rows. `turn on/off
 * management` and the management actions are flows in dialogs/; Details and `auto-enable
 * on|off` are one-shot here, and the status card source serves `status` and Refresh. Nothing here decides; the services do.
 */
import { renderSessionDetailsCard, Verbs } from '../../cards';
import { ACTION_CHAT_ROWS } from '../../dialogs/actions/action-rows';
import { runActionDialogId } from '../../dialogs/actions/run-action.dialog';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import { flowTurnOf } from '../../dialogs/flow-turn';
import type { SessionStatusCards } from '../../dialogs/sessions/session-status-card';
import { counterFacts, detailsFacts } from '../../dialogs/sessions/session-views';
import { TURN_OFF_MANAGEMENT_DIALOG } from '../../dialogs/sessions/turn-off-management.dialog';
import { TURN_ON_MANAGEMENT_DIALOG } from '../../dialogs/sessions/turn-on-management.dialog';
import type { ManagementSessionService } from '../../services/sessions/management-session.service';
import type { SettingsService } from '../../services/settings/settings.service';
import type { CommandDefinition } from '../commands';
import type { StatusCardSource } from '../commands/status.command';
import { flowCommand, flowVerb } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';
import { createAutoEnableCommand } from './auto-enable.command';

export { SessionNoticeSender } from './session-notices';

export interface SessionsFeatureDependencies {
  flows: CardFlows;
  statusCards: SessionStatusCards;
  sessions: Pick<ManagementSessionService, 'getDetails'>;
  settings: Pick<SettingsService, 'update'>;
}

export interface SessionsFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
  /** The "Management ON/OFF" card for the turn's user: the `status` command and the Refresh button. */
  statusCard: StatusCardSource;
}

export function createSessionsFeature(deps: SessionsFeatureDependencies): SessionsFeature {
  const { flows, statusCards } = deps;
  return {
    commands: [
      // The services authorize turning on and off themselves: which modes an operator may use is their rule.
      flowCommand(flows, TURN_ON_MANAGEMENT_DIALOG, {
        id: 'session.turnOn',
        usage: 'turn on management',
        description: 'Turns the management session on, so management actions can run.',
        patterns: ['turn on [the] management [session]', 'turn [the] management [session] on', 'enable [the] management [session]', 'management [session] on', 'start [the] management session'],
      }),
      flowCommand(flows, TURN_OFF_MANAGEMENT_DIALOG, {
        id: 'session.turnOff',
        usage: 'turn off management',
        description: 'Turns the management session off and drops its cached tokens.',
        patterns: [
          'turn off [the] management [session]',
          'turn [the] management [session] off',
          'disable [the] management session',
          'disable management',
          'management [session] off',
          'stop [the] management session',
          'end [the] management session',
        ],
      }),
      createAutoEnableCommand({ settings: deps.settings, statusCards }),
      // Each action authorizes the actor on its target in the service (prepare).
      ...ACTION_CHAT_ROWS.map((row) => flowCommand(flows, runActionDialogId(row), { id: row.actionId, usage: row.usage, description: row.description, patterns: row.patterns })),
    ],
    verbs: [
      flowVerb(flows, TURN_ON_MANAGEMENT_DIALOG, Verbs.sessionTurnOn),
      flowVerb(flows, TURN_OFF_MANAGEMENT_DIALOG, Verbs.sessionTurnOff),
      {
        verb: Verbs.sessionDetails,
        // The service re-checks that the actor is a tenant admin (session.details).
        handle: async (context) => {
          const details = await deps.sessions.getDetails(context.actor);
          return { card: renderSessionDetailsCard({ facts: detailsFacts(details), counters: counterFacts(details) }) };
        },
      },
      ...ACTION_CHAT_ROWS.map((row) => flowVerb(flows, runActionDialogId(row), row.verb, 'confirm')),
    ],
    statusCard: (turn) => statusCards.forTurn(flowTurnOf(turn)),
  };
}
