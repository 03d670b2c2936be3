import template from './templates/workflows.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { inputModels, optInModels, WORKFLOW_FIELD, type WorkflowInputView, type WorkflowOptInView } from './workflow-inputs';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** Workflows listed on one card, at most (a card must stay under ~28 KB). */
const MAX_WORKFLOWS = 15;

/** One runnable workflow on the `workflows` card, already in words. */
export interface WorkflowListItemView {
  /** The workflow's stable name: the Preview button's data. */
  name: string;
  title: string;
  description: string;
  /** "4 steps: Block sign-in, Revoke sessions, …" and whether it is a built-in template. */
  stepsLine: string;
  /** False when the workflow works out its user from its inputs (onboarding). */
  needsUser: boolean;
  inputs: readonly WorkflowInputView[];
  optionalSteps: readonly WorkflowOptInView[];
}

/**
 * `workflows`: the workflows the caller can run (the built-in templates and the organization's
 * published ones), each with a Start form (the user, its inputs, its optional steps). Preview
 * shows every change before anything runs; the server authorizes again at each step.
 */
export interface WorkflowsView {
  workflows: readonly WorkflowListItemView[];
  /** A tenant admin: also "New workflow" and "Workflow definitions" (the organization's own, with their review states). */
  mayDefine?: boolean;
}

export function renderWorkflowsCard(view: WorkflowsView): AdaptiveCardJson {
  const shown = view.workflows.slice(0, MAX_WORKFLOWS);
  return renderTemplate({
    intro: 'Pick a workflow and say who it is for. The preview lists every change it will make; nothing runs until you select Start.',
    prepareVerb: Verbs.workflowPrepare,
    runsVerb: Verbs.workflowRuns,
    defineActions: view.mayDefine
      ? [
          { title: 'New workflow', verb: Verbs.workflowDefine, data: { step: 'form' } },
          { title: 'Workflow definitions', verb: Verbs.workflowDefinitionsList, data: {} },
        ]
      : [],
    empty: shown.length === 0,
    workflows: shown.map((workflow, index) => {
      const prefix = `w${index}.`;
      return {
        name: workflow.name,
        prefix,
        title: plainText(workflow.title, 80),
        description: plainText(workflow.description || 'No description.', 500),
        stepsLine: plainText(workflow.stepsLine, 300),
        startTitle: `Start ${plainText(workflow.title, 40)}…`,
        needsUser: workflow.needsUser,
        userInputId: WORKFLOW_FIELD.user(prefix),
        inputs: inputModels(prefix, workflow.inputs),
        optIns: optInModels(prefix, workflow.optionalSteps),
      };
    }),
  });
}
