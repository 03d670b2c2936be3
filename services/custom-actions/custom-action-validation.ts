/**
 * The checks a well-shaped definition must still pass before it is saved: the request is on the
 * allow-list (path, method and every body property), it always acts on one target, every
 * `{{variable}}` is a declared parameter, and it carries no secret. Problems carry the field
 * they are about, so the parser can add line numbers; messages are plain sentences for admins.
 */
import { canonicalJson } from '../audit/audit-hash';
import { isSecretKey, maskSecretsInText } from '../audit/secret-scrubber';
import type { JsonObject, JsonValue } from '../ports/audit-log.port';
import {
  ALLOWED_REQUESTS,
  describeAllowedRequest,
  REFERENCE_URL_PREFIX,
  segmentsOf,
  type AllowedRequest,
} from './custom-action-allow-list';
import { coerceParameterValue } from './custom-action-parameters';
import { DEFINITION_LIMITS, type CustomActionDefinition, type CustomActionParameter } from './custom-action.schema';
import { scanPlaceholders, stringsIn, wholePlaceholder, type BodyLocation } from './custom-action-template';

/** Where a problem is: the field path inside the definition, e.g. ['parameters', 0, 'type']. */
export type FieldPath = Array<string | number>;

export interface DefinitionProblem {
  path: FieldPath;
  message: string;
}

export interface DefinitionCheck {
  errors: DefinitionProblem[];
  warnings: DefinitionProblem[];
  /** The allow-list entry the request matched, when it matched one. */
  allowed?: AllowedRequest;
}

/** The one sentence every "no target" refusal starts with. */
export const NO_TARGET_MESSAGE =
  'A custom action always acts on one user or group (its target, checked against the scope of whoever runs it): there is no target-free custom action.';

function allowedPathsText(entries: readonly AllowedRequest[] = ALLOWED_REQUESTS): string {
  return entries.map(describeAllowedRequest).join(', ');
}

export function checkDefinition(definition: CustomActionDefinition): DefinitionCheck {
  const errors: DefinitionProblem[] = [];
  const warnings: DefinitionProblem[] = [];
  const error = (path: FieldPath, message: string): void => void errors.push({ path, message });

  const parameters = checkParameters(definition.parameters, error);
  const match = matchAllowList(definition, error);
  const used = new Set<string>();

  // Placeholders in the path: only a user slot of the allow-list may hold one.
  for (const name of match?.userSlots.values() ?? []) used.add(name);
  const pathScan = scanPlaceholders(definition.path);
  for (const problem of pathScan.problems) error(['path'], problem);
  for (const name of pathScan.names) {
    if (!parameters.has(name)) error(['path'], `The path uses {{${name}}}, but no parameter named ${name} is declared. Declare it under parameters, or take it out of the path.`);
  }
  for (const [slot, name] of match?.userSlots ?? []) {
    const parameter = parameters.get(name);
    if (!parameter) continue;
    if (parameter.type !== 'user') error(['path'], `{{${name}}} fills {${slot}}, which names a user, so ${name} must be a parameter of type user (it is ${parameter.type}).`);
    else if (!parameter.required) error(['path'], `{{${name}}} is part of the path, so ${name} must be required.`);
  }

  if (match) checkBody(definition, match.entry, parameters, used, error);
  else checkBodyVariables(definition.body, parameters, used, error);

  checkWhoMayRun(definition, error);
  checkNoSecrets(definition, error);

  definition.parameters.forEach((parameter, index) => {
    if (!used.has(parameter.name)) warnings.push({ path: ['parameters', index], message: `The parameter "${parameter.name}" is declared but never used in the path or the body, so it changes nothing.` });
  });
  return { errors, warnings, ...(match ? { allowed: match.entry } : {}) };
}

function checkParameters(list: readonly CustomActionParameter[], error: (path: FieldPath, message: string) => void): Map<string, CustomActionParameter> {
  const byName = new Map<string, CustomActionParameter>();
  list.forEach((parameter, index) => {
    const at = (field?: string): FieldPath => (field ? ['parameters', index, field] : ['parameters', index]);
    const clash = [...byName.keys()].find((name) => name.toLowerCase() === parameter.name.toLowerCase());
    if (clash) error(at('name'), `There are two parameters named "${parameter.name}"${clash !== parameter.name ? ` (and "${clash}")` : ''}: give each its own name.`);
    if (parameter.name.toLowerCase() === 'id') error(at('name'), '"id" is the target ({id} in the path), not a parameter: choose another name.');
    if (isSecretKey(parameter.name)) error(at('name'), `A custom action never carries secrets, so a parameter can't be a "${parameter.name}".`);
    if (parameter.type === 'enum' && !parameter.values) error(at('values'), `The enum parameter "${parameter.name}" lists the values a runner may pick, e.g. values: [Enabled, Disabled].`);
    if (parameter.type !== 'enum' && parameter.values) error(at('values'), `Only an enum parameter has values; "${parameter.name}" is a ${parameter.type}.`);
    if (parameter.values && new Set(parameter.values.map((v) => v.toLowerCase())).size !== parameter.values.length) error(at('values'), `The values of "${parameter.name}" repeat one another.`);
    if (parameter.default !== undefined) {
      if (parameter.required) error(at('default'), `"${parameter.name}" is required, so it has no default: make it required: false, or remove the default.`);
      else if (parameter.type === 'user') error(at('default'), `A user parameter has no default: the runner names the user each time.`);
      else {
        const coerced = coerceParameterValue(parameter, parameter.default);
        if (!coerced.ok) error(at('default'), `The default doesn't fit: ${coerced.message}`);
      }
    }
    if (!clash) byName.set(parameter.name, parameter);
  });
  return byName;
}

interface AllowListMatch {
  entry: AllowedRequest;
  /** User slot of the allow-list path → the parameter the definition fills it with. */
  userSlots: Map<string, string>;
}

function matchAllowList(definition: CustomActionDefinition, error: (path: FieldPath, message: string) => void): AllowListMatch | undefined {
  const raw = definition.path;
  if (/[?#]/.test(raw)) {
    error(['path'], `A custom action's path has no query string: remove everything from "${raw.includes('?') ? '?' : '#'}" on.`);
    return undefined;
  }
  if (!raw.startsWith('/')) {
    error(['path'], `Start the path with /, for example /users/{id}.`);
    return undefined;
  }
  const segments = raw.split('/').filter(Boolean);
  const head = segments[0]?.toLowerCase();
  if (head !== 'users' && head !== 'groups') {
    error(['path'], `That path isn't one custom actions may call: ${raw}. ${NO_TARGET_MESSAGE} So the path starts with /users/{id} or /groups/{id}. The allowed requests are: ${allowedPathsText()}.`);
    return undefined;
  }
  const key = segments[1];
  if (key === undefined) {
    error(['path'], `/${segments[0]} would act on every ${head === 'users' ? 'user' : 'group'} at once. ${NO_TARGET_MESSAGE} Write /${head}/{id}, where {id} is the target chosen when the action runs.`);
    return undefined;
  }
  if (key !== '{id}') {
    const placeholder = wholePlaceholder(key);
    error(
      ['path'],
      placeholder
        ? `Write {id} for the target, not {{${placeholder}}}: the target is chosen, and checked against the caller's scope, when the action runs.`
        : `/${segments[0]}/${key} names one fixed ${head === 'users' ? 'user' : 'group'}. Write /${head}/{id} instead, so the action runs on the target chosen, and checked against the caller's scope, when it runs.`,
    );
    return undefined;
  }
  const kind = head === 'users' ? 'user' : 'group';
  if (definition.target !== kind) error(['target'], `The target is a ${definition.target}, but the path starts with /${head}/{id}: make the two agree.`);

  const candidates = ALLOWED_REQUESTS.filter((entry) => entry.target === kind);
  const pathMatches: AllowListMatch[] = [];
  for (const entry of candidates) {
    const match = matchSegments(entry, segments, error);
    if (match) pathMatches.push(match);
  }
  if (pathMatches.length === 0) {
    error(['path'], `That path isn't one custom actions may call: ${raw}. The allowed requests are: ${allowedPathsText()}.`);
    return undefined;
  }
  const match = pathMatches.find((candidate) => candidate.entry.method === definition.method);
  if (!match) {
    const methods = [...new Set(pathMatches.map((candidate) => candidate.entry.method))].join(' or ');
    error(['method'], `${definition.method} isn't allowed on ${pathMatches[0]?.entry.path}: custom actions may use ${methods} there.`);
    return undefined;
  }
  // The request goes out as written, so it is written exactly as Graph spells it (no stray slashes).
  const canonical = `/${segmentsOf(match.entry.path)
    .map((segment, index) => (segment.kind === 'literal' ? segment.text : segment.kind === 'target' ? '{id}' : (segments[index] as string)))
    .join('/')}`;
  if (canonical !== raw) error(['path'], `Write the path as Graph spells it: ${canonical}.`);
  return match;
}

function matchSegments(entry: AllowedRequest, segments: readonly string[], error: (path: FieldPath, message: string) => void): AllowListMatch | undefined {
  const expected = segmentsOf(entry.path);
  if (expected.length !== segments.length) return undefined;
  const userSlots = new Map<string, string>();
  const literalProblems: string[] = [];
  for (const [index, segment] of expected.entries()) {
    const actual = segments[index] as string;
    if (segment.kind === 'literal' && segment.text.toLowerCase() !== actual.toLowerCase()) return undefined;
    if (segment.kind === 'user') {
      const name = wholePlaceholder(actual);
      if (name) userSlots.set(segment.slot, name);
      else literalProblems.push(`In ${entry.path}, {${segment.slot}} names a user: fill it with a user parameter, e.g. {{member}}, not "${actual}".`);
    }
  }
  for (const problem of literalProblems) error(['path'], problem);
  return literalProblems.length > 0 ? undefined : { entry, userSlots };
}

function checkBody(
  definition: CustomActionDefinition,
  entry: AllowedRequest,
  parameters: ReadonlyMap<string, CustomActionParameter>,
  used: Set<string>,
  error: (path: FieldPath, message: string) => void,
): void {
  const body = definition.body;
  const hasBody = body !== undefined && Object.keys(body).length > 0;
  const request = describeAllowedRequest(entry);
  if (body && Buffer.byteLength(canonicalJson(body), 'utf8') > DEFINITION_LIMITS.maxBodyBytes) error(['body'], `The body is larger than ${DEFINITION_LIMITS.maxBodyBytes} bytes; keep a custom action's body small.`);
  if (body && depthOf(body) > DEFINITION_LIMITS.maxBodyDepth) error(['body'], `The body nests deeper than ${DEFINITION_LIMITS.maxBodyDepth} levels.`);
  switch (entry.body.kind) {
    case 'none':
      if (hasBody) error(['body'], `${request} takes no body: remove body.`);
      return;
    case 'reference': {
      const example = `{"@odata.id": "${REFERENCE_URL_PREFIX}{{member}}"}`;
      const keys = Object.keys(body ?? {});
      const reference = body?.['@odata.id'];
      const name = typeof reference === 'string' && reference.startsWith(REFERENCE_URL_PREFIX) ? wholePlaceholder(reference.slice(REFERENCE_URL_PREFIX.length)) : undefined;
      if (keys.length !== 1 || !name) {
        error(['body'], `${request} takes exactly this body: ${example}, where member is a parameter of type user.`);
        checkBodyVariables(body, parameters, used, error);
        return;
      }
      used.add(name);
      const parameter = parameters.get(name);
      if (!parameter) error(['body', '@odata.id'], `The body uses {{${name}}}, but no parameter named ${name} is declared. Declare it under parameters (type: user).`);
      else if (parameter.type !== 'user') error(['body', '@odata.id'], `{{${name}}} names the user to add, so ${name} must be a parameter of type user (it is ${parameter.type}).`);
      else if (!parameter.required) error(['body', '@odata.id'], `{{${name}}} names the user to add, so ${name} must be required.`);
      return;
    }
    case 'properties': {
      if (!hasBody) {
        error(['body'], `A ${entry.method} needs a body with the properties it changes, e.g. ${example(entry.body.properties[0] ?? 'property')}. ${request} may set: ${entry.body.properties.join(', ')}.`);
        return;
      }
      const allowed = new Set<string>(entry.body.properties);
      const reported = new Set<string>();
      for (const leaf of leafPaths(body)) {
        const text = leaf.filter((s): s is string => typeof s === 'string').join('/');
        if (allowed.has(text) || reported.has(text)) continue;
        reported.add(text);
        const annotation = leaf.find((s) => typeof s === 'string' && s.startsWith('@odata.'));
        const spelling = entry.body.properties.find((p) => p.toLowerCase() === text.toLowerCase());
        error(
          ['body', ...leaf],
          annotation
            ? `The body can't carry "${annotation}": a custom action sets plain properties only.`
            : spelling
              ? `Write "${spelling}" as Graph spells it, not "${text}".`
              : `The body can't set "${text}": ${request} lets a custom action set only ${entry.body.properties.join(', ')}.`,
        );
      }
      checkBodyVariables(body, parameters, used, error);
      return;
    }
  }
}

/** Every {{variable}} in the body is a declared parameter, and user parameters stay in user slots. */
function checkBodyVariables(
  body: JsonObject | undefined,
  parameters: ReadonlyMap<string, CustomActionParameter>,
  used: Set<string>,
  error: (path: FieldPath, message: string) => void,
): void {
  if (!body) return;
  for (const { at, text } of stringsIn(body)) {
    const scan = scanPlaceholders(text);
    for (const problem of scan.problems) error(['body', ...at], problem);
    for (const name of scan.names) {
      used.add(name);
      const parameter = parameters.get(name);
      if (!parameter) error(['body', ...at], `The body uses {{${name}}} at ${describeLocation(at)}, but no parameter named ${name} is declared. Declare it under parameters, or remove it.`);
      else if (parameter.type === 'user' && at[0] !== '@odata.id') error(['body', ...at], `${name} is a user parameter, which only fits where the request names a user (a member to add or remove).`);
    }
  }
}

function checkWhoMayRun(definition: CustomActionDefinition, error: (path: FieldPath, message: string) => void): void {
  const who = definition.whoMayRun;
  if ((who.grantIncludes || who.operators) && !who.roles.includes('operator')) {
    error(['whoMayRun', 'roles'], 'grantIncludes and operators choose which operators may run it, so add operator to roles.');
  }
}

/** Titles, descriptions and literal body text must not hold a password or token (DESIGN.md §6.1). */
function checkNoSecrets(definition: CustomActionDefinition, error: (path: FieldPath, message: string) => void): void {
  const texts: Array<{ path: FieldPath; text: string }> = [
    { path: ['title'], text: definition.title },
    { path: ['description'], text: definition.description },
    ...(definition.body ? stringsIn(definition.body).map(({ at, text }) => ({ path: ['body', ...at], text })) : []),
    ...definition.parameters.flatMap((parameter, index) => [
      { path: ['parameters', index, 'description'], text: parameter.description },
      ...(typeof parameter.default === 'string' ? [{ path: ['parameters', index, 'default'], text: parameter.default }] : []),
    ]),
  ];
  for (const { path, text } of texts) {
    const literal = text.replace(/\{\{[^{}]*\}\}/g, ' ');
    if (maskSecretsInText(literal) !== literal) error(path, 'This looks like a password or token. A custom action never carries secrets.');
  }
}

/** Leaf property paths of a body: objects are walked, a value or a list of values is a leaf. */
function leafPaths(value: JsonValue, at: BodyLocation = []): BodyLocation[] {
  if (Array.isArray(value)) {
    const objects = value.filter((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
    return objects.length === 0 ? [at] : objects.flatMap((item) => leafPaths(item, at));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [at] : entries.flatMap(([key, item]) => leafPaths(item, [...at, key]));
  }
  return [at];
}

function depthOf(value: JsonValue): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

function describeLocation(at: BodyLocation): string {
  return at.length === 0 ? 'the body' : `body › ${at.map((s) => (typeof s === 'number' ? `item ${s + 1}` : s)).join(' › ')}`;
}

function example(property: string): string {
  const parts = property.split('/');
  const leaf = parts[parts.length - 1] as string;
  return parts.reduceRight<string>((inner, part) => `{"${part}": ${inner}}`, `"{{${leaf}}}"`);
}
