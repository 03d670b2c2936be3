/**
 * The values a run's templates and conditions read: inputs checked against their declared types
 * (with defaults), bindings worked out from them, the run's facts (target, requester, workflow)
 * and earlier steps' results. The preview and the runner both fill parameters and texts here,
 * so what the preview card shows is what the run does.
 */
import type { Person } from '../access/actor';
import { containsSecret } from '../audit/secret-scrubber';
import { fillTemplate, type TemplateValue } from './workflow-template';
import type { InputValue, WorkflowRunStep, WorkflowUser } from './workflow-run.types';
import type { StepParameters, WorkflowDefinition, WorkflowInput } from './workflow.schema';

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_INPUT_LENGTH = 1000;

export interface ResolvedInputs {
  values: Record<string, InputValue>;
  bindings: Record<string, string>;
  /** One sentence per problem; empty when the inputs are fine. */
  problems: string[];
}

/**
 * Checks given inputs against the definition: unknown names, missing required ones, types, enum
 * values, a UPN for user inputs, and no secrets (inputs are stored with the run and audited).
 */
export function resolveInputs(definition: WorkflowDefinition, given: Readonly<Record<string, unknown>>): ResolvedInputs {
  const problems: string[] = [];
  const values: Record<string, InputValue> = {};
  const declared = new Map(definition.inputs.map((input) => [input.name, input]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push(`"${name}" isn't an input of ${definition.title}${declared.size > 0 ? `; its inputs are ${[...declared.keys()].join(', ')}` : '; it takes none'}.`);
  }
  for (const input of definition.inputs) {
    const raw = own(given, input.name);
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (input.default !== undefined) values[input.name] = input.default;
      else if (input.required) problems.push(`${labelOf(input)} is missing.`);
      continue;
    }
    const coerced = coerce(input, raw);
    if (coerced.ok) values[input.name] = coerced.value;
    else problems.push(coerced.problem);
  }
  if (problems.length === 0 && containsSecret(values)) problems.push('Inputs must not hold a password, token or other secret: they are kept with the run and in the audit.');
  const bindings: Record<string, string> = {};
  for (const [name, template] of Object.entries(definition.bindings)) {
    bindings[name] = fillTemplate(template, (reference) => own(values, reference) ?? own(bindings, reference)).trim();
  }
  return { values, bindings, problems };
}

type Coerced = { ok: true; value: InputValue } | { ok: false; problem: string };

function coerce(input: WorkflowInput, raw: unknown): Coerced {
  const label = labelOf(input);
  const fail = (problem: string): Coerced => ({ ok: false, problem });
  const ok = (value: InputValue): Coerced => ({ ok: true, value });
  switch (input.type) {
    case 'number': {
      const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
      return Number.isFinite(value) ? ok(value) : fail(`${label} must be a number, not "${String(raw).slice(0, 40)}".`);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      const text = String(raw).trim().toLowerCase();
      if (['true', 'yes', 'on'].includes(text)) return ok(true);
      if (['false', 'no', 'off'].includes(text)) return ok(false);
      return fail(`${label} must be yes or no, not "${String(raw).slice(0, 40)}".`);
    }
    case 'enum': {
      const text = String(raw).trim();
      const match = input.values?.find((value) => value.toLowerCase() === text.toLowerCase());
      return match !== undefined ? ok(match) : fail(`${label} must be one of ${(input.values ?? []).join(', ')}, not "${text.slice(0, 40)}".`);
    }
    case 'user': {
      const text = String(raw).trim();
      return UPN.test(text) && text.length <= 256 ? ok(text) : fail(`${label} must be a sign-in name such as megan@contoso.com, not "${text.slice(0, 40)}".`);
    }
    default: {
      if (typeof raw === 'object') return fail(`${label} must be text.`);
      const text = String(raw).trim();
      return text.length <= MAX_INPUT_LENGTH ? ok(text) : fail(`${label} is longer than ${MAX_INPUT_LENGTH} characters.`);
    }
  }
}

function labelOf(input: WorkflowInput): string {
  return input.description ? `${input.name} (${input.description})` : input.name;
}

/** A record's own value (never one inherited from Object.prototype, e.g. for an input called toString). */
export function own<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** What a template or condition of one run reads. */
export interface RunFacts {
  workflowTitle: string;
  target: WorkflowUser;
  requester: Person;
  inputs: Readonly<Record<string, InputValue>>;
  bindings: Readonly<Record<string, string>>;
  /** Steps settled so far (absent in the preview). */
  steps?: readonly WorkflowRunStep[];
}

/** Looks a reference up: input, binding, target.*, requester.*, workflow.title, steps.<id>.status|answer|decision. */
export function lookupIn(facts: RunFacts): (name: string) => TemplateValue {
  return (name) => {
    if (Object.hasOwn(facts.inputs, name)) return facts.inputs[name];
    if (Object.hasOwn(facts.bindings, name)) return facts.bindings[name];
    switch (name) {
      case 'target.upn':
        return facts.target.upn;
      case 'target.displayName':
        return facts.target.displayName;
      case 'target.id':
        return facts.target.userId;
      case 'requester.upn':
        return facts.requester.upn ?? facts.requester.userId;
      case 'requester.displayName':
        return facts.requester.displayName ?? facts.requester.upn ?? facts.requester.userId;
      case 'workflow.title':
        return facts.workflowTitle;
    }
    const [root, stepId, field] = name.split('.');
    if (root !== 'steps' || !stepId || !field) return undefined;
    const step = facts.steps?.find((candidate) => candidate.stepId === stepId);
    if (!step) return undefined;
    if (field === 'status') return ['succeeded', 'failed', 'unknown', 'skipped'].includes(step.status) ? step.status : undefined;
    if (field === 'answer') return step.answer;
    if (field === 'decision') return step.decision;
    return undefined;
  };
}

/** A step's parameters with every `{{…}}` filled, as text; a parameter that fills to nothing is left out. */
export function fillParameters(parameters: StepParameters, lookup: (name: string) => TemplateValue): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const text = typeof value === 'string' ? fillTemplate(value, lookup).trim() : String(value);
    if (text !== '') filled[key] = text;
  }
  return filled;
}
