/**
 * A prepared management action waiting for its confirmation: the server-side record behind
 * the confirmation card. The card carries only its id; who, what and on whom are read from
 * here, never from card data.
 *
 * States: pending → running (claimed by exactly one delivery of the confirmation) → done |
 * failed | unknown; pending → denied (authorization changed before execution).
 */
import type { RunnableActionId } from '../access/actions';
import type { Person, SessionPrincipal } from '../sessions/session.types';

export type PendingActionState = 'pending' | 'running' | 'done' | 'failed' | 'denied' | 'unknown';

export interface PendingActionTarget {
  userId: string;
  upn: string;
  displayName: string;
}

export interface PendingActionResult {
  /** Stable code when not done: ACTION.*, DIRECTORY.*, SESSION.*, ACCESS.* */
  code?: string;
  summary: string;
  /** True when the outcome was settled after an interruption rather than by the run itself. */
  reconciled?: boolean;
}

export interface PendingAction {
  id: string;
  tenantId: string;
  /** The operator who prepared it; only they can confirm it. */
  actor: Person;
  actionId: RunnableActionId;
  target: PendingActionTarget;
  /** Inputs beyond the target (e.g. the group picked), resolved when prepared. Never a secret. */
  parameters?: Readonly<Record<string, string>>;
  /** Shared by the prepare, the execution and their audit records. */
  correlationId: string;
  createdAt: string;
  expiresAt: string;
  state: PendingActionState;
  claimId?: string;
  claimedAt?: string;
  /** The account whose token the Graph call carried (set when claimed). */
  principal?: SessionPrincipal;
  autoEnabled?: boolean;
  completedAt?: string;
  result?: PendingActionResult;
  /**
   * The tenant admin's approval this action waits for or was given (an approval request of kind
   * `action.run`), when the tenant requires approval for it. The approval service holds its state.
   */
  approvalRequestId?: string;
  /**
   * Set by an unattended caller (a workflow step, a playbook remediation): the key under which
   * the action is run at most once per tenant (ManagementActionService.runOnce).
   */
  idempotencyKey?: string;
}
