/**
 * The meaning of a well-shaped workflow definition, checked on save: every action exists and gets
 * the parameters it takes, every `{{name}}` and every condition refers to an input, a binding, a
 * fact of the run or an earlier step's result, step ids are unique, `needs` and jumps name
 * existing steps, and jumps only go forward (a backward jump would loop). Problems come back
 * with the field path they are about; the parser turns paths into lines.
 */
import { CUSTOM_ACTION_NAME } from '../custom-actions/custom-action.schema';
import { isManagementActionId } from '../access/actions';
import { BUILT_IN_ACTION_INPUTS, builtInActionTitle } from './workflow-action-inputs';
import { conditionReferences, parseCondition } from './workflow-condition';
import type { FieldPath } from './workflow-definition-text';
import { durationWords, parseTimeout } from './workflow-duration';
import { checkReference, closest, RESERVED_ROOTS, type ReferenceScope } from './workflow-references';
import { scanTemplate } from './workflow-template';
import { CUSTOM_ACTION_PREFIX, isCustomActionId, WORKFLOW_LIMITS, type StepParameters, type WorkflowDefinition, type WorkflowInput, type WorkflowStep } from './workflow.schema';

export interface WorkflowProblem {
  path: FieldPath;
  message: string;
}

/** What the tenant has, for checks that depend on it. */
export interface WorkflowValidationContext {
  /**
   * The tenant's custom actions by name, with their parameters and state. Without it a
   * `custom:<name>` step is checked for the form of its name only.
   */
  customActions?: ReadonlyMap<string, { state: string; parameters: ReadonlyArray<{ name: string; required: boolean; default?: unknown }> }>;
  /** Names a tenant's workflow may not take (the built-in templates'). */
  reservedNames?: ReadonlySet<string>;
}

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkWorkflow(definition: WorkflowDefinition, context: WorkflowValidationContext = {}): { errors: WorkflowProblem[]; warnings: WorkflowProblem[] } {
  const errors: WorkflowProblem[] = [];
  const warnings: WorkflowProblem[] = [];
  const error = (path: FieldPath, message: string) => errors.push({ path, message });
  const used = new Set<string>();

  if (context.reservedNames?.has(definition.name)) error(['name'], `"${definition.name}" is the name of a built-in template; choose another name.`);

  const inputs = checkInputs(definition.inputs, error);
  const bindingNames = new Set<string>();
  const allStepIds = new Set(definition.steps.map((step) => step.id));
  const noSteps = { inputs, context: false, allStepIds } as const;

  for (const [name, template] of Object.entries(definition.bindings)) {
    if ((RESERVED_ROOTS as readonly string[]).includes(name)) error(['bindings', name], `"${name}" is reserved (for ${name}.…); give the binding another name.`);
    else if (inputs.has(name)) error(['bindings', name], `"${name}" is already an input; a binding needs a name of its own.`);
    checkTemplate(template, ['bindings', name], { ...noSteps, bindings: new Set(bindingNames) }, error, used);
    bindingNames.add(name);
  }
  if (definition.target) checkTemplate(definition.target, ['target'], { ...noSteps, bindings: bindingNames }, error, used);

  const earlier = new Map<string, WorkflowStep>();
  const seen = new Map<string, number>();
  definition.steps.forEach((step, index) => {
    const at: FieldPath = ['steps', index];
    const first = seen.get(step.id);
    if (first !== undefined) error([...at, 'id'], `Two steps have the id "${step.id}" (items ${first + 1} and ${index + 1}); give each step its own id.`);
    else seen.set(step.id, index);

    const scope: ReferenceScope = { inputs, bindings: bindingNames, context: true, earlierSteps: new Map(earlier), allStepIds };
    if (step.when) checkCondition(step.when, [...at, 'when'], scope, error, used);
    step.needs?.forEach((needed, position) => {
      if (!earlier.has(needed)) error([...at, 'needs', position], allStepIds.has(needed) ? `"${needed}" runs after this step (or is this step), so this step can't need it.` : `There is no step "${needed}"${suggest(needed, [...allStepIds])}.`);
    });

    switch (step.kind) {
      case 'action':
        checkAction(step.action, step.parameters, [...at], context, scope, error, warnings, used);
        if (step.compensate) checkAction(step.compensate.action, step.compensate.parameters ?? {}, [...at, 'compensate'], context, scope, error, warnings, used);
        break;
      case 'approval':
        checkApproval(step, index, definition.steps, at, scope, error, used);
        break;
      case 'choice': {
        checkTemplate(step.question, [...at, 'question'], scope, error, used);
        const lower = step.options.map((option) => option.toLowerCase());
        lower.forEach((option, position) => {
          if (lower.indexOf(option) !== position) error([...at, 'options', position], `The option "${step.options[position]}" appears twice; each option must differ.`);
        });
        break;
      }
      case 'notice':
        checkTemplate(step.text, [...at, 'text'], scope, error, used);
        break;
    }
    if (step.title) checkTemplate(step.title, [...at, 'title'], scope, error, used);
    earlier.set(step.id, step);
  });

  definition.inputs.forEach((input, index) => {
    if (!used.has(input.name)) warnings.push({ path: ['inputs', index, 'name'], message: `The input "${input.name}" is never used; remove it, or use it as {{${input.name}}}.` });
  });
  return { errors, warnings };
}

function checkInputs(inputs: readonly WorkflowInput[], error: (path: FieldPath, message: string) => void): Map<string, WorkflowInput> {
  const byName = new Map<string, WorkflowInput>();
  inputs.forEach((input, index) => {
    const at: FieldPath = ['inputs', index];
    if (byName.has(input.name)) error([...at, 'name'], `Two inputs are called "${input.name}"; give each its own name.`);
    if ((RESERVED_ROOTS as readonly string[]).includes(input.name)) error([...at, 'name'], `"${input.name}" is reserved (for ${input.name}.…); give the input another name.`);
    if (input.type === 'enum' && !input.values) error([...at, 'values'], `An enum input needs values: the choices, e.g. values: [E3, E5].`);
    if (input.type !== 'enum' && input.values) error([...at, 'values'], `values is only for enum inputs; "${input.name}" is ${input.type}.`);
    if (input.default !== undefined) {
      const problem = defaultProblem(input);
      if (problem) error([...at, 'default'], problem);
    }
    byName.set(input.name, input);
  });
  return byName;
}

function defaultProblem(input: WorkflowInput): string | undefined {
  const value = input.default;
  switch (input.type) {
    case 'number':
      return typeof value === 'number' ? undefined : `The default of a number input must be a number, not "${String(value)}".`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `The default of a boolean input must be true or false, not "${String(value)}".`;
    case 'enum':
      return input.values?.includes(String(value)) ? undefined : `The default "${String(value)}" isn't one of the values (${(input.values ?? []).join(', ')}).`;
    case 'user':
      return typeof value === 'string' && UPN.test(value) ? undefined : `The default of a user input must be a sign-in name such as megan@contoso.com.`;
    default:
      return typeof value === 'string' ? undefined : `The default of a text input must be text.`;
  }
}

function checkTemplate(text: string, path: FieldPath, scope: ReferenceScope, error: (path: FieldPath, message: string) => void, used: Set<string>): void {
  const scan = scanTemplate(text);
  for (const problem of scan.problems) error(path, problem);
  for (const name of scan.names) {
    used.add(name);
    const check = checkReference(name, scope);
    if (!check.ok) error(path, `{{${name}}}: ${check.problem}`);
  }
}

function checkCondition(source: string, path: FieldPath, scope: ReferenceScope, error: (path: FieldPath, message: string) => void, used: Set<string>): void {
  const parsed = parseCondition(source);
  if (!parsed.ok) {
    error(path, `The condition "${source}" can't be read: ${parsed.problem}`);
    return;
  }
  for (const { name, comparedWith } of conditionReferences(parsed.condition)) {
    used.add(name);
    const check = checkReference(name, scope);
    if (!check.ok) {
      error(path, `In the condition: ${check.problem}`);
      continue;
    }
    for (const literal of comparedWith) {
      if (check.values && !check.values.includes(String(literal))) {
        error(path, `In the condition, ${name} is compared with '${String(literal)}', a value it never has; it is one of ${check.values.map((value) => `'${value}'`).join(', ')}.`);
      }
    }
  }
}

function checkAction(
  actionId: string,
  parameters: StepParameters,
  at: FieldPath,
  context: WorkflowValidationContext,
  scope: ReferenceScope,
  error: (path: FieldPath, message: string) => void,
  warnings: Array<{ path: FieldPath; message: string }>,
  used: Set<string>,
): void {
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value === 'string') checkTemplate(value, [...at, 'parameters', key], scope, error, used);
  }
  if (isCustomActionId(actionId)) {
    const name = actionId.slice(CUSTOM_ACTION_PREFIX.length);
    if (!CUSTOM_ACTION_NAME.test(name)) {
      error([...at, 'action'], `"${actionId}" isn't a custom action's id: write custom: and the action's name, e.g. custom:set-cost-center.`);
      return;
    }
    const known = context.customActions;
    if (!known) return;
    const custom = known.get(name);
    if (!custom) {
      error([...at, 'action'], `There is no custom action called "${name}"${suggest(name, [...known.keys()])}. Type "custom actions" to see them.`);
      return;
    }
    if (custom.state !== 'published') warnings.push({ path: [...at, 'action'], message: `The custom action "${name}" is ${custom.state}, not published: a run stops at this step until it is published.` });
    const declared = new Set(custom.parameters.map((parameter) => parameter.name));
    for (const key of Object.keys(parameters)) {
      if (!declared.has(key)) error([...at, 'parameters', key], `The custom action "${name}" has no parameter "${key}"${declared.size > 0 ? `; its parameters are ${[...declared].join(', ')}` : ''}.`);
    }
    for (const parameter of custom.parameters) {
      if (parameter.required && parameter.default === undefined && !(parameter.name in parameters)) error([...at, 'parameters'], `The custom action "${name}" needs the parameter ${parameter.name}.`);
    }
    return;
  }
  if (!isManagementActionId(actionId)) {
    const suggestion = suggest(actionId, Object.keys(BUILT_IN_ACTION_INPUTS));
    error([...at, 'action'], `"${actionId}" isn't an action${suggestion}. Use a built-in action id such as user.blockSignIn (type "actions" to see them), or custom:<name> for a custom action.`);
    return;
  }
  const inputs = BUILT_IN_ACTION_INPUTS[actionId];
  const title = builtInActionTitle(actionId) ?? actionId;
  const accepted = new Set([...inputs.required, ...(inputs.oneOf ?? []), ...inputs.optional]);
  for (const key of Object.keys(parameters)) {
    if (!accepted.has(key)) error([...at, 'parameters', key], `${title} (${actionId}) takes ${inputs.hint}; "${key}" isn't one of its parameters.`);
  }
  for (const key of inputs.required) {
    if (!(key in parameters)) error([...at, 'parameters'], `${title} (${actionId}) needs ${key}: it takes ${inputs.hint}.`);
  }
  if (inputs.oneOf && !inputs.oneOf.some((key) => key in parameters)) error([...at, 'parameters'], `${title} (${actionId}) needs ${inputs.hint}.`);
}

function checkApproval(
  step: Extract<WorkflowStep, { kind: 'approval' }>,
  index: number,
  steps: readonly WorkflowStep[],
  at: FieldPath,
  scope: ReferenceScope,
  error: (path: FieldPath, message: string) => void,
  used: Set<string>,
): void {
  checkTemplate(step.message, [...at, 'message'], scope, error, used);
  if (Array.isArray(step.approvers)) {
    step.approvers.forEach((approver, position) => {
      if (!UPN.test(approver)) error([...at, 'approvers', position], `"${approver}" isn't a sign-in name; list tenant admins' UPNs such as pria@contoso.com, or write approvers: tenantAdmins.`);
    });
  }
  if (step.timeout !== undefined) {
    const ms = parseTimeout(step.timeout);
    const { minApprovalTimeoutInMs: min, maxApprovalTimeoutInMs: max } = WORKFLOW_LIMITS;
    if (ms === undefined) error([...at, 'timeout'], `"${String(step.timeout)}" isn't a timeout: write an ISO-8601 duration such as PT4H or P1D, or a number of minutes.`);
    else if (ms < min || ms > max) error([...at, 'timeout'], `A timeout is from ${durationWords(min)} to ${durationWords(max)}; ${durationWords(ms)} is outside that.`);
  } else if (step.onTimeout !== 'stop') {
    error([...at, 'onTimeout'], 'onTimeout needs a timeout: add timeout, e.g. timeout: PT4H.');
  }
  const onTimeout = step.onTimeout;
  if (onTimeout === 'stop' || onTimeout === 'continue') return;
  const target = steps.findIndex((candidate) => candidate.id === onTimeout);
  if (target < 0) {
    error([...at, 'onTimeout'], `onTimeout is stop, continue or a later step's id, and there is no step "${onTimeout}"${suggest(onTimeout, steps.map((s) => s.id))}.`);
  } else if (target <= index) {
    error([...at, 'onTimeout'], `onTimeout jumps ${target === index ? 'to this same step' : `back to "${onTimeout}", which runs before this step`}: that would loop. A jump can only go forward, to a later step.`);
  }
}

function suggest(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best ? ` (did you mean ${best}?)` : '';
}
