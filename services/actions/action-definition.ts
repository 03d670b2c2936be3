/**
 * The shape of one management action. Adding an action is one module exporting an
 * ActionDefinition (plus its line in builtin-actions.ts and its catalog entry in
 * services/access/actions.ts, which grants and scopes derive from). The action only says what
 * it does to a target; resolution, authorization, the session, confirmation, exactly-once
 * execution and audit are ManagementActionService's job, identical for every action.
 */
import { z } from 'zod';
import { MANAGEMENT_ACTIONS, type ManagementActionId, type RunnableActionId } from '../access/actions';
import type { Directory } from '../ports/directory.port';
import type { UserAdministration } from '../ports/user-administration.port';
import type { BatchableWrite } from './bulk/batchable-write';

/** The user an action is about, as the directory knew it when the action was prepared or re-checked. */
export interface ActionTarget {
  tenantId: string;
  userId: string;
  upn: string;
  displayName: string;
  accountEnabled: boolean;
}

/** What the confirmation card shows before anything happens. */
export interface ActionDescription {
  /** Before → after lines and other facts for the confirmation card, e.g. { label: 'Department', value: 'Sales → Marketing' }. */
  facts?: Array<{ label: string; value: string }>;
  /** One line, e.g. "Block sign-in for Adele Vance (adele@contoso.com)". */
  summary: string;
  /** What will follow, in plain words. */
  consequences: string[];
  /** Renders the confirm button as destructive. */
  destructive: boolean;
}

export interface ActionRunResult {
  /** One line for the result card, e.g. "Sign-in is blocked for adele@contoso.com." It is stored: never put a secret in it. */
  summary: string;
  /**
   * A secret the operator must see once (a temporary password). It goes to the result card of
   * the delivery that ran the action and nowhere else: never stored, logged or audited.
   */
  shownOnce?: ShownOnceSecret;
}

export interface ShownOnceSecret {
  /** e.g. "Temporary password". */
  label: string;
  value: string;
}

/** Inputs beyond the target user (the group of "add to group"), as stored with the pending action. No secrets. */
export type ActionParameters = Readonly<Record<string, string>>;

/** What an action's parameter rules may consult: the bot's own directory and how the actor was allowed. */
export interface ActionParameterContext {
  appDirectory: Directory;
  /** Profile, manager and licence reads as the bot's app (User.Read.All, Organization.Read.All), for before → after. */
  appUsers: UserAdministration;
  tenantId: string;
  /** Tenant admins may act on privileged objects (role-assignable groups); operators may not. */
  actorIsTenantAdmin: boolean;
  target: ActionTarget;
}

/** How dangerous an action is: the catalogue says it in words, and it sets the approval default. */
export type ActionRisk = 'low' | 'medium' | 'high';

/** The `actions` catalogue's groups, in the order it shows them. */
export const ACTION_CATEGORIES = ['Sign-in & sessions', 'Password & access', 'Groups & licences', 'Profile', 'Leavers', 'Custom actions'] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];

/** What `run` may call besides `directory`: Graph as the session's account. */
export interface ActionSessionContext {
  /** Profile, manager and licence calls as the session's account. */
  users: UserAdministration;
}

/** A parameter schema for actions that need nothing beyond the target user. */
export type ActionParameterSchema = z.ZodTypeAny;

export interface ActionDefinition {
  /** A built-in action, or `custom:<name>` for a published custom action (services/custom-actions). */
  id: RunnableActionId;
  title: string;
  /** The Graph call and the permission the session's account needs for it. */
  graphPermission: string;
  /** Where the `actions` catalogue lists it. */
  category: ActionCategory;
  /** One line for the catalogue: what it does, in words an operator uses. */
  description: string;
  risk: ActionRisk;
  /**
   * The default of the tenant's "needs approval" setting for this action: off except for risky
   * ones. Declared and shown in the catalogue; enforcing approval comes later.
   */
  approvalByDefault: boolean;
  /** Every Graph request the action makes, e.g. "PATCH /users/{id} (accountEnabled)", for the catalogue and the README. */
  graphCalls: readonly string[];
  /**
   * The typed parameter schema (zod) of the inputs beyond the target user. An action with inputs
   * parses them with it in `resolveParameters`, and parses its stored parameters again in `run`.
   */
  parameters: ActionParameterSchema;
  describe(target: ActionTarget, parameters: ActionParameters): ActionDescription;
  /** Makes the Graph call(s) through `directory`, which acts as the session's account. Throws DirectoryError. */
  run(directory: Directory, target: ActionTarget, parameters: ActionParameters, session: ActionSessionContext): Promise<ActionRunResult>;
  /** Words for a refusal Graph gave this action, when they say more than the generic ones (e.g. no usage location). */
  explainFailure?(error: unknown): string | undefined;
  /**
   * Reads, as the bot's app, whether the change is in effect: used to settle a run whose outcome
   * is unknown (crash after the claim, or a timeout). Omit when the effect cannot be observed.
   */
  verify?(appDirectory: Directory, target: Pick<ActionTarget, 'tenantId' | 'userId'>, parameters: ActionParameters): Promise<boolean>;
  /**
   * Turns typed input (e.g. `{ group: 'Sales' }` or a picked `{ groupId }`) into the parameters
   * stored with the pending action, applying the action's own rules. Called when the action is
   * prepared. Throws ActionError (a choice to make, a refusal).
   */
  resolveParameters?(context: ActionParameterContext, input: Readonly<Record<string, string>>): Promise<ActionParameters>;
  /** Judges stored parameters again when the action is confirmed (the directory may have changed). Throws ActionError. */
  recheckParameters?(context: ActionParameterContext, parameters: ActionParameters): Promise<void>;
  /**
   * The action's one Graph request per user, for bulk runs over `$batch` (bulk/batchable-write.ts).
   * Absent: the action runs on one user at a time only.
   */
  batch?: BatchableWrite;
  /**
   * The action shows a secret once (`ActionRunResult.shownOnce`): it runs only from the
   * operator's personal chat with the bot, so the secret reaches no one else.
   */
  showsSecretOnce?: boolean;
}

/** Title and permission from the shared action catalog, so the two never disagree. */
export function catalogEntry(id: ManagementActionId): { id: ManagementActionId; title: string; graphPermission: string } {
  const entry = MANAGEMENT_ACTIONS.find((action) => action.id === id);
  if (!entry) throw new Error(`Action ${id} is missing from services/access/actions.ts`);
  return { id, title: entry.title, graphPermission: entry.graphPermission };
}

/** Actions with no inputs beyond the target user. */
export const NO_PARAMETERS: ActionParameterSchema = z.object({});

export function describeTarget(target: ActionTarget): string {
  return `${target.displayName} (${target.upn})`;
}
