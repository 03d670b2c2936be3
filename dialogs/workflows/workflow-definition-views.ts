/**
 * Tenant-defined workflows → card views, in words: the definition as YAML for the edit form
 * (without the fields that only repeat a default, so it reads like what was pasted; parsing it
 * again gives the same definition), and every step with all it says for the review a second
 * admin reads before approving, and for the form's Check.
 */
import { stringify } from 'yaml';
import type { CardFact, WorkflowReviewStepView } from '../../cards';
import { outlineTitle } from '../../services/workflows/workflow-catalog';
import { durationWords, parseTimeout } from '../../services/workflows/workflow-duration';
import type { WorkflowDefinitionVersion } from '../../services/workflows/workflow-definition.repository.port';
import { actionTitle, AUDIENCE_WORDS } from '../../services/workflows/workflow-step-words';
import type { StepParameters, WorkflowDefinition, WorkflowInput, WorkflowStep } from '../../services/workflows/workflow.schema';
import { decisionFacts } from '../shared/definition-views';

const TYPE_WORDS: Record<WorkflowInput['type'], string> = {
  string: 'text',
  number: 'a number',
  boolean: 'yes or no',
  enum: 'one of a list',
  user: 'a user',
};

/** Values that only repeat the schema's default: left out of the edit form's text. */
const STEP_DEFAULTS: Readonly<Record<string, unknown>> = { optional: false, onFailure: 'stop', onTimeout: 'stop' };

/** The definition as YAML for the edit form, in the order admins write it. */
export function workflowDefinitionText(definition: WorkflowDefinition): string {
  const ordered: Record<string, unknown> = { name: definition.name, title: definition.title };
  if (definition.description) ordered['description'] = definition.description;
  if (definition.inputs.length > 0) ordered['inputs'] = definition.inputs.map(inputForText);
  if (Object.keys(definition.bindings).length > 0) ordered['bindings'] = definition.bindings;
  if (definition.target !== undefined) ordered['target'] = definition.target;
  ordered['steps'] = definition.steps.map(stepForText);
  return stringify(ordered, { lineWidth: 0 });
}

function inputForText(input: WorkflowInput): Record<string, unknown> {
  const { required, description, ...rest } = input;
  return { ...rest, ...(required ? {} : { required: false }), ...(description ? { description } : {}) };
}

function stepForText(step: WorkflowStep): Record<string, unknown> {
  const { id, kind, ...rest } = step;
  const kept = Object.entries(rest).filter(([key, value]) => {
    if (value === undefined || STEP_DEFAULTS[key] === value) return false;
    return !(key === 'parameters' && typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  });
  return { id, kind, ...Object.fromEntries(kept) };
}

function valuesWords(parameters: StepParameters): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${key} ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : `"${String(value)}"`}`)
    .join(', ');
}

/** What a step does, one sentence a line. */
function stepLines(step: WorkflowStep): string[] {
  const lines: string[] = [];
  switch (step.kind) {
    case 'action': {
      lines.push(`Runs the action ${actionTitle(step.action)}${Object.keys(step.parameters).length > 0 ? ` with ${valuesWords(step.parameters)}` : ''}.`);
      if (step.optional) lines.push('Opt-in: it runs only when the person starting the run chooses it.');
      if (step.compensate) lines.push(`If a later step fails, it is undone with ${actionTitle(step.compensate.action)}${step.compensate.parameters && Object.keys(step.compensate.parameters).length > 0 ? ` (${valuesWords(step.compensate.parameters)})` : ''}.`);
      break;
    }
    case 'approval': {
      const who = step.approvers === 'tenantAdmins' ? 'a tenant admin' : step.approvers.join(', ');
      lines.push(`Asks ${who} to approve: ${step.message}`);
      const timeout = step.timeout !== undefined ? parseTimeout(step.timeout) : undefined;
      if (timeout !== undefined) {
        const then = step.onTimeout === 'stop' ? 'the run stops' : step.onTimeout === 'continue' ? 'the run goes on' : `the run goes on at step "${step.onTimeout}"`;
        lines.push(`If nobody decides within ${durationWords(timeout)}, ${then}.`);
      }
      break;
    }
    case 'choice':
      lines.push(`Asks the person who started the run: ${step.question} (${step.options.join(', ')})`);
      break;
    case 'notice':
      lines.push(`Tells ${AUDIENCE_WORDS[step.to]}: ${step.text}`);
      break;
  }
  if (step.when) lines.push(`Only if ${step.when}.`);
  if (step.needs) lines.push(`Only if ${step.needs.map((id) => `"${id}"`).join(' and ')} succeeded.`);
  if ('onFailure' in step && step.onFailure === 'continue') lines.push('If it fails, the run goes on (and ends as completed with failures).');
  return lines;
}

/** Every step, numbered, with all it says. */
export function reviewSteps(definition: WorkflowDefinition): WorkflowReviewStepView[] {
  return definition.steps.map((step, index) => ({ title: `${index + 1}. ${outlineTitle(step)}`, lines: stepLines(step) }));
}

/** The form's Check, when nothing is wrong: the steps in one line each. */
export function checkOutline(definition: WorkflowDefinition): { sentence: string; outline: string[] } {
  const count = definition.steps.length === 1 ? '1 step' : `${definition.steps.length} steps`;
  const inputs = definition.inputs.length === 0 ? '' : `, and asks for ${definition.inputs.map((input) => input.name).join(', ')} when it starts`;
  return { sentence: `"${definition.title}" has ${count}${inputs}:`, outline: reviewSteps(definition).map((step) => step.title) };
}

function inputWords(input: WorkflowInput): string {
  const kind = input.type === 'enum' && input.values ? `one of ${input.values.join(', ')}` : TYPE_WORDS[input.type];
  const optional = !input.required || input.default !== undefined;
  const fallback = input.default === undefined ? '' : `, ${typeof input.default === 'boolean' ? (input.default ? 'yes' : 'no') : `"${String(input.default)}"`} unless given`;
  return `${input.name} (${kind}, ${optional ? 'optional' : 'required'}${fallback})`;
}

/** What the review shows about a version besides its steps. */
export function reviewFacts(version: WorkflowDefinitionVersion): CardFact[] {
  const definition = version.definition;
  const facts: CardFact[] = [{ label: 'Inputs', value: definition.inputs.length > 0 ? definition.inputs.map(inputWords).join('; ') : 'Nothing to fill in: only the user it runs for' }];
  const bindings = Object.entries(definition.bindings);
  if (bindings.length > 0) facts.push({ label: 'Derived values', value: bindings.map(([name, template]) => `${name} = ${template}`).join('; ') });
  if (definition.target) facts.push({ label: 'Runs for', value: `The user ${definition.target}` });
  return [...facts, ...decisionFacts(version)];
}
