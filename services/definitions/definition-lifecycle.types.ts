/**
 * Definitions that tenant admins write and a second tenant admin reviews (issue 14): custom
 * actions and workflows. A definition is a named series of versions. Each version moves through
 *   draft → submitted → approved → published → disabled ⇄ published,
 * and a published (or disabled) version becomes `superseded` when a newer version is published.
 * At most one version is open (draft, submitted or approved) and at most one is live (published
 * or disabled) at a time, so editing a published definition drafts version n+1 while version n
 * keeps running until n+1 is approved and published. Only a published version can be run.
 */
import type { Person } from '../access/actor';

export type DefinitionState = 'draft' | 'submitted' | 'approved' | 'published' | 'disabled' | 'superseded';

/** States of the version being worked on (at most one per definition). */
export const OPEN_STATES: readonly DefinitionState[] = ['draft', 'submitted', 'approved'];
/** States of the version people run (at most one per definition). */
export const LIVE_STATES: readonly DefinitionState[] = ['published', 'disabled'];

/** One version of a definition, as stored. */
export interface DefinitionVersion<TDefinition> {
  tenantId: string;
  /** The definition's stable id (slug), the same for all its versions. */
  name: string;
  /** 1, 2, … */
  version: number;
  state: DefinitionState;
  /** Bumped on every edit of this version's definition; an approval names the revision it saw. */
  revision: number;
  definition: TDefinition;
  createdBy: Person;
  createdAt: string;
  updatedBy: Person;
  updatedAt: string;
  /** Everyone who wrote this version's definition (created or edited it): none of them may approve it. */
  authors: Person[];
  submittedBy?: Person;
  submittedAt?: string;
  approvedBy?: Person;
  approvedAt?: string;
  /** True when the approver was an author, under a single-admin tenant's self-approve policy (DESIGN.md §6.4). */
  selfApproved?: boolean;
  publishedBy?: Person;
  publishedAt?: string;
  disabledBy?: Person;
  disabledAt?: string;
  disabledReason?: string;
  supersededAt?: string;
}

export type DefinitionEvent =
  | 'created'
  | 'edited'
  | 'newVersion'
  | 'submitted'
  | 'withdrawn'
  | 'rejected'
  | 'approved'
  | 'published'
  | 'superseded'
  | 'disabled'
  | 'enabled';

/** One line of a definition's history: who did what, when, and what changed. */
export interface DefinitionHistoryEntry {
  tenantId: string;
  name: string;
  version: number;
  /** UTC ISO-8601. */
  at: string;
  actor: Person;
  event: DefinitionEvent;
  fromState?: DefinitionState;
  toState: DefinitionState;
  /** The version's revision after the change. */
  revision: number;
  /** A diff summary in plain words, e.g. `path: /users/{id} → /users/{id}/mailboxSettings`. Empty for state changes. */
  changes: string[];
  /** A reason given (rejection, disabling) or a flag such as "self-approved under the self-approve policy". */
  note?: string;
  correlationId: string;
}

/** What a card lists for one definition: the version people run and the one being worked on. */
export interface DefinitionSummary<TDefinition> {
  tenantId: string;
  name: string;
  title: string;
  /** The published or disabled version, if any. */
  live?: DefinitionVersion<TDefinition>;
  /** The draft, submitted or approved version, if any. */
  open?: DefinitionVersion<TDefinition>;
}

/** Which content someone looked at: a version and its revision (both on every card). */
export interface VersionRef {
  version: number;
  revision: number;
}
