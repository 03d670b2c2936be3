/**
 * Custom actions → card views, in words: states ("Published, version 2"), who changed what and
 * when, the buttons a viewer can use (the service decides again on every click), the definition
 * as YAML for the edit form, and the sample target and values a preview starts from.
 */
import { stringify } from 'yaml';
import type { CardFact, CustomActionSampleInputView } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { MANAGEMENT_ACTIONS } from '../../services/access/actions';
import type { CustomActionDefinition, CustomActionParameter } from '../../services/custom-actions/custom-action.schema';
import type { CustomActionTargetRef, CustomActionVersion } from '../../services/custom-actions/custom-action.types';
import { decisionFacts, type DefinitionViewer } from '../shared/definition-views';

export { buttonsFor, historyEntriesView, rowView, stateWords, versionLine, workingVersion } from '../shared/definition-views';
/** Who is looking at the card, for leaving out buttons they can't use. */
export type CustomActionViewer = DefinitionViewer;

const TYPE_WORDS: Record<CustomActionParameter['type'], string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  enum: 'one of a list',
  user: 'a user',
};

const ACTION_TITLES = new Map<string, string>(MANAGEMENT_ACTIONS.map((action) => [action.id, action.title]));

/** "Tenant admins and operators whose grant includes Update profile fields". */
export function whoMayRunWords(definition: Pick<CustomActionDefinition, 'whoMayRun'>): string {
  const who = definition.whoMayRun;
  const parts: string[] = [];
  if (who.roles.includes('tenantAdmin')) parts.push('tenant admins');
  if (who.roles.includes('operator')) {
    const narrowing = [
      who.grantIncludes ? `whose grant includes ${who.grantIncludes.map((id) => ACTION_TITLES.get(id) ?? id).join(' or ')}` : '',
      who.operators ? `named in it (${who.operators.length === 1 ? '1 operator' : `${who.operators.length} operators`})` : '',
    ].filter(Boolean);
    parts.push(narrowing.length > 0 ? `operators ${narrowing.join(' and ')}, on users in their scope` : 'operators, on users in their scope');
  }
  const text = parts.join(' and ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a preview shows about a version besides its request. */
export function previewFacts(version: CustomActionVersion): CardFact[] {
  const definition = version.definition;
  const facts: CardFact[] = [
    { label: 'Request', value: `${definition.method} ${definition.path}` },
    { label: 'Acts on', value: definition.target === 'user' ? 'One user' : 'One group' },
    { label: 'Who may run it', value: whoMayRunWords(definition) },
    { label: 'Risk', value: definition.risk.charAt(0).toUpperCase() + definition.risk.slice(1) },
    ...decisionFacts(version),
  ];
  return facts;
}

/** A group's stand-in until the viewer types a real one on the preview card. */
export const SAMPLE_GROUP_ID = 'sample-group-id';

/** The sample target: the viewer themselves for a user action (a user of this tenant), a stand-in for a group. */
export function sampleTarget(definition: Pick<CustomActionDefinition, 'target'>, actor: Actor, typed?: string): CustomActionTargetRef {
  const text = typed?.trim();
  if (text) return { id: text };
  if (definition.target === 'group') return { id: SAMPLE_GROUP_ID };
  return { id: actor.upn ?? actor.userId, ...(actor.upn ? { upn: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}) };
}

/** A value of the parameter's type to show the request with: its default, the first choice, the viewer, or a plain example. */
export function sampleValue(parameter: CustomActionParameter, actor: Actor): string {
  if (parameter.default !== undefined) return String(parameter.default);
  switch (parameter.type) {
    case 'enum':
      return parameter.values?.[0] ?? '';
    case 'number':
      return '1';
    case 'boolean':
      return 'true';
    case 'user':
      return actor.upn ?? actor.userId;
    case 'string':
      return 'example';
  }
}

/** The sample values: typed ones where the card sent them, else samples. */
export function sampleValues(definition: Pick<CustomActionDefinition, 'parameters'>, actor: Actor, typed: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(definition.parameters.map((parameter) => [parameter.name, typed[parameter.name] ?? sampleValue(parameter, actor)]));
}

export function sampleInputs(definition: Pick<CustomActionDefinition, 'parameters'>, values: Readonly<Record<string, string>>): CustomActionSampleInputView[] {
  return definition.parameters.map((parameter) => ({
    name: parameter.name,
    label: `${parameter.name} (${TYPE_WORDS[parameter.type]}${parameter.type === 'enum' && parameter.values ? `: ${parameter.values.join(', ')}` : ''}, ${parameter.required ? 'required' : 'optional'})${parameter.description ? `: ${parameter.description}` : ''}`,
    value: values[parameter.name] ?? '',
  }));
}

/** "For the sample user Ada Admin (ada@contoso.com), with costCenter example, it makes this request:". */
export function sampleSentence(definition: Pick<CustomActionDefinition, 'target' | 'parameters'>, target: CustomActionTargetRef, values: Readonly<Record<string, string>>): string {
  const who = definition.target === 'user' ? `the sample user ${target.displayName && target.upn ? `${target.displayName} (${target.upn})` : target.id}` : `the sample group ${target.id}`;
  const given = definition.parameters.map((parameter) => `${parameter.name} ${values[parameter.name] === undefined || values[parameter.name] === '' ? 'left out' : `"${values[parameter.name]}"`}`);
  return `For ${who}${given.length > 0 ? `, with ${given.join(', ')}` : ''}, it makes this request:`;
}

/**
 * The definition as YAML for the edit form, in the order admins write it, without the fields
 * that only repeat a default (an empty description, `required: true`), so it reads like what
 * was pasted. Parsing it again gives the same definition.
 */
export function definitionText(definition: CustomActionDefinition): string {
  const { description, parameters, ...rest } = definition;
  const ordered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...rest, description, parameters })) {
    if (key === 'description' && value === '') continue;
    if (key === 'parameters' && Array.isArray(value) && value.length === 0) continue;
    if (value === undefined) continue;
    ordered[key] = key === 'parameters' ? parameters.map(parameterForText) : value;
  }
  const order = ['name', 'title', 'description', 'target', 'method', 'path', 'body', 'parameters', 'whoMayRun', 'risk'];
  const sorted = Object.fromEntries(order.filter((key) => key in ordered).map((key) => [key, ordered[key]]));
  return stringify(sorted, { lineWidth: 0 });
}

function parameterForText(parameter: CustomActionParameter): Record<string, unknown> {
  const { required, description, ...rest } = parameter;
  return { ...rest, ...(required ? {} : { required: false }), ...(description ? { description } : {}) };
}
