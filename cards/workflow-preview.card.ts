import template from './templates/workflow-preview.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { inputModels, WORKFLOW_FIELD, type WorkflowInputView } from './workflow-inputs';

const renderTemplate = compileTemplate(template);

const MAX_STEPS = 30;
const MAX_LINES_PER_STEP = 6;

/** One step of the preview: what it will do, filled exactly as the run will fill it. */
export interface WorkflowPreviewStepView {
  title: string;
  /** "Will run", "Only if …", "Optional: not included", "Skipped: …". */
  status: string;
  /** What it changes or says: "Field: department · Value: Sales", "To the admin channel: …". */
  lines: readonly string[];
  /** An optional step: its toggle, and whether it is included now. */
  optIn?: { id: string; chosen: boolean };
}

/** A button of the preview card; its data goes back to the bot, which checks everything again. */
export interface WorkflowPreviewButton {
  title: string;
  verb: string;
  style?: 'default' | 'positive' | 'destructive';
  data: Readonly<Record<string, unknown>>;
}

/**
 * What a workflow run will do, before it starts: every step with its values filled in, the
 * optional steps as toggles and the inputs as fields (changed values need Update preview), or,
 * when values are missing, the form to fill in. Nothing has changed while this card is shown.
 */
export interface WorkflowPreviewView {
  title: string;
  intro: string;
  /** Why the card is shown again (a problem with the values, or values changed after the preview). */
  message?: { text: string; tone: 'attention' | 'warning' };
  problems?: readonly string[];
  facts: readonly CardFact[];
  steps: readonly WorkflowPreviewStepView[];
  inputs: readonly WorkflowInputView[];
  /** The form asks for the user (a workflow that does not work out its user, started without one); its id is `user`. */
  askUser?: { value: string };
  buttons: readonly WorkflowPreviewButton[];
  /** A compromised-account confirmation looks urgent. */
  tone?: 'emphasis' | 'attention';
}

export function renderWorkflowPreviewCard(view: WorkflowPreviewView): AdaptiveCardJson {
  return renderTemplate({
    headerStyle: view.tone ?? 'emphasis',
    title: plainText(view.title, 200),
    intro: plainText(view.intro, 600),
    message: view.message ? plainText(view.message.text, 600) : '',
    messageStyle: view.message?.tone ?? 'attention',
    problems: (view.problems ?? []).slice(0, 10).map((problem) => plainText(problem, 300)),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    steps: view.steps.slice(0, MAX_STEPS).map((step, index) => ({
      number: String(index + 1),
      title: plainText(step.title, 120),
      status: plainText(step.status, 300),
      lines: step.lines.slice(0, MAX_LINES_PER_STEP).map((line) => plainText(line, 600)),
      optInId: step.optIn ? WORKFLOW_FIELD.optIn('', step.optIn.id) : '',
      optInValue: step.optIn?.chosen ? 'true' : 'false',
    })),
    askUser: Boolean(view.askUser),
    userValue: (view.askUser?.value ?? '').slice(0, 256),
    inputsHeading: view.steps.length > 0 ? 'Values for this run (select Update preview after changing them)' : 'Values for this run',
    inputs: inputModels('', view.inputs),
    buttons: view.buttons.map((button) => ({ title: plainText(button.title, 40), verb: button.verb, style: button.style ?? 'default', data: { ...button.data } })),
  });
}
