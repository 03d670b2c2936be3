/**
 * The shape of one management action. Adding an action is one module exporting an
 * ActionDefinition (plus its line in builtin-actions.ts and its catalog entry in
 * services/access/actions.ts, which grants and scopes derive from). The action only says what
 * it does to a target; resolution, authorization, the session, confirmation, exactly-once
 * execution and audit are ManagementActionService's job, identical for every action.
 */
import { MANAGEMENT_ACTIONS, type ManagementActionId } from '../access/actions';
import type { Directory } from '../ports/directory.port';

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
  /** One line, e.g. "Block sign-in for Adele Vance (adele@contoso.com)". */
  summary: string;
  /** What will follow, in plain words. */
  consequences: string[];
  /** Renders the confirm button as destructive. */
  destructive: boolean;
}

export interface ActionRunResult {
  /** One line for the result card, e.g. "Sign-in is blocked for adele@contoso.com." */
  summary: string;
}

export interface ActionDefinition {
  id: ManagementActionId;
  title: string;
  /** The Graph call and the permission the session's account needs for it. */
  graphPermission: string;
  describe(target: ActionTarget): ActionDescription;
  /** Makes the Graph call(s) through `directory`, which acts as the session's account. Throws DirectoryError. */
  run(directory: Directory, target: ActionTarget): Promise<ActionRunResult>;
  /**
   * Reads, as the bot's app, whether the change is in effect: used to settle a run whose outcome
   * is unknown (crash after the claim, or a timeout). Omit when the effect cannot be observed.
   */
  verify?(appDirectory: Directory, target: Pick<ActionTarget, 'tenantId' | 'userId'>): Promise<boolean>;
}

/** Title and permission from the shared action catalog, so the two never disagree. */
export function catalogEntry(id: ManagementActionId): { id: ManagementActionId; title: string; graphPermission: string } {
  const entry = MANAGEMENT_ACTIONS.find((action) => action.id === id);
  if (!entry) throw new Error(`Action ${id} is missing from services/access/actions.ts`);
  return { id, title: entry.title, graphPermission: entry.graphPermission };
}

export function describeTarget(target: ActionTarget): string {
  return `${target.displayName} (${target.upn})`;
}
