/**
 * How the workflow engine runs an action step (and a compensation): one call per step attempt,
 * on the run's one target user, for the run's requester.
 *
 * The real implementation (bot/automation/management-action-port.ts) goes through
 * ManagementActionService, exactly as a chat command does: the session guard (management must be
 * ON; auto-enable applies), authorization of `request.requester` for `actionId` with the target
 * in their scope (checked at each call, not only when the run started), the tenant's approval
 * rules, exactly-once execution as the session's account, and the action's own audit record.
 * `custom:<name>` goes through CustomActionService's run path the same way (published only).
 *
 * Contract:
 * - `idempotencyKey` is `${runId}:${stepId}` (first attempt), `${runId}:${stepId}:${attempt}` on
 *   a retry, `${runId}:${stepId}:compensate` for a compensation. The port must make a second call
 *   with the same key change the tenant at most once (ManagementActionService's idempotency by
 *   key), and answer it with the first call's outcome. After a crash the engine settles a claimed
 *   step with `resume` (the same key again, the port's exactly-once store deciding), else with
 *   `verify`, else as "outcome unknown"; it never sends a key a second time through `run`. A
 *   retry (a person's decision) uses a new key.
 * - Refusals (session off, not in scope, approval needed, Graph 403/404/400, throttled) are
 *   returned as `failed` with the stable code and a one-line summary — not thrown. A throw is
 *   read as "it may or may not have happened" (`unknown`), like a timeout or a 5xx.
 * - A secret the action produces (the temporary password of user.resetPassword, a Temporary
 *   Access Pass) is delivered by the port itself, once, to `request.requester` only (a shown-once
 *   card in their personal chat). The result carries only its label in `shownOnce`: the engine
 *   stores, audits and shows results, so a secret must never reach it. `summary` must not
 *   contain one either (the engine masks anything secret-shaped as a safety net).
 * - `parameters` are the step's parameters with every `{{…}}` filled, as the typed input of the
 *   action's `resolveParameters` (workflow-action-inputs.ts lists them per action).
 */
import type { Actor } from '../access/actor';
import type { WorkflowUser } from './workflow-run.types';

export interface WorkflowActionRequest {
  tenantId: string;
  runId: string;
  stepId: string;
  /** 'step' for the step's own action, 'compensation' for its declared undo. */
  purpose: 'step' | 'compensation';
  /** Who the run acts for; authorized by the port at each call. */
  requester: Actor;
  /** A built-in action id (services/access/actions.ts) or `custom:<name>`. */
  actionId: string;
  target: WorkflowUser;
  parameters: Readonly<Record<string, string>>;
  idempotencyKey: string;
  correlationId: string;
  /**
   * The approval request of an earlier approval step that covers this run's actions (approved):
   * an action the tenant's rules send for approval runs on it instead of asking again. The port
   * checks it is approved, by another person, for this very run.
   */
  coveringApprovalRequestId?: string;
}

export interface WorkflowActionResult {
  status: 'succeeded' | 'failed' | 'unknown';
  /** One line for the run card, e.g. "Sign-in is blocked for adele@contoso.com." Never a secret. */
  summary: string;
  /** Stable code when not succeeded (ACTION.*, ACCESS.*, SESSION.*, DIRECTORY.*). */
  code?: string;
  /** A secret was shown once to the requester by the port: only its label, never its value. */
  shownOnce?: { label: string };
}

export interface WorkflowActionPort {
  /** Runs the action once for this key. Never throws for a refusal (see the contract above). */
  run(request: WorkflowActionRequest): Promise<WorkflowActionResult>;
  /**
   * After a crash left this key's call claimed but unsettled: reads (as the bot's app) whether
   * the change is in effect — `succeeded` when it is, `failed` when it is not, `unknown` when the
   * action's effect cannot be read (revoke sessions, reset password) or the read failed. Must not
   * change the tenant. Omitted: every interrupted call is settled as outcome unknown.
   */
  verify?(request: WorkflowActionRequest): Promise<WorkflowActionResult>;
  /**
   * After a crash left this key's call claimed but unsettled, for a port whose store is exactly
   * once per key: answers the key from that store, knowing the process that made the call is gone.
   * Never sent → runs it now (the step picks up where the dead process stopped); settled → the
   * stored answer; sent but unsettled → read back as `verify` would, never sent again. Preferred
   * over `verify` when present.
   */
  resume?(request: WorkflowActionRequest): Promise<WorkflowActionResult>;
}
