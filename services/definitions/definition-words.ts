/**
 * Schema problems in words, for pasted definitions (custom actions, workflows): the field path
 * as people read it, and the zod issues both kinds of definition word alike. Each parser words
 * its own special cases (missing fields with hints, unknown fields with the list) first.
 */
import type { ZodIssue } from 'zod';
import type { FieldPath } from './definition-text';

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object of fields',
  null: 'empty',
  undefined: 'missing',
};

/** A field path in words: parameters › item 1 › type. */
export function describeField(path: FieldPath): string {
  return path.map((segment) => (typeof segment === 'number' ? `item ${segment + 1}` : segment)).join(' › ');
}

/** The words of a wrong type, a value not among the choices, a size limit or a text rule; undefined for the other issues. */
export function commonIssueWords(issue: ZodIssue, field: string): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `${field || 'This'} must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, not ${EXPECTED_WORDS[issue.received] ?? issue.received}.`;
    case 'invalid_enum_value':
      return `Use one of ${issue.options.join(', ')} (it says "${String(issue.received)}").`;
    case 'too_small':
      if (issue.type === 'string') return issue.minimum === 1 ? `${field} is empty.` : `${field} needs at least ${String(issue.minimum)} characters.`;
      if (issue.type === 'array') return `${field} needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}.`;
      return `${field} is too small (the least is ${String(issue.minimum)}).`;
    case 'too_big':
      if (issue.type === 'string') return `${field} is longer than ${String(issue.maximum)} characters.`;
      if (issue.type === 'array') return `${field} has more than ${String(issue.maximum)} items.`;
      return `${field} is too large (the most is ${String(issue.maximum)}).`;
    case 'invalid_string':
      return issue.message;
    default:
      return undefined;
  }
}
