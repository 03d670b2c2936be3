/**
 * The workflows tenant admins define, in chat (issue 14): `workflow definitions` (the list),
 * `new workflow` (the definition form) and the buttons of their cards. Every row runs a step of
 * WorkflowDefinitionsDialog; the door checks the capability (workflow.define, or workflow.approve
 * for Approve and Reject) and the service checks it again and decides. Running a published
 * workflow is the workflows feature's (`workflows`, `run workflow <name> for <user>`).
 */
import { WORKFLOW_DEFINITION_LOOK } from '../../cards';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import { WORKFLOW_DEFINITIONS_DIALOG, WORKFLOW_FORM_STEPS } from '../../dialogs/workflows/workflow-definitions.dialog';
import type { CommandDefinition } from '../commands';
import { definitionLifecycleVerbs, replyWithStep } from '../definition-lifecycle-rows';
import type { VerbDefinition } from '../invoke-router';

export interface WorkflowDefinitionsFeatureDependencies {
  flows: CardFlows;
}

export function createWorkflowDefinitionsFeature(deps: WorkflowDefinitionsFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  return {
    commands: [
      {
        id: 'workflowDefinition.list',
        usage: 'workflow definitions',
        description: "Lists your organization's own workflows with their state and the next step for each: submit, approve, publish, disable or enable, review and history (tenant admins).",
        capability: 'workflow.define',
        group: 'Management actions',
        patterns: ['[list] [the] workflow definitions', 'show [me] [the] workflow definitions', 'our workflows', 'defined workflows'],
        handle: async (context) => replyWithStep(flows, context.turn, WORKFLOW_DEFINITIONS_DIALOG, 'list'),
      },
      {
        id: 'workflowDefinition.new',
        usage: 'new workflow',
        description: 'Defines a workflow from pasted YAML or JSON, checked on save; a second tenant admin approves it before it can be published and run (tenant admins).',
        capability: 'workflow.define',
        group: 'Management actions',
        patterns: ['new workflow', 'define [a] [new] workflow', 'create [a] [new] workflow', 'add [a] [new] workflow'],
        handle: async (context) => replyWithStep(flows, context.turn, WORKFLOW_DEFINITIONS_DIALOG, 'form'),
      },
    ],
    verbs: definitionLifecycleVerbs(flows, WORKFLOW_DEFINITIONS_DIALOG, WORKFLOW_DEFINITION_LOOK.verbs, { formSteps: WORKFLOW_FORM_STEPS, previewStep: 'review' }),
  };
}
