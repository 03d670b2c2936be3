/**
 * The workflows tenant admins define and review (issue 14), on the cards every reviewed
 * definition shares (definition-cards.ts): `workflow definitions` (each workflow's state and the
 * viewer's next steps), the definition form, the history, and the review a second admin reads
 * before approving (every step in words, with all it says).
 */
import template from './templates/workflow-definition-review.json';
import type { CardFact } from './grant-confirmation.card';
import { definitionListButton, expandDefinitionButtons, type DefinitionButton, type DefinitionCardLook, type DefinitionRefView } from './definition-buttons';
import {
  renderDefinitionForm,
  renderDefinitionHistory,
  renderDefinitionList,
  type DefinitionFormView,
  type DefinitionFormWords,
  type DefinitionHistoryView,
  type DefinitionListView,
} from './definition-cards';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderReview = compileTemplate(template);

export const WORKFLOW_DEFINITION_LOOK: DefinitionCardLook = {
  verbs: {
    list: Verbs.workflowDefinitionsList,
    define: Verbs.workflowDefine,
    submit: Verbs.workflowDefinitionSubmit,
    approve: Verbs.workflowDefinitionApprove,
    reject: Verbs.workflowDefinitionReject,
    publish: Verbs.workflowDefinitionPublish,
    disable: Verbs.workflowDefinitionDisable,
    enable: Verbs.workflowDefinitionEnable,
    preview: Verbs.workflowDefinitionReview,
    history: Verbs.workflowDefinitionHistory,
  },
  previewTitle: 'Review',
  backTitle: 'Back to workflow definitions',
};

/** What the input suggests before anything is typed: a complete, valid workflow. */
export const WORKFLOW_EXAMPLE = [
  'name: lost-laptop',
  'title: Lost laptop',
  'description: Locks the account of someone who lost their laptop.',
  'steps:',
  '  - id: blockSignIn',
  '    kind: action',
  '    action: user.blockSignIn',
  '  - id: revokeSessions',
  '    kind: action',
  '    action: user.revokeSessions',
  '  - id: tellAdmins',
  '    kind: notice',
  '    to: adminChannel',
  '    text: "{{target.displayName}} lost their laptop: sign-in is blocked."',
].join('\n');

function summaryOf(count: number): string {
  if (count === 0) {
    return "Your organization has no workflows of its own yet. A workflow is a chain of steps (actions, approvals, questions, notices) that tenant admins define, a second tenant admin approves, and operators run on users in their scope. The built-in templates are always there: type \"workflows\".";
  }
  const shown = count === 1 ? "1 of your organization's workflows" : `${count} of your organization's workflows`;
  return `${shown}. Each version needs a second tenant admin's approval before it can be published, and only a published version can be run.`;
}

/** `workflow definitions`, for tenant admins: every workflow the organization defined, its state and the next steps. */
export function renderWorkflowDefinitionsCard(view: DefinitionListView): AdaptiveCardJson {
  return renderDefinitionList(WORKFLOW_DEFINITION_LOOK, { heading: 'Workflow definitions', summary: summaryOf, newTitle: 'New workflow' }, view);
}

const FORM_WORDS: DefinitionFormWords = {
  newTitle: 'New workflow',
  newIntro:
    'Paste the workflow as YAML or JSON: its steps run in order on one user (actions, approvals, questions and notices). Check shows any problem with its line, and the steps in words. Nothing runs until a second tenant admin approves it and it is published.',
  editIntro: "Change the definition below and save it: the saved text becomes a draft that needs a second tenant admin's approval again.",
  fields: 'Fields: name, title, description, inputs, bindings, target, steps (each with id, kind: action, approval, choice or notice, and title, when, needs, optional, onFailure).',
  placeholder: WORKFLOW_EXAMPLE,
};

/**
 * The workflow form; after a Check that found nothing wrong, `outline` says what the workflow
 * does, one line a step ("1. Block sign-in").
 */
export interface WorkflowDefinitionFormView extends DefinitionFormView {
  check?: { sentence: string; outline: readonly string[] };
}

export function renderWorkflowDefinitionFormCard(view: WorkflowDefinitionFormView): AdaptiveCardJson {
  const check = view.check ? { sentence: view.check.sentence, text: view.check.outline.join('\n'), monospace: false } : undefined;
  return renderDefinitionForm(WORKFLOW_DEFINITION_LOOK, FORM_WORDS, view, check);
}

export function renderWorkflowDefinitionHistoryCard(view: DefinitionHistoryView): AdaptiveCardJson {
  return renderDefinitionHistory(WORKFLOW_DEFINITION_LOOK, 'workflow', view);
}

/** One step on the review, in words: "2. Approval" and what it does. */
export interface WorkflowReviewStepView {
  title: string;
  lines: readonly string[];
}

/** What a second admin reads before approving a version (and anyone before publishing or editing it). */
export interface WorkflowDefinitionReviewView {
  name: string;
  title: string;
  /** "Version 2 · Waiting for a second admin's approval". */
  versionLine: string;
  description?: string;
  facts: readonly CardFact[];
  /** Every step in words, with all it says (values, conditions, what happens on failure): what an approval covers. */
  steps: readonly WorkflowReviewStepView[];
  ref: DefinitionRefView;
  /** The viewer's next steps for this version. */
  buttons: readonly DefinitionButton[];
}

export function renderWorkflowDefinitionReviewCard(view: WorkflowDefinitionReviewView): AdaptiveCardJson {
  const steps = view.buttons.filter((button) => button !== 'preview');
  return renderReview({
    title: `Review: ${plainText(view.title, 80)}`,
    versionLine: plainText(view.versionLine, 200),
    description: view.description ? plainText(view.description, 500) : '',
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    stepsHeading: view.steps.length === 1 ? 'Its step:' : `Its ${view.steps.length} steps, in order:`,
    steps: view.steps.slice(0, 30).map((step) => ({ title: plainText(step.title, 120), lines: step.lines.slice(0, 6).map((line) => plainText(line, 300)) })),
    mayReject: steps.includes('reject'),
    stepButtons: expandDefinitionButtons(WORKFLOW_DEFINITION_LOOK, view.name, view.ref, steps),
    actions: [definitionListButton(WORKFLOW_DEFINITION_LOOK)],
  });
}
