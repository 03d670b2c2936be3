/**
 * Reviewed definitions (custom actions, workflows) → card views, in words: states ("Published,
 * version 2"), who changed what and when, who decided a version, and the buttons a viewer can
 * use (the service decides again on every click).
 */
import type { CardFact, DefinitionButton, DefinitionHistoryEntryView, DefinitionRowView } from '../../cards';
import { describePerson, type Person } from '../../services/access/actor';
import type { DefinitionHistoryEntry, DefinitionState, DefinitionSummary, DefinitionVersion } from '../../services/definitions/definition-lifecycle.types';

/** Who is looking at the card, for leaving out buttons they can't use. */
export interface DefinitionViewer {
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

const STATE_WORDS: Record<DefinitionState, string> = {
  draft: 'a draft',
  submitted: "waiting for a second admin's approval",
  approved: 'approved, ready to publish',
  published: 'published',
  disabled: 'disabled',
  superseded: 'replaced by a newer version',
};

/** "Published, version 2" and, when a newer version is being worked on, a line about it. */
export function stateWords(summary: Pick<DefinitionSummary<unknown>, 'live' | 'open'>): { state: string; detail?: string } {
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
export function versionLine(version: DefinitionVersion<unknown>, summary: Pick<DefinitionSummary<unknown>, 'live' | 'open'>): string {
  const words = summary.open === version ? OPEN_WORDS[version.state as 'draft'] : (LIVE_WORDS as Record<string, string>)[version.state] ?? STATE_WORDS[version.state];
  const other = summary.open === version && summary.live ? ` (version ${summary.live.version} stays ${STATE_WORDS[summary.live.state]} meanwhile)` : '';
  return `Version ${version.version} · ${words}${other}`;
}

function involved(version: DefinitionVersion<unknown>, viewer: DefinitionViewer): boolean {
  const same = (person: Person | undefined): boolean => person !== undefined && person.userId.toLowerCase() === viewer.userId.toLowerCase();
  return version.authors.some(same) || same(version.submittedBy);
}

/** The next steps on an action for this viewer, most useful first; the service decides again on the click. */
export function buttonsFor(summary: Pick<DefinitionSummary<unknown>, 'live' | 'open'>, viewer: DefinitionViewer): DefinitionButton[] {
  const buttons: DefinitionButton[] = [];
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
export function workingVersion<TDefinition>(summary: Pick<DefinitionSummary<TDefinition>, 'live' | 'open'>): DefinitionVersion<TDefinition> | undefined {
  return summary.open ?? summary.live;
}

export function rowView(summary: DefinitionSummary<unknown>, lastChange: { who: Person; at: string } | undefined, viewer: DefinitionViewer): DefinitionRowView {
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

const EVENT_WORDS: Record<DefinitionHistoryEntry['event'], (version: number) => string> = {
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
export function historyEntriesView(entries: readonly DefinitionHistoryEntry[]): DefinitionHistoryEntryView[] {
  return [...entries].reverse().map((entry) => ({
    at: entry.at,
    who: describePerson(entry.actor),
    what: EVENT_WORDS[entry.event](entry.version),
    changes: entry.changes,
    ...(entry.note ? { note: entry.event === 'rejected' || entry.event === 'disabled' ? `Reason: ${entry.note}` : entry.note } : {}),
  }));
}

/** Who wrote, submitted, approved, published and disabled a version, by name. */
export function decisionFacts(version: DefinitionVersion<unknown>): CardFact[] {
  const facts: CardFact[] = [{ label: 'Written by', value: version.authors.map(describePerson).join(', ') }];
  if (version.submittedBy) facts.push({ label: 'Submitted by', value: describePerson(version.submittedBy) });
  if (version.approvedBy) facts.push({ label: 'Approved by', value: `${describePerson(version.approvedBy)}${version.selfApproved ? ' (their own, under self-approve)' : ''}` });
  if (version.publishedBy) facts.push({ label: 'Published by', value: describePerson(version.publishedBy) });
  if (version.disabledBy) facts.push({ label: 'Disabled by', value: `${describePerson(version.disabledBy)}${version.disabledReason ? `: ${version.disabledReason}` : ''}` });
  return facts;
}
