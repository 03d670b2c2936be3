/**
 * `{{parameter}}` placeholders in a definition's path and body: finding them (for validation)
 * and filling them (for the preview and the run, which build the request the same way).
 */
import type { JsonObject, JsonValue } from '../ports/audit-log.port';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/;
const VALID_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface PlaceholderScan {
  /** Names used, in order of appearance (duplicates kept). */
  names: string[];
  /** Problems in plain words: a `{{` without `}}`, or a placeholder that is not a name. */
  problems: string[];
}

/** The placeholders in one string. */
export function scanPlaceholders(text: string): PlaceholderScan {
  const names: string[] = [];
  const problems: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (VALID_NAME.test(name)) names.push(name);
    else problems.push(`"${match[0]}" isn't a parameter reference: write {{name}} with a parameter's name (letters, digits and _).`);
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push(`"${text}" has a {{ without its }} (or the other way round).`);
  return { names, problems };
}

/** The parameter a string stands for when it is exactly one placeholder (`"{{count}}"`), which keeps the value's type. */
export function wholePlaceholder(text: string): string | undefined {
  return WHOLE_PLACEHOLDER.exec(text)?.[1];
}

/** A JSON location inside the body, e.g. ['automaticRepliesSetting', 'status'] or ['businessPhones', 0]. */
export type BodyLocation = Array<string | number>;

/** Every string in a JSON value with where it sits. */
export function stringsIn(value: JsonValue, at: BodyLocation = []): Array<{ at: BodyLocation; text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, [...at, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsIn(item, [...at, key]));
  return [];
}

/** A parameter value as the request carries it; undefined means "not given" (an optional parameter left out). */
export type FilledValue = string | number | boolean | undefined;

/**
 * Fills a body template. A string that is exactly one placeholder becomes the typed value
 * (a number stays a number); a property or array item whose placeholder has no value is left
 * out. A placeholder inside a longer string is replaced by the value's text ('' when none).
 */
export function fillBody(template: JsonObject, values: Readonly<Record<string, FilledValue>>): JsonObject {
  return fillObject(template, values);
}

function fillObject(template: JsonObject, values: Readonly<Record<string, FilledValue>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(template)) {
    const filled = fillValue(item, values);
    if (filled !== undefined) out[key] = filled;
  }
  return out;
}

function fillValue(template: JsonValue, values: Readonly<Record<string, FilledValue>>): JsonValue | undefined {
  if (typeof template === 'string') {
    const whole = wholePlaceholder(template);
    if (whole !== undefined) return values[whole];
    return fillText(template, values);
  }
  if (Array.isArray(template)) return template.map((item) => fillValue(item, values)).filter((item): item is JsonValue => item !== undefined);
  if (template && typeof template === 'object') return fillObject(template, values);
  return template;
}

/** Replaces every placeholder in a string with its value's text. */
export function fillText(text: string, values: Readonly<Record<string, FilledValue>>, encode: (value: string) => string = (value) => value): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    return value === undefined ? '' : encode(String(value));
  });
}
