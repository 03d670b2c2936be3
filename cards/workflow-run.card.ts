import template from './templates/workflow-run.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

const MAX_STEPS = 30;
const MAX_OPTIONS = 6;

/** How a step reads on the run card: a status word with a tone, what happened, and for a waiting question its options. */
export interface WorkflowRunStepCardView {
  title: string;
  /** "Done", "Failed", "Skipped", "Waiting for your answer", "Not started". */
  status: string;
  tone: 'good' | 'attention' | 'waiting' | 'quiet';
  summary?: string;
  /** A choice step waiting for its answer: the question and one button per option. */
  question?: string;
  options?: ReadonlyArray<{ title: string; data: Readonly<Record<string, string>> }>;
}

export interface WorkflowRunButton {
  title: string;
  verb: string;
  style?: 'default' | 'positive' | 'destructive';
  data?: Readonly<Record<string, string>>;
}

/**
 * A workflow run as it goes: replaced in place as each step finishes, ending on the summary with
 * the next steps (the runs list, Retry from the failed step, Stop while it can be stopped).
 * A question the run waits for is answered on this card. It never shows a secret: a temporary
 * password goes to the requester's personal chat on a card of its own.
 */
export interface WorkflowRunCardView {
  title: string;
  /** One sentence: where the run stands. */
  stateText: string;
  tone: 'running' | 'waiting' | 'good' | 'attention';
  facts: readonly CardFact[];
  steps: readonly WorkflowRunStepCardView[];
  footer?: string;
  buttons: readonly WorkflowRunButton[];
}

const HEADER_STYLE: Record<WorkflowRunCardView['tone'], string> = { running: 'emphasis', waiting: 'emphasis', good: 'good', attention: 'attention' };
const STATUS_COLOR: Record<WorkflowRunStepCardView['tone'], string> = { good: 'Good', attention: 'Attention', waiting: 'Accent', quiet: 'Default' };

export function renderWorkflowRunCard(view: WorkflowRunCardView): AdaptiveCardJson {
  return renderTemplate({
    headerStyle: HEADER_STYLE[view.tone],
    titleColor: view.tone === 'attention' ? 'Attention' : 'Default',
    title: plainText(view.title, 200),
    stateText: plainText(humanizeInstants(view.stateText), 600),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    answerVerb: Verbs.workflowAnswer,
    steps: view.steps.slice(0, MAX_STEPS).map((step) => ({
      style: step.tone === 'waiting' ? 'emphasis' : 'default',
      status: plainText(step.status, 60),
      statusColor: STATUS_COLOR[step.tone],
      title: plainText(step.title, 120),
      summary: step.summary ? plainText(humanizeInstants(step.summary), 600) : '',
      question: step.question ? plainText(step.question, 200) : '',
      options: (step.options ?? []).slice(0, MAX_OPTIONS).map((option) => ({ title: plainText(option.title, 60), data: { ...option.data } })),
    })),
    footer: view.footer ? plainText(humanizeInstants(view.footer), 400) : '',
    buttons: view.buttons.slice(0, 5).map((button) => ({ title: plainText(button.title, 40), verb: button.verb, style: button.style ?? 'default', data: { ...button.data } })),
  });
}
