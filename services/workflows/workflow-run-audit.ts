/**
 * The audit records of workflow runs, each written exactly once: the run's start, every step's
 * result (skips included, with why), every compensation, and the run's end. A result is stored
 * with "audit owed" first and marked audited after its record is appended, so a crash in between
 * is found again on resume (the bulk runner's rule). Ids, codes and counts only: never an input's
 * free text beyond its name, never a secret (a shown-once secret is only ever a label here).
 */
import { toPerson, type Person } from '../access/actor';
import type { AuditEntry, AuditTarget } from '../ports/audit-log.port';
import { auditDetails } from '../sessions/session-audit';
import type { WorkflowRun, WorkflowRunStep } from './workflow-run.types';
import type { WorkflowStep } from './workflow.schema';

export const WORKFLOW_AUDIT_ACTIONS = {
  start: 'workflow.run.start',
  step: 'workflow.step',
  compensate: 'workflow.step.compensate',
  end: 'workflow.run.end',
  stop: 'workflow.run.stop',
  retry: 'workflow.run.retry',
  batch: 'workflow.batch.start',
} as const;

function targetOf(run: WorkflowRun): AuditTarget {
  return { type: 'user', id: run.target.userId, upn: run.target.upn, displayName: run.target.displayName };
}

export function runStartEntry(run: WorkflowRun): AuditEntry {
  return {
    tenantId: run.tenantId,
    actor: toPerson(run.requester),
    action: WORKFLOW_AUDIT_ACTIONS.start,
    target: targetOf(run),
    result: { outcome: 'ok' },
    correlationId: run.correlationId,
    details: auditDetails({
      runId: run.id,
      workflow: run.workflowName,
      trigger: run.trigger,
      batchId: run.batchId,
      steps: run.definition.steps.length,
      optIn: run.optIn.length > 0 ? run.optIn.join(',') : undefined,
      inputs: Object.keys(run.inputs).length > 0 ? Object.keys(run.inputs).join(',') : undefined,
    }),
  };
}

export function stepEntry(run: WorkflowRun, step: WorkflowRunStep, definition: WorkflowStep | undefined): AuditEntry {
  const failed = step.status === 'failed' || step.status === 'unknown';
  return {
    tenantId: run.tenantId,
    actor: toPerson(run.requester),
    action: WORKFLOW_AUDIT_ACTIONS.step,
    target: targetOf(run),
    result: failed ? { outcome: 'failed', code: step.code ?? (step.status === 'unknown' ? 'WORKFLOW.OUTCOME_UNKNOWN' : 'WORKFLOW.STEP_FAILED') } : { outcome: 'ok' },
    correlationId: run.correlationId,
    details: auditDetails({
      runId: run.id,
      workflow: run.workflowName,
      stepId: step.stepId,
      kind: step.kind,
      actionId: definition?.kind === 'action' ? definition.action : undefined,
      status: step.status,
      code: step.code,
      attempt: step.attempt,
      reconciled: step.reconciled || undefined,
      decision: step.decision,
      decidedBy: step.decidedBy?.userId,
      approvalRequestId: step.approvalRequestId,
      answer: step.answer,
      shownOnceTo: step.shownOnceLabel ? 'requester' : undefined,
    }),
  };
}

export function compensationEntry(run: WorkflowRun, step: WorkflowRunStep, definition: WorkflowStep | undefined): AuditEntry {
  const compensation = step.compensation;
  const ok = compensation?.status === 'succeeded';
  return {
    tenantId: run.tenantId,
    actor: toPerson(run.requester),
    action: WORKFLOW_AUDIT_ACTIONS.compensate,
    target: targetOf(run),
    result: ok ? { outcome: 'ok' } : { outcome: 'failed', code: compensation?.code ?? 'WORKFLOW.OUTCOME_UNKNOWN' },
    correlationId: run.correlationId,
    details: auditDetails({
      runId: run.id,
      workflow: run.workflowName,
      stepId: step.stepId,
      actionId: definition?.kind === 'action' ? definition.compensate?.action : undefined,
      status: compensation?.status,
      reconciled: compensation?.reconciled || undefined,
    }),
  };
}

export function runEndEntry(run: WorkflowRun, steps: readonly WorkflowRunStep[]): AuditEntry {
  const count = (status: WorkflowRunStep['status']) => steps.filter((step) => step.status === status).length;
  const outcome = run.state === 'succeeded' || run.state === 'stopped' ? 'ok' : 'failed';
  return {
    tenantId: run.tenantId,
    actor: run.stoppedBy && run.state === 'stopped' ? run.stoppedBy : toPerson(run.requester),
    action: WORKFLOW_AUDIT_ACTIONS.end,
    target: targetOf(run),
    result: outcome === 'ok' ? { outcome } : { outcome, code: run.state === 'failed' ? 'WORKFLOW.RUN_FAILED' : 'WORKFLOW.COMPLETED_WITH_FAILURES' },
    correlationId: run.correlationId,
    details: auditDetails({
      runId: run.id,
      workflow: run.workflowName,
      endedAs: run.state,
      failedStepId: run.failedStepId,
      succeeded: count('succeeded'),
      failed: count('failed'),
      unknown: count('unknown'),
      skipped: count('skipped'),
      compensated: steps.filter((step) => step.compensation?.status === 'succeeded').length || undefined,
    }),
  };
}

export function runDecisionEntry(run: WorkflowRun, who: Person, action: typeof WORKFLOW_AUDIT_ACTIONS.stop | typeof WORKFLOW_AUDIT_ACTIONS.retry, correlationId: string, details: Record<string, string | number | undefined> = {}): AuditEntry {
  return {
    tenantId: run.tenantId,
    actor: who,
    action,
    target: targetOf(run),
    result: { outcome: 'ok' },
    correlationId,
    details: auditDetails({ runId: run.id, workflow: run.workflowName, ...details }),
  };
}
