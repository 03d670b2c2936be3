/**
 * A workflow's approval step goes through the generic approval service (four-eyes, expiry,
 * durable follow-ups, cards to every tenant admin), as kind `workflow.step`. The request's payload
 * names the run, the step and the step's attempt; the kind's handler hands every decision (and
 * expiry, which is the step's timeout) back to the runner, which records it on the step and
 * resumes the run. Stale requests (an earlier attempt, a stopped run) change nothing.
 *
 * Named approvers: the approval service lets only tenant admins decide, so named approvers must
 * be tenant admins too. The workflow card's Approve / Reject call WorkflowRunService.decideApproval,
 * which refuses anyone not named before the approval service decides; an approval given by an
 * admin who is not named (e.g. from the generic `approvals` list) is not honoured: the step fails
 * with WORKFLOW.APPROVER_NOT_NAMED.
 */
import type { Actor } from '../access/actor';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { ApprovalDecision, ApprovalOutcome, ApprovalRequest } from '../approvals/approval-request';
import type { JsonObject } from '../ports/audit-log.port';

export const WORKFLOW_STEP_APPROVAL = 'workflow.step';

/** The approval service as workflows see it (ApprovalService satisfies it). */
export interface WorkflowApprovalDesk {
  create(actor: Actor, input: { kind: string; payload: JsonObject; expiresInMs?: number; correlationId?: string }): Promise<ApprovalRequest>;
  get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined>;
  listPending(tenantId: string, options?: { kind?: string }): Promise<ApprovalRequest[]>;
  decide(requestId: string, actor: Actor, decision: ApprovalDecision, options?: { correlationId?: string }): Promise<ApprovalOutcome>;
  cancel(requestId: string, actor: Actor, options?: { correlationId?: string }): Promise<unknown>;
  /** Expires overdue requests; their `onClosed` effects run before it returns. */
  expireDue(now?: Date): Promise<ApprovalRequest[]>;
}

/** What the payload of a `workflow.step` request names. */
export interface WorkflowApprovalSubject {
  runId: string;
  stepId: string;
  attempt: number;
}

/** Where decisions go: the runner (set once the runner exists; the registry is built first). */
export interface WorkflowApprovalReceiver {
  applyApprovalDecision(request: ApprovalRequest): Promise<void>;
}

export function approvalSubject(payload: JsonObject): WorkflowApprovalSubject | undefined {
  const { runId, stepId, attempt } = payload;
  if (typeof runId !== 'string' || typeof stepId !== 'string' || typeof attempt !== 'number') return undefined;
  return { runId, stepId, attempt };
}

/**
 * The `workflow.step` kind, registered with the approval service's registry in the composition
 * root. `receiver` is called late (the runner needs the approval service, which needs the
 * registry): an effect that runs before the runner exists throws, the approval service records
 * the failed effect, and WorkflowRunService.resumeAll / tick read the decision back.
 *
 * requestCapability: 'workflow.run' (tenant admins and operators): the run's requester is the
 * one asking, and may run workflows.
 */
export function workflowApprovalHandler(receiver: () => WorkflowApprovalReceiver | undefined): ApprovalKindHandler {
  const deliver = async (request: ApprovalRequest): Promise<void> => {
    const target = receiver();
    if (!target) throw Object.assign(new Error('workflows are not ready yet'), { code: 'WORKFLOW.NOT_READY' });
    await target.applyApprovalDecision(request);
  };
  return {
    kind: WORKFLOW_STEP_APPROVAL,
    requestCapability: 'workflow.run',
    validatePayload: (payload) => {
      if (!approvalSubject(payload)) throw new Error('payload must name runId, stepId and attempt');
    },
    onApproved: deliver,
    onClosed: deliver,
  };
}
