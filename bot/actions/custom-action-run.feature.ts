/**
 * `run <custom action> for <user> [with <parameter>=<value>, …]`, and the Confirm of its card: a
 * published custom action runs through the same dialog and service as the built-in actions. The
 * door checks only that the person may run custom actions at all (`customAction.run`); the service
 * authorizes `custom:<name>` on the target, scope included, and reads the published definition.
 */
import { Verbs } from '../../cards';
import { RUN_CUSTOM_ACTION_DIALOG } from '../../dialogs/actions/run-custom-action.dialog';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import type { CommandDefinition } from '../commands';
import { reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

/** "costCenter=42, office=Oslo" (or "costCenter: 42") → { costCenter: '42', office: 'Oslo' }; undefined when a part is not name=value. */
export function parseCustomParameters(text: string | undefined): Record<string, string> | undefined {
  if (!text?.trim()) return {};
  const parameters: Record<string, string> = {};
  for (const part of text.split(/\s*[,;]\s*/)) {
    const match = /^([A-Za-z][A-Za-z0-9_]{0,39})\s*[=:]\s*(.+)$/.exec(part.trim());
    if (!match) return undefined;
    parameters[match[1] as string] = (match[2] as string).trim().replace(/^["'“”]+|["'“”]+$/g, '');
  }
  return parameters;
}

export function createCustomActionRunFeature(deps: { flows: CardFlows }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  return {
    commands: [
      {
        id: 'customAction.run',
        usage: 'run <custom action> for <user> [with <parameter>=<value>, …]',
        description: 'Runs a published custom action on a user (operators: users in your scope), after a confirmation card that shows the exact request.',
        capability: 'customAction.run',
        group: 'Management actions',
        patterns: ['run {name} for {user} with {parameters}', 'run {name} for {user}'],
        handle: async (context) => {
          const name = (context.args['name'] ?? '').replace(/^(the\s+)?custom\s+action\s+/i, '').trim().toLowerCase();
          const parameters = parseCustomParameters(context.args['parameters']);
          if (!parameters) {
            await reply(context.turn, { message: `I couldn't read the values after "with". Write them as name=value, separated by commas, for example "run ${name || 'set-cost-center'} for adele@contoso.com with costCenter=42". Nothing was changed.` });
            return;
          }
          const answer = await deps.flows.run(context.turn, RUN_CUSTOM_ACTION_DIALOG, { step: 'prepare', data: { name, user: context.args['user'], parameters } });
          if (answer) await reply(context.turn, answer);
        },
      },
    ],
    verbs: [{ verb: Verbs.customActionRunConfirm, handle: async (context) => (await deps.flows.run(context.turn, RUN_CUSTOM_ACTION_DIALOG, { step: 'confirm', data: context.data })) ?? { message: 'Done.' } }],
  };
}
