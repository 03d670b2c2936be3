/**
 * Custom actions → card views, in words: states ("Published, version 2"), who changed what and
 * when, the buttons a viewer can use (the service decides again on every click), the definition
 * as YAML for the edit form, and the sample target and values a preview starts from.
 */
import { stringify } from 'yaml';
import type { CardFact, CustomActionButton, CustomActionHistoryEntryView, CustomActionRowView, CustomActionSampleInputView } from '../../cards';
import { describePerson, type Actor, type Person } from '../../services/access/actor';
import { MANAGEMENT_ACTIONS } from '../../services/access/actions';
import type { CustomActionDefinition, CustomActionParameter } from '../../services/custom-actions/custom-action.schema';
import type { CustomActionHistoryEntry, CustomActionState, CustomActionSummary, CustomActionTargetRef, CustomActionVersion } from '../../services/custom-actions/custom-action.types';

/** Who is looking at the card, for leaving out buttons they can't use. */
export interface CustomActionViewer {
  userId: string;
  /** The tenant's policy is self-approve: a single admin may approve their own (the service checks there is one). */
  selfApprove: boolean;
}

const OPEN_WORDS: Record<'draft' | 'submitted' | 'approved', string> = {
  draft: 'Draft',
  submitted: "Waiting for a second admin's approval",
  approved: 'Approved by a second admin, ready to publish',
};

const LIVE_WORDS: Record<'published' | 'disabled', string> = {
  published: 'Published',
  disabled: 'Disabled',
};

const STATE_WORDS: Record<CustomActionState, string> = {
  draft: 'a draft',
  submitted: "waiting for a second admin's approval",
  approved: 'approved, ready to publish',
  published: 'published',
  disabled: 'disabled',
  superseded: 'replaced by a newer version',
};

/** "Published, version 2" and, when a newer version is being worked on, a line about it. */
export function stateWords(summary: Pick<CustomActionSummary, 'live' | 'open'>): { state: string; detail?: string } {
  const { live, open } = summary;
  if (live) {
    const state = `${LIVE_WORDS[live.state as 'published' | 'disabled']}, version ${live.version}`;
    if (!open) return { state };
    return { state, detail: `Version ${open.version} is ${STATE_WORDS[open.state]}; version ${live.version} stays ${STATE_WORDS[live.state]} until version ${open.version} is published.` };
  }
  if (open) return { state: open.version > 1 ? `${OPEN_WORDS[open.state as 'draft']}, version ${open.version}` : OPEN_WORDS[open.state as 'draft'] };
  return { state: 'Replaced by a newer version' };
}

/** "Version 2 · Waiting for a second admin's approval", for the preview. */
export function versionLine(version: CustomActionVersion, summary: Pick<CustomActionSummary, 'live' | 'open'>): string {
  const words = summary.open === version ? OPEN_WORDS[version.state as 'draft'] : (LIVE_WORDS as Record<string, string>)[version.state] ?? STATE_WORDS[version.state];
  const other = summary.open === version && summary.live ? ` (version ${summary.live.version} stays ${STATE_WORDS[summary.live.state]} meanwhile)` : '';
  return `Version ${version.version} · ${words}${other}`;
}

function involved(version: CustomActionVersion, viewer: CustomActionViewer): boolean {
  const same = (person: Person | undefined): boolean => person !== undefined && person.userId.toLowerCase() === viewer.userId.toLowerCase();
  return version.authors.some(same) || same(version.submittedBy);
}

/** The next steps on an action for this viewer, most useful first; the service decides again on the click. */
export function buttonsFor(summary: Pick<CustomActionSummary, 'live' | 'open'>, viewer: CustomActionViewer): CustomActionButton[] {
  const buttons: CustomActionButton[] = [];
  const { open, live } = summary;
  if (open?.state === 'draft') buttons.push('submit');
  if (open?.state === 'submitted') {
    if (!involved(open, viewer) || viewer.selfApprove) buttons.push('approve', 'reject');
    else buttons.push(open.submittedBy?.userId.toLowerCase() === viewer.userId.toLowerCase() ? 'withdraw' : 'reject');
  }
  if (open?.state === 'approved') buttons.push('publish');
  if (live?.state === 'published') buttons.push('disable');
  if (live?.state === 'disabled') buttons.push('enable');
  buttons.push('edit', 'preview', 'history');
  return buttons;
}

/** The version the buttons act on, and an edit starts from: the open one, else the live one. */
export function workingVersion(summary: Pick<CustomActionSummary, 'live' | 'open'>): CustomActionVersion | undefined {
  return summary.open ?? summary.live;
}

export function rowView(summary: CustomActionSummary, lastChange: { who: Person; at: string } | undefined, viewer: CustomActionViewer): CustomActionRowView {
  const working = workingVersion(summary);
  const fallback = working ? { who: working.updatedBy, at: working.updatedAt } : undefined;
  const changed = lastChange ?? fallback;
  return {
    name: summary.name,
    title: summary.title,
    ...stateWords(summary),
    changedBy: changed ? describePerson(changed.who) : 'nobody recorded',
    changedAt: changed?.at ?? '',
    ...(working ? { ref: { version: working.version, revision: working.revision } } : {}),
    buttons: buttonsFor(summary, viewer),
  };
}

const EVENT_WORDS: Record<CustomActionHistoryEntry['event'], (version: number) => string> = {
  created: (v) => `Created version ${v} as a draft`,
  edited: (v) => `Edited version ${v}`,
  newVersion: (v) => `Started version ${v} as a draft`,
  submitted: (v) => `Submitted version ${v} for approval`,
  withdrawn: (v) => `Withdrew version ${v} from approval (a draft again)`,
  rejected: (v) => `Rejected version ${v} (a draft again)`,
  approved: (v) => `Approved version ${v}`,
  published: (v) => `Published version ${v}`,
  superseded: (v) => `Version ${v} was replaced by a newer one`,
  disabled: (v) => `Disabled version ${v}`,
  enabled: (v) => `Enabled version ${v} again`,
};

/** The history, newest first, in words. */
export function historyEntriesView(entries: readonly CustomActionHistoryEntry[]): CustomActionHistoryEntryView[] {
  return [...entries].reverse().map((entry) => ({
    at: entry.at,
    who: describePerson(entry.actor),
    what: EVENT_WORDS[entry.event](entry.version),
    changes: entry.changes,
    ...(entry.note ? { note: entry.event === 'rejected' || entry.event === 'disabled' ? `Reason: ${entry.note}` : entry.note } : {}),
  }));
}

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
    { label: 'Written by', value: version.authors.map(describePerson).join(', ') },
  ];
  if (version.submittedBy) facts.push({ label: 'Submitted by', value: describePerson(version.submittedBy) });
  if (version.approvedBy) facts.push({ label: 'Approved by', value: `${describePerson(version.approvedBy)}${version.selfApproved ? ' (their own, under self-approve)' : ''}` });
  if (version.publishedBy) facts.push({ label: 'Published by', value: describePerson(version.publishedBy) });
  if (version.disabledBy) facts.push({ label: 'Disabled by', value: `${describePerson(version.disabledBy)}${version.disabledReason ? `: ${version.disabledReason}` : ''}` });
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
