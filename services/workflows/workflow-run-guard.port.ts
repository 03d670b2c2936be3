/**
 * Who may start, stop, retry and answer runs. The real implementation (with the chat wiring)
 * wraps AuthorizationService and the session guard:
 *
 * - `authorizeStart`: the actor holds the capability to run workflows (a new 'workflow.run'
 *   capability, adminOrOperator), the target is inside their scope for every built-in action
 *   step of the workflow (AuthorizationService.require(actor, actionId, target)), every custom
 *   action step is one they may run (CustomActionService.listRunnable), and the management
 *   session is ON (or auto-enable may turn it on). Throws AccessDeniedError / SessionError and
 *   audits its own refusals. Each action is authorized again when it runs (the action port).
 * - `isTenantAdmin`: RoleService.isTenantAdmin, for acting on someone else's run.
 * - `approvalsNeeded`: the titles of the chosen action steps that the tenant's rules send for a
 *   tenant admin's approval when this actor runs them (none for a tenant admin). The run then
 *   starts with an approval step that covers them (WorkflowRunService).
 */
import type { Actor } from '../access/actor';
import type { WorkflowDefinition } from './workflow.schema';
import type { WorkflowTrigger, WorkflowUser } from './workflow-run.types';

export interface WorkflowRunGuard {
  /** `optIn`: the optional steps chosen for this run; an optional step not chosen never runs, so it needs no authority. */
  authorizeStart(actor: Actor, workflow: WorkflowDefinition, target: WorkflowUser, options: { correlationId: string; trigger: WorkflowTrigger; optIn?: readonly string[] }): Promise<void>;
  isTenantAdmin(actor: Actor): Promise<boolean>;
  approvalsNeeded?(actor: Actor, workflow: WorkflowDefinition, optIn: readonly string[]): Promise<string[]>;
  /** The most users this actor may start a run for at once (an operator: the tenant's bulk approval size); undefined: no limit but the service's own. */
  batchLimit?(actor: Actor): Promise<number | undefined>;
}
