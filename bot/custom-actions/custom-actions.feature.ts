/**
 * Custom actions' lifecycle in chat (issue 14), for tenant admins: `custom actions` (the list),
 * `new custom action` (the definition form) and the buttons of their cards. Every row runs a step
 * of CustomActionsDialog; the door checks the capability (customAction.define, or
 * customAction.approve for Approve and Reject) and the service checks it again and decides.
 * Running a published custom action is another feature (`run <name> for <user>`); operators are
 * refused here at the door and run what they may from there.
 */
import { CUSTOM_ACTION_LOOK } from '../../cards';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import { CUSTOM_ACTIONS_DIALOG, FORM_STEPS } from '../../dialogs/custom-actions/custom-actions.dialog';
import type { CommandDefinition } from '../commands';
import { definitionLifecycleVerbs, replyWithStep } from '../definition-lifecycle-rows';
import type { VerbDefinition } from '../invoke-router';

export interface CustomActionsFeatureDependencies {
  flows: CardFlows;
}

export function createCustomActionsFeature(deps: CustomActionsFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  return {
    commands: [
      {
        id: 'customAction.list',
        usage: 'custom actions',
        description: "Lists your organization's custom actions with their state and the next step for each: submit, approve, publish, disable or enable, preview and history (tenant admins).",
        capability: 'customAction.define',
        group: 'Management actions',
        patterns: ['[list] [the] custom actions', 'show [me] [the] custom actions'],
        handle: async (context) => replyWithStep(flows, context.turn, CUSTOM_ACTIONS_DIALOG, 'list'),
      },
      {
        id: 'customAction.new',
        usage: 'new custom action',
        description: 'Defines a custom action from pasted YAML or JSON, checked on save; a second tenant admin approves it before it can be published (tenant admins).',
        capability: 'customAction.define',
        group: 'Management actions',
        patterns: ['new custom action', 'define [a] [new] custom action', 'create [a] [new] custom action', 'add [a] [new] custom action'],
        handle: async (context) => replyWithStep(flows, context.turn, CUSTOM_ACTIONS_DIALOG, 'form'),
      },
    ],
    verbs: definitionLifecycleVerbs(flows, CUSTOM_ACTIONS_DIALOG, CUSTOM_ACTION_LOOK.verbs, { formSteps: FORM_STEPS, previewStep: 'preview' }),
  };
}
