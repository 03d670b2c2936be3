/**
 * Reads a custom action definition pasted as JSON or YAML (or sent by the card form as an
 * object) and says what is wrong in plain words, with the line and the field of each problem:
 * "Line 9 (parameters › item 1 › type): Use one of string, number, boolean, enum, user (it says "text")."
 * Syntax first, then the shape (custom-action.schema.ts), then the request against the
 * allow-list (custom-action-validation.ts).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { ZodIssue } from 'zod';
import type { AllowedRequest } from './custom-action-allow-list';
import { DEFINITION_FIELDS, PARAMETER_FIELDS, customActionDefinitionSchema, WHO_MAY_RUN_FIELDS, type CustomActionDefinition } from './custom-action.schema';
import { checkDefinition, NO_TARGET_MESSAGE, type FieldPath } from './custom-action-validation';

/** The largest definition text accepted (a definition is a few hundred bytes). */
export const MAX_DEFINITION_TEXT_LENGTH = 20_000;

export type DefinitionFormat = 'json' | 'yaml' | 'form';

export interface DefinitionIssue {
  /** The field in plain words, e.g. "parameters › item 1 › type"; "" for the text as a whole. */
  field: string;
  /** 1-based, for pasted text, when the issue sits at a known place. */
  line?: number;
  column?: number;
  message: string;
}

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
  const parsed = typeof input === 'string' ? parseText(input) : { format: 'form' as const, data: input, locate: () => undefined };
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

type Locator = (path: FieldPath) => { line: number; column: number } | undefined;
type ParsedText = { format: DefinitionFormat; data: unknown; locate: Locator } | { format: DefinitionFormat; errors: DefinitionIssue[] };

function parseText(text: string): ParsedText {
  const format: DefinitionFormat = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  if (text.trim() === '') return { format, errors: [{ field: '', message: 'The definition is empty. Paste it as JSON or YAML.' }] };
  if (text.length > MAX_DEFINITION_TEXT_LENGTH) return { format, errors: [{ field: '', message: `The definition is longer than ${MAX_DEFINITION_TEXT_LENGTH} characters; a custom action's definition is much smaller.` }] };
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      return { format, errors: [jsonSyntaxIssue(text, (error as Error).message)] };
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', resolveKnownTags: false });
  if (document.errors.length > 0) {
    // One problem often trips two rules on the same spot: say the first.
    const seen = new Set<number>();
    const errors = document.errors
      .map((error) => ({ field: '', ...position(lineCounter, error.pos[0]), message: yamlProblemWords(error.code, error.message, format, text, error.pos[0]) }))
      .filter((issue) => !seen.has(issue.line) && seen.add(issue.line));
    return { format, errors };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 0 });
  } catch {
    return { format, errors: [{ field: '', message: 'Anchors and aliases (& and *) are not supported in a definition: write each value out.' }] };
  }
  return { format, data, locate: (path) => locate(document, lineCounter, path) };
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function jsonSyntaxIssue(text: string, message: string): DefinitionIssue {
  const at = /at position (\d+)/.exec(message);
  const words = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'The JSON ends too early (a } or ] is missing)');
  if (!at) return { field: '', message: `${words}.` };
  const offset = Number(at[1]);
  if (offset >= text.trimEnd().length) return { field: '', message: 'The JSON ends too early (a } or ] is missing).' };
  const before = text.slice(0, offset).split('\n');
  return { field: '', line: before.length, column: (before[before.length - 1] ?? '').length + 1, message: `This isn't valid JSON: ${lowerFirst(words)} (on this line, or at the end of the one before).` };
}

function yamlProblemWords(code: string, message: string, format: DefinitionFormat, text: string, offset: number): string {
  const kind = format === 'json' ? 'JSON' : 'YAML';
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^["']?([^"':\n]+)/.exec(text.slice(offset))?.[1]?.trim();
      return key ? `The field "${key}" appears twice; keep one.` : 'A field appears twice; keep one.';
    }
    case 'MULTIPLE_DOCS':
      return 'Paste one definition at a time (without --- separators).';
    case 'TAB_AS_INDENT':
      return 'Indent with spaces, not tabs.';
    default:
      return `This isn't valid ${kind}: ${lowerFirst(message.replace(/;.*$/, ''))}. Check the indentation, and that each line is "field: value".`;
  }
}

/**
 * The line of a field: its key when the path resolves; for a field that is missing, the object
 * that lacks it (nothing for a missing top-level field, which has no line of its own).
 */
function locate(document: Document, lineCounter: LineCounter, path: FieldPath): { line: number; column: number } | undefined {
  let node: unknown = document.contents;
  let found: YamlNode | undefined;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) {
        if (index > 0) found = node;
        break;
      }
      if (isScalar(pair.key)) found = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) {
        found = node;
        break;
      }
      node = item;
      found = item as YamlNode;
    } else {
      break;
    }
  }
  const start = found?.range?.[0];
  return start === undefined ? undefined : position(lineCounter, start);
}

/** A field path in words: parameters › item 1 › type. */
export function describeField(path: FieldPath): string {
  return path.map((segment) => (typeof segment === 'number' ? `item ${segment + 1}` : segment)).join(' › ');
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object of fields',
  null: 'empty',
  undefined: 'missing',
};

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
      return [{ path, message: `${field || 'This'} must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, not ${EXPECTED_WORDS[issue.received] ?? issue.received}.` }];
    case 'invalid_enum_value':
      if (topLevel && field === 'target') return [{ path, message: `${NO_TARGET_MESSAGE} Use target: user or target: group, not "${String(issue.received)}".` }];
      return [{ path, message: `Use one of ${issue.options.join(', ')} (it says "${String(issue.received)}").` }];
    case 'unrecognized_keys': {
      const fields = path.length === 0 ? DEFINITION_FIELDS : path[0] === 'parameters' ? PARAMETER_FIELDS : path[0] === 'whoMayRun' ? WHO_MAY_RUN_FIELDS : [];
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `"${key}" isn't a field ${path.length === 0 ? 'of a custom action' : `of ${describeField(path)}`}${fields.length > 0 ? `; the fields are ${fields.join(', ')}` : ''}.`,
      }));
    }
    case 'too_small':
      if (issue.type === 'string') return [{ path, message: issue.minimum === 1 ? `${field} is empty.` : `${field} needs at least ${String(issue.minimum)} characters.` }];
      if (issue.type === 'array') return [{ path, message: issue.message.startsWith('Say who') ? issue.message : `${field} needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}.` }];
      return [{ path, message: `${field} is too small (the least is ${String(issue.minimum)}).` }];
    case 'too_big':
      if (issue.type === 'string') return [{ path, message: `${field} is longer than ${String(issue.maximum)} characters.` }];
      if (issue.type === 'array') return [{ path, message: `${field} has more than ${String(issue.maximum)} items.` }];
      return [{ path, message: `${field} is too large (the most is ${String(issue.maximum)}).` }];
    case 'invalid_string':
      return [{ path, message: issue.message }];
    case 'invalid_union':
      return [{ path, message: `${field || 'This'} isn't a value a body can hold: use text, a number, true or false, null, a list or an object.` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
