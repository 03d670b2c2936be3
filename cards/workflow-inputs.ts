/**
 * The inputs a workflow asks for before a run, as card inputs: one element per input in the
 * order the definition declares them (text, a yes/no toggle, or a pick list), and a toggle per
 * optional step. Shared by the `workflows` card's Start forms and the preview card; the ids carry
 * a prefix so several workflows' forms can sit on one card.
 */
import { plainText } from './render-template';

/** One input of a workflow on a card. */
export interface WorkflowInputView {
  /** The input's name in the definition; the card's id is `${prefix}input.${name}`. */
  name: string;
  label: string;
  /** What is filled in already (a value given before, or nothing). */
  value?: string;
  /** Shown in an empty field: the default, or an example. */
  placeholder?: string;
  kind: 'text' | 'toggle' | 'choice';
  choices?: readonly string[];
  /** Long text (an automatic reply): a multi-line field. */
  multiline?: boolean;
}

/** An optional (opt-in) step as a toggle; its card id is `${prefix}optIn.${id}`. */
export interface WorkflowOptInView {
  id: string;
  title: string;
  chosen: boolean;
}

/** The card ids of a workflow form's fields: what the bot reads back from a click's data. */
export const WORKFLOW_FIELD = {
  user: (prefix: string) => `${prefix}user`,
  input: (prefix: string, name: string) => `${prefix}input.${name}`,
  optIn: (prefix: string, id: string) => `${prefix}optIn.${id}`,
};

/** The template's model of the inputs (see the input Container in workflows.json / workflow-preview.json). */
export function inputModels(prefix: string, inputs: readonly WorkflowInputView[]): Array<Record<string, unknown>> {
  return inputs.map((input) => ({
    id: WORKFLOW_FIELD.input(prefix, input.name),
    kind: input.kind,
    label: plainText(input.label, 120),
    value: input.kind === 'toggle' ? (input.value === 'true' ? 'true' : 'false') : (input.value ?? '').slice(0, 1000),
    placeholder: plainText(input.placeholder ?? '', 200),
    multiline: Boolean(input.multiline),
    choices: (input.choices ?? []).map((choice) => ({ title: plainText(choice, 100), value: choice })),
  }));
}

export function optInModels(prefix: string, steps: readonly WorkflowOptInView[]): Array<Record<string, unknown>> {
  return steps.map((step) => ({ id: WORKFLOW_FIELD.optIn(prefix, step.id), title: `Include: ${plainText(step.title, 100)}`, value: step.chosen ? 'true' : 'false' }));
}
