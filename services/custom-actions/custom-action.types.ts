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
import type { DefinitionEvent, DefinitionHistoryEntry, DefinitionState, DefinitionSummary, DefinitionVersion } from '../definitions/definition-lifecycle.types';
import type { JsonObject } from '../ports/audit-log.port';
import type { CustomActionDefinition } from './custom-action.schema';

export type { CustomActionDefinition } from './custom-action.schema';
export { LIVE_STATES, OPEN_STATES } from '../definitions/definition-lifecycle.types';

/** The lifecycle is the one every reviewed definition shares (services/definitions/definition-lifecycle.ts). */
export type CustomActionState = DefinitionState;
/** One version of a custom action, as stored. */
export type CustomActionVersion = DefinitionVersion<CustomActionDefinition>;
export type CustomActionEvent = DefinitionEvent;
/** One line of an action's history: who did what, when, and what changed. */
export type CustomActionHistoryEntry = DefinitionHistoryEntry;
/** What a card lists for one action: the version operators see and the one being worked on. */
export type CustomActionSummary = DefinitionSummary<CustomActionDefinition>;

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
