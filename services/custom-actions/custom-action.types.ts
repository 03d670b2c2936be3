/**
 * Custom actions (issue 14): Graph requests a tenant admin defines, a second tenant admin
 * approves, and operators run on one user or group inside their scope.
 *
 * A custom action is a named series of versions. Each version moves through
 *   draft → submitted → approved → published → disabled ⇄ published,
 * and a published (or disabled) version becomes `superseded` when a newer version is published.
 * At most one version is open (draft, submitted or approved) and at most one is live (published
 * or disabled) at a time, so editing a published action drafts version n+1 while version n keeps
 * running until n+1 is approved and published. Only a published version can be run or delegated.
 */
import type { Person } from '../access/actor';
import type { JsonObject } from '../ports/audit-log.port';
import type { CustomActionDefinition } from './custom-action.schema';

export type { CustomActionDefinition } from './custom-action.schema';

export type CustomActionState = 'draft' | 'submitted' | 'approved' | 'published' | 'disabled' | 'superseded';

/** States of the version being worked on (at most one per action). */
export const OPEN_STATES: readonly CustomActionState[] = ['draft', 'submitted', 'approved'];
/** States of the version operators see (at most one per action). */
export const LIVE_STATES: readonly CustomActionState[] = ['published', 'disabled'];

/** One version of a custom action, as stored. */
export interface CustomActionVersion {
  tenantId: string;
  /** The action's stable id (slug), the same for all its versions. */
  name: string;
  /** 1, 2, … */
  version: number;
  state: CustomActionState;
  /** Bumped on every edit of this version's definition; an approval names the revision it saw. */
  revision: number;
  definition: CustomActionDefinition;
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

export type CustomActionEvent =
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

/** One line of an action's history: who did what, when, and what changed. */
export interface CustomActionHistoryEntry {
  tenantId: string;
  name: string;
  version: number;
  /** UTC ISO-8601. */
  at: string;
  actor: Person;
  event: CustomActionEvent;
  fromState?: CustomActionState;
  toState: CustomActionState;
  /** The version's revision after the change. */
  revision: number;
  /** A diff summary in plain words, e.g. `path: /users/{id} → /users/{id}/mailboxSettings`. Empty for state changes. */
  changes: string[];
  /** A reason given (rejection, disabling) or a flag such as "self-approved under the self-approve policy". */
  note?: string;
  correlationId: string;
}

/** What a card lists for one action: the version operators see and the one being worked on. */
export interface CustomActionSummary {
  tenantId: string;
  name: string;
  title: string;
  /** The published or disabled version, if any. */
  live?: CustomActionVersion;
  /** The draft, submitted or approved version, if any. */
  open?: CustomActionVersion;
}

/** A published version, as `requireRunnable` hands it to the runner. */
export interface RunnableCustomAction {
  tenantId: string;
  name: string;
  version: number;
  definition: CustomActionDefinition;
  approvedBy: Person;
  publishedAt: string;
}

/** The target a preview or a run acts on: an object id (or a user principal name for users). */
export interface CustomActionTargetRef {
  id: string;
  displayName?: string;
  upn?: string;
}

/** The exact Graph request a custom action makes for one target. */
export interface CustomActionRequest {
  method: CustomActionDefinition['method'];
  /** Absolute, e.g. https://graph.microsoft.com/v1.0/users/<id>/mailboxSettings. */
  url: string;
  /** Relative to /v1.0, e.g. /users/<id>/mailboxSettings. */
  path: string;
  /** The JSON body with parameters substituted (numbers and booleans keep their types). */
  body?: JsonObject;
  headers: Record<string, string>;
}
