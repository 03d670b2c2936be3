/**
 * `auto-enable on|off` (tenant admins): whether an operator's management action finds the
 * session OFF and turns it on by itself (Advanced mode) instead of being refused. The settings
 * card's toggle (issue 5, verb settings.autoEnable.set) calls the same SettingsService.update.
 */
import { flowTurnOf } from '../../dialogs/flow-turn';
import type { SessionStatusCards } from '../../dialogs/sessions/session-status-card';
import type { SettingsService } from '../../services/settings/settings.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';

const ON = new Set(['on', 'enable', 'enabled', 'true', 'yes']);
const OFF = new Set(['off', 'disable', 'disabled', 'false', 'no']);

export function createAutoEnableCommand(deps: { settings: Pick<SettingsService, 'update'>; statusCards: SessionStatusCards }): CommandDefinition {
  return {
    id: 'settings.autoEnable',
    usage: 'auto-enable on|off',
    description: "Lets an operator's action turn the management session on by itself (tenant admins).",
    patterns: [
      /^(?:set |turn )?auto[- ]?enable(?: to)? (?<state>on|off|enabled?|disabled?|true|false|yes|no)$/,
      /^turn (?<state>on|off) auto[- ]?enable$/,
      /^(?<state>enable|disable) auto[- ]?enable$/,
    ],
    handle: async (context) => {
      const state = (context.args['state'] ?? '').toLowerCase();
      const autoEnable = ON.has(state) ? true : OFF.has(state) ? false : undefined;
      if (autoEnable === undefined) return;
      // The service re-checks that the actor is a tenant admin (settings.update) and audits the change.
      await deps.settings.update(context.actor, { autoEnable }, { correlationId: context.correlationId });
      const note = autoEnable
        ? "Auto-enable is on: an operator's management action turns the session on by itself (Advanced mode)."
        : 'Auto-enable is off: management actions are refused while the session is off, with an offer to turn it on.';
      await sendCard(context.turn, await deps.statusCards.forTurn(flowTurnOf(context.turn), note));
    },
  };
}
