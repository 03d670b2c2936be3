/**
 * Reads a workflow definition pasted as JSON or YAML (or sent as an object) and says what is
 * wrong in plain words, with the line and the field of each problem, in the custom actions' style:
 * "Line 12 (steps › item 3 › action): "user.blockSignon" isn't an action (did you mean user.blockSignIn?). …".
 * Syntax first, then the shape (workflow.schema.ts), then the meaning (workflow-validation.ts).
 */
import type { ZodIssue } from 'zod';
import type { DefinitionFormat, DefinitionIssue } from '../definitions/definition-text';
import { commonIssueWords, describeField } from '../definitions/definition-words';
import { parseDefinitionText, type FieldPath } from './workflow-definition-text';
import { checkWorkflow, type WorkflowValidationContext } from './workflow-validation';
import { COMPENSATION_FIELDS, DEFINITION_FIELDS, INPUT_FIELDS, STEP_FIELDS, STEP_KINDS, workflowDefinitionSchema, type WorkflowDefinition, type WorkflowStepKind } from './workflow.schema';

export { describeIssue, type DefinitionIssue } from '../custom-actions/custom-action-parser';

export interface WorkflowValidation {
  ok: boolean;
  format: DefinitionFormat;
  /** Present when ok. */
  definition?: WorkflowDefinition;
  errors: DefinitionIssue[];
  /** Not blocking (an input never used, a custom action not published yet). */
  warnings: DefinitionIssue[];
}

/**
 * Validates a definition: text (JSON when it starts with `{`, YAML otherwise) or an object.
 * Never throws for bad input: every problem is an issue in the result.
 */
export function validateWorkflowDefinition(input: unknown, context: WorkflowValidationContext = {}): WorkflowValidation {
  const parsed = typeof input === 'string' ? parseDefinitionText(input) : { format: 'form' as const, data: input, locate: () => undefined };
  if ('errors' in parsed) return { ok: false, format: parsed.format, errors: parsed.errors, warnings: [] };
  const { format, data, locate } = parsed;
  const issue = (path: FieldPath, message: string): DefinitionIssue => ({ field: describeField(path), ...locate(path), message });

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, format, errors: [{ field: '', message: 'A workflow is one object with fields such as name, title, inputs and steps.' }], warnings: [] };
  }
  const shaped = workflowDefinitionSchema.safeParse(data);
  if (!shaped.success) {
    const errors = shaped.error.issues.flatMap((zodIssue) => wordsForIssue(zodIssue, data).map(({ path, message }) => issue(path, message)));
    return { ok: false, format, errors: dedupe(errors), warnings: [] };
  }
  const check = checkWorkflow(shaped.data, context);
  const errors = check.errors.map((problem) => issue(problem.path, problem.message));
  return {
    ok: errors.length === 0,
    format,
    ...(errors.length === 0 ? { definition: shaped.data } : {}),
    errors,
    warnings: check.warnings.map((problem) => issue(problem.path, problem.message)),
  };
}

const HINTS: Record<string, string> = {
  name: "Add name: the workflow's id, e.g. name: offboarding.",
  title: 'Add title: what people see, e.g. title: Offboarding.',
  steps: 'Add steps: the list of what the workflow does.',
  id: 'Give the step an id, e.g. id: blockSignIn.',
  action: 'Add action: a built-in action id such as user.blockSignIn, or custom:<name>.',
  approvers: 'Add approvers: tenantAdmins, or a list of tenant admins\' UPNs.',
  message: 'Add message: what the approvers are asked.',
  question: 'Add question: what the requester is asked, e.g. Keep the mailbox?',
  options: 'Add options: the answers, e.g. options: [yes, no].',
  to: 'Add to: adminChannel, requester or manager.',
  text: 'Add text: what the notice says.',
};

/** Zod's issue in words an admin understands, at the field it is about. */
function wordsForIssue(issue: ZodIssue, data: unknown): Array<{ path: FieldPath; message: string }> {
  const path = issue.path as FieldPath;
  const field = String(path[path.length - 1] ?? '');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return [{ path, message: `${field || 'This'} is missing.${HINTS[field] ? ` ${HINTS[field]}` : ''}` }];
      break;
    case 'invalid_union_discriminator': {
      const given = valueAt(data, path);
      return [{ path, message: given === undefined ? `Each step needs a kind: ${STEP_KINDS.join(', ')}.` : `A step's kind is one of ${STEP_KINDS.join(', ')} (it says "${String(given)}").` }];
    }
    case 'invalid_literal':
      return [{ path, message: `${field} must be ${String(issue.expected)}.` }];
    case 'unrecognized_keys': {
      const fields = fieldsAt(path, data);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `"${key}" isn't a field ${path.length === 0 ? 'of a workflow' : `of ${describeField(path)}${stepKindWords(path, data)}`}${fields.length > 0 ? `; the fields are ${fields.join(', ')}` : ''}.`,
      }));
    }
    case 'invalid_union':
      if (field === 'approvers') return [{ path, message: 'approvers is tenantAdmins, or a list of tenant admins\' sign-in names, e.g. [pria@contoso.com].' }];
      if (field === 'timeout') return [{ path, message: 'timeout is an ISO-8601 duration such as PT4H, or a number of minutes.' }];
      return [{ path, message: `${field || 'This'} must be text, a number, or true or false.` }];
    default:
      break;
  }
  return [{ path, message: commonIssueWords(issue, field) ?? issue.message }];
}

/** The fields of the object at `path`, for "the fields are …". */
function fieldsAt(path: FieldPath, data: unknown): string[] {
  if (path.length === 0) return DEFINITION_FIELDS;
  if (path[0] === 'inputs') return INPUT_FIELDS;
  if (path[0] === 'steps' && path.length === 2) return STEP_FIELDS[stepKind(path, data) ?? 'action'] ?? [];
  if (path[0] === 'steps' && path[2] === 'compensate') return COMPENSATION_FIELDS;
  return [];
}

function stepKindWords(path: FieldPath, data: unknown): string {
  const kind = path[0] === 'steps' && path.length === 2 ? stepKind(path, data) : undefined;
  return kind ? ` (a${kind === 'action' || kind === 'approval' ? 'n' : ''} ${kind} step)` : '';
}

function stepKind(path: FieldPath, data: unknown): WorkflowStepKind | undefined {
  const kind = valueAt(data, [...path.slice(0, 2), 'kind']);
  return (STEP_KINDS as readonly unknown[]).includes(kind) ? (kind as WorkflowStepKind) : undefined;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function dedupe(issues: DefinitionIssue[]): DefinitionIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
