/**
 * The workflow engine's directory and start guard over the bot's own services:
 * - directory: the bot's app (Directory.getUser, UserAdministration.getManager, BulkTargetDirectory);
 * - guard: the person may run workflows (`workflow.run`), may run every built-in or custom action
 *   step of this workflow on this target (scope included, audited by the authorization service;
 *   an optional step counts only when it was chosen for the run),
 *   and the management session is ON (or auto-enable turns it on). Each action is authorized
 *   again when it runs (ManagementActionPort).
 */
import type { Actor } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { CapabilityId } from '../../services/access/capabilities';
import type { ActionApprovalRules } from '../../services/actions/action-approvals';
import type { ActionRegistry } from '../../services/actions/action-registry';
import type { SessionGuard } from '../../services/actions/management-action.service';
import type { BulkTargetDirectory } from '../../services/ports/bulk-target-directory.port';
import type { Directory, DirectoryUser } from '../../services/ports/directory.port';
import type { UserAdministration } from '../../services/ports/user-administration.port';
import type { WorkflowDirectory } from '../../services/workflows/workflow-directory.port';
import type { WorkflowRunGuard } from '../../services/workflows/workflow-run-guard.port';
import type { WorkflowTrigger, WorkflowUser } from '../../services/workflows/workflow-run.types';
import type { WorkflowDefinition } from '../../services/workflows/workflow.schema';

const toWorkflowUser = (user: DirectoryUser): WorkflowUser => ({ userId: user.id, upn: user.userPrincipalName, displayName: user.displayName, ...(user.department ? { department: user.department } : {}) });

export function workflowDirectory(deps: { directory: Directory; users: Pick<UserAdministration, 'getManager'>; bulk: BulkTargetDirectory }): WorkflowDirectory {
  return {
    findUser: async (tenantId, idOrUpn) => {
      const user = await deps.directory.getUser(tenantId, idOrUpn);
      return user ? toWorkflowUser(user) : undefined;
    },
    getManager: async (tenantId, userId) => {
      const manager = await deps.users.getManager(tenantId, userId);
      return manager ? { userId: manager.id, upn: manager.userPrincipalName, displayName: manager.displayName } : undefined;
    },
    listUsersInDepartment: async (tenantId, department) => (await deps.bulk.listUsersInDepartment(tenantId, department)).map(toWorkflowUser),
    findGroupsByName: async (tenantId, name) => (await deps.bulk.findGroupsByName(tenantId, name)).map((group) => ({ id: group.id, displayName: group.displayName })),
    listGroupUsers: async (tenantId, groupId) => (await deps.bulk.listGroupUsers(tenantId, groupId)).map(toWorkflowUser),
  };
}

export interface WorkflowRunGuardDependencies {
  authorization: Pick<AuthorizationService, 'require'>;
  sessions: SessionGuard;
  isTenantAdmin(tenantId: string, userId: string): Promise<boolean>;
  /** The tenant's approval rules for operators' runs (`action approvals`). Absent: no action needs approval. */
  approvalRules?: Pick<ActionApprovalRules, 'requiresApproval'> & Partial<Pick<ActionApprovalRules, 'bulkThreshold'>>;
  /** The built-in actions (their titles and default approval). */
  registry?: Pick<ActionRegistry, 'get'>;
  /** The tenant's custom actions: a published high-risk one needs approval by default, as ManagementActionService decides. */
  customActions?: { get(tenantId: string, name: string): Promise<{ title: string; live?: { definition: { risk: string } } } | undefined> };
}

export function workflowRunGuard(deps: WorkflowRunGuardDependencies): WorkflowRunGuard {
  return {
    authorizeStart: async (actor: Actor, workflow: WorkflowDefinition, target: WorkflowUser, options: { correlationId: string; trigger: WorkflowTrigger; optIn?: readonly string[] }) => {
      await deps.authorization.require(actor, 'workflow.run', undefined, { correlationId: options.correlationId });
      const chosen = new Set(options.optIn ?? []);
      const actionIds = new Set(workflow.steps.flatMap((step) => (step.kind === 'action' && (!step.optional || chosen.has(step.id)) ? [step.action] : [])));
      for (const actionId of actionIds) await deps.authorization.require(actor, actionId as CapabilityId, { userId: target.userId }, { correlationId: options.correlationId });
      await deps.sessions.requireActiveSession(actor.tenantId, actor, { correlationId: options.correlationId });
    },
    isTenantAdmin: (actor: Actor) => deps.isTenantAdmin(actor.tenantId, actor.userId),
    // As ManagementActionService decides it for each action: tenant admins never need one; an operator's action needs one when the tenant's rule (or the action's default) says so.
    // An operator's run for many users at once is a bulk action: above the tenant's bulk approval size it is a tenant admin's to start.
    batchLimit: async (actor: Actor) => (deps.approvalRules?.bulkThreshold && !(await deps.isTenantAdmin(actor.tenantId, actor.userId)) ? deps.approvalRules.bulkThreshold(actor.tenantId) : undefined),
    approvalsNeeded: async (actor: Actor, workflow: WorkflowDefinition, optIn: readonly string[]) => {
      const rules = deps.approvalRules;
      if (!rules || (await deps.isTenantAdmin(actor.tenantId, actor.userId))) return [];
      const chosen = new Set(optIn);
      const titles = new Set<string>();
      for (const step of workflow.steps) {
        if (step.kind !== 'action' || (step.optional && !chosen.has(step.id))) continue;
        const builtIn = deps.registry?.get(step.action);
        const custom = builtIn || !step.action.startsWith('custom:') ? undefined : await deps.customActions?.get(actor.tenantId, step.action.slice('custom:'.length)).catch(() => undefined);
        const byDefault = builtIn ? builtIn.approvalByDefault : custom?.live?.definition.risk === 'high';
        if (rules.requiresApproval(actor.tenantId, step.action, byDefault)) titles.add(builtIn?.title ?? custom?.title ?? step.title ?? step.action.replace(/^custom:/, ''));
      }
      return [...titles];
    },
  };
}
