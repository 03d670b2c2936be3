/**
 * Reads a custom action definition pasted as JSON or YAML (or sent by the card form as an
 * object) and says what is wrong in plain words, with the line and the field of each problem:
 * "Line 9 (parameters › item 1 › type): Use one of string, number, boolean, enum, user (it says "text")."
 * Syntax first, then the shape (custom-action.schema.ts), then the request against the
 * allow-list (custom-action-validation.ts).
 */
import { parseDefinitionText, type DefinitionFormat, type DefinitionIssue } from '../definitions/definition-text';
import { commonIssueWords, describeField } from '../definitions/definition-words';
import type { ZodIssue } from 'zod';
import type { AllowedRequest } from './custom-action-allow-list';
import { DEFINITION_FIELDS, PARAMETER_FIELDS, customActionDefinitionSchema, WHO_MAY_RUN_FIELDS, type CustomActionDefinition } from './custom-action.schema';
import { checkDefinition, NO_TARGET_MESSAGE, type FieldPath } from './custom-action-validation';

/** The largest definition text accepted (a definition is a few hundred bytes). */
export const MAX_DEFINITION_TEXT_LENGTH = 20_000;
const TOO_LONG = `The definition is longer than ${MAX_DEFINITION_TEXT_LENGTH} characters; a custom action's definition is much smaller.`;

export type { DefinitionFormat, DefinitionIssue } from '../definitions/definition-text';

export interface CustomActionValidation {
  ok: boolean;
  format: DefinitionFormat;
  /** Present when ok. */
  definition?: CustomActionDefinition;
  errors: DefinitionIssue[];
  /** Not blocking (e.g. a parameter declared and never used). */
  warnings: DefinitionIssue[];
  /** The allow-list entry the request matched. */
  allowed?: AllowedRequest;
}

/**
 * Validates a definition: text (JSON when it starts with `{`, YAML otherwise) or an object from
 * the card form. Never throws for bad input: every problem is an issue in the result.
 */
export function validateCustomActionDefinition(input: unknown): CustomActionValidation {
  const parsed = typeof input === 'string' ? parseDefinitionText(input, { maxLength: MAX_DEFINITION_TEXT_LENGTH, tooLong: TOO_LONG }) : { format: 'form' as const, data: input, locate: () => undefined };
  if ('errors' in parsed) return { ok: false, format: parsed.format, errors: parsed.errors, warnings: [] };
  const { format, data, locate } = parsed;
  const issue = (path: FieldPath, message: string): DefinitionIssue => ({ field: describeField(path), ...locate(path), message });

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, format, errors: [{ field: '', message: `A definition is one object with fields such as name, title, target, method and path${format === 'yaml' ? ' (one "field: value" per line)' : ''}.` }], warnings: [] };
  }
  const shaped = customActionDefinitionSchema.safeParse(data);
  if (!shaped.success) {
    return { ok: false, format, errors: shaped.error.issues.flatMap((zodIssue) => wordsForIssue(zodIssue).map(({ path, message }) => issue(path, message))), warnings: [] };
  }
  const check = checkDefinition(shaped.data);
  const errors = check.errors.map((problem) => issue(problem.path, problem.message));
  const warnings = check.warnings.map((problem) => issue(problem.path, problem.message));
  return {
    ok: errors.length === 0,
    format,
    ...(errors.length === 0 ? { definition: shaped.data } : {}),
    errors,
    warnings,
    ...(check.allowed ? { allowed: check.allowed } : {}),
  };
}

/** One line per issue: "Line 9 (parameters › item 1 › type): …". */
export function describeIssue(issue: DefinitionIssue): string {
  const where = [issue.line !== undefined ? `Line ${issue.line}` : '', issue.field ? (issue.line !== undefined ? `(${issue.field})` : issue.field) : ''].filter(Boolean).join(' ');
  return where ? `${where}: ${issue.message}` : issue.message;
}


const HINTS: Record<string, string> = {
  name: 'Add name: the action\'s id, e.g. name: set-cost-center.',
  title: 'Add title: what admins and operators see, e.g. title: Set cost center.',
  method: 'Add method: GET, POST, PATCH or DELETE.',
  path: 'Add path: the Graph request, e.g. path: /users/{id}.',
  risk: 'Add risk: low, medium or high (how much harm a mistaken run can do).',
};

/** Zod's issue in words an admin understands, at the field it is about. */
function wordsForIssue(issue: ZodIssue): Array<{ path: FieldPath; message: string }> {
  const path = issue.path as FieldPath;
  const field = String(path[path.length - 1] ?? '');
  const topLevel = path.length === 1;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') {
        if (topLevel && field === 'target') return [{ path, message: `${NO_TARGET_MESSAGE} Add target: user or target: group.` }];
        if (topLevel && HINTS[field]) return [{ path, message: `${field} is missing. ${HINTS[field]}` }];
        return [{ path, message: `${field || 'This'} is missing.` }];
      }
      break;
    case 'invalid_enum_value':
      if (topLevel && field === 'target') return [{ path, message: `${NO_TARGET_MESSAGE} Use target: user or target: group, not "${String(issue.received)}".` }];
      break;
    case 'unrecognized_keys': {
      const fields = path.length === 0 ? DEFINITION_FIELDS : path[0] === 'parameters' ? PARAMETER_FIELDS : path[0] === 'whoMayRun' ? WHO_MAY_RUN_FIELDS : [];
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `"${key}" isn't a field ${path.length === 0 ? 'of a custom action' : `of ${describeField(path)}`}${fields.length > 0 ? `; the fields are ${fields.join(', ')}` : ''}.`,
      }));
    }
    case 'too_small':
      if (issue.type === 'array' && issue.message.startsWith('Say who')) return [{ path, message: issue.message }];
      break;
    case 'invalid_union':
      return [{ path, message: `${field || 'This'} isn't a value a body can hold: use text, a number, true or false, null, a list or an object.` }];
    default:
      break;
  }
  return [{ path, message: commonIssueWords(issue, field) ?? issue.message }];
}

