/**
 * Parameter values, as a runner (or a preview's sample) gives them, checked against the
 * definition's parameter schema. Card inputs arrive as text, so "42" is read as a number and
 * "true" as a boolean where the parameter says so; the request then carries the typed value.
 */
import { maskSecretsInText } from '../audit/secret-scrubber';
import type { CustomActionDefinition, CustomActionParameter } from './custom-action.schema';
import { DEFINITION_LIMITS } from './custom-action.schema';
import type { FilledValue } from './custom-action-template';

export type ParameterValue = string | number | boolean;

export type CoercedValue = { ok: true; value: ParameterValue } | { ok: false; message: string };

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
/** An object id or a user principal name: one path segment, no spaces. */
const USER_REFERENCE = /^[^\s/?#\\]{1,256}$/;

/** Reads one value as the parameter's type, or says in words why it can't be. */
export function coerceParameterValue(parameter: CustomActionParameter, raw: unknown): CoercedValue {
  const label = `"${parameter.name}"`;
  switch (parameter.type) {
    case 'number': {
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw };
      if (typeof raw === 'string' && NUMBER_TEXT.test(raw.trim())) return { ok: true, value: Number(raw.trim()) };
      return { ok: false, message: `${label} must be a number, and ${shown(raw)} isn't one.` };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return { ok: true, value: raw.trim().toLowerCase() === 'true' };
      return { ok: false, message: `${label} must be true or false, not ${shown(raw)}.` };
    }
    case 'enum': {
      const text = typeof raw === 'string' ? raw.trim() : undefined;
      const match = text === undefined ? undefined : parameter.values?.find((value) => value.toLowerCase() === text.toLowerCase());
      if (match !== undefined) return { ok: true, value: match };
      return { ok: false, message: `${label} must be one of ${(parameter.values ?? []).join(', ')}, not ${shown(raw)}.` };
    }
    case 'user': {
      if (typeof raw === 'string' && USER_REFERENCE.test(raw.trim())) return { ok: true, value: raw.trim() };
      return { ok: false, message: `${label} must name one user by object id or user principal name (for example adele@contoso.com), not ${shown(raw)}.` };
    }
    case 'string': {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return { ok: false, message: `${label} must be text, not ${shown(raw)}.` };
      const text = String(raw);
      if (text.length > DEFINITION_LIMITS.maxStringValueLength) return { ok: false, message: `${label} is longer than ${DEFINITION_LIMITS.maxStringValueLength} characters.` };
      if (maskSecretsInText(text) !== text) return { ok: false, message: `${label} looks like a password or token. A custom action never carries secrets.` };
      return { ok: true, value: text };
    }
  }
}

export interface ResolvedParameters {
  /** Every declared parameter: its value, or undefined for an optional one left out. */
  values: Record<string, FilledValue>;
  /** One sentence per problem, in the order of the declared parameters. */
  problems: string[];
}

/**
 * Checks the given values against the definition: unknown names, missing required values,
 * types and enum choices. Optional parameters left out take their default, if any.
 */
export function resolveParameterValues(definition: Pick<CustomActionDefinition, 'parameters'>, given: Readonly<Record<string, unknown>>): ResolvedParameters {
  const values: Record<string, FilledValue> = {};
  const problems: string[] = [];
  const declared = new Map(definition.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push(`There is no parameter named "${name}"${declared.size > 0 ? `; the parameters are ${[...declared.keys()].join(', ')}` : ''}.`);
  }
  for (const parameter of definition.parameters) {
    const raw = given[parameter.name];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (parameter.required) problems.push(`"${parameter.name}" is required${parameter.description ? ` (${parameter.description})` : ''}.`);
      values[parameter.name] = parameter.default;
      continue;
    }
    const coerced = coerceParameterValue(parameter, raw);
    if (coerced.ok) values[parameter.name] = coerced.value;
    else problems.push(coerced.message);
  }
  return { values, problems };
}

function shown(raw: unknown): string {
  if (raw === undefined || raw === null) return 'nothing';
  // Never echo something secret-shaped back, even in a refusal.
  if (typeof raw === 'string') return maskSecretsInText(raw) !== raw ? 'that value' : `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return Array.isArray(raw) ? 'a list' : 'an object';
}
