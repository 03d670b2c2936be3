/**
 * `auto-enable on|off` (tenant admins): whether an operator's management action finds the
 * session OFF and turns it on by itself (Advanced mode) instead of being refused. The settings
 * card's toggle (issue 5, verb settings.autoEnable.set) calls the same SettingsService.update.
 */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { SessionContext } from './session-context';
import { statusCardFor } from './session-status';

const ON = new Set(['on', 'enable', 'enabled', 'true', 'yes']);
const OFF = new Set(['off', 'disable', 'disabled', 'false', 'no']);

export function createAutoEnableCommand(session: SessionContext): CommandDefinition {
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
      const actor = await session.actorOf(context.turn);
      const autoEnable = ON.has(state) ? true : OFF.has(state) ? false : undefined;
      if (autoEnable === undefined) return;
      try {
        // The service re-checks that the actor is a tenant admin (settings.update) and audits the change.
        await session.services.settings.update(actor, { autoEnable }, { correlationId: context.correlationId });
      } catch (error) {
        const card = expectedErrorCard(error, await session.viewerOf(actor), context.correlationId);
        if (!card) throw error;
        await sendCard(context.turn, card);
        return;
      }
      const note = autoEnable
        ? "Auto-enable is on: an operator's management action turns the session on by itself (Advanced mode)."
        : 'Auto-enable is off: management actions are refused while the session is off, with an offer to turn it on.';
      await sendCard(context.turn, await statusCardFor(session, actor, note));
    },
  };
}
