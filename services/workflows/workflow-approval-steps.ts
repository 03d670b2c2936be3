/**
 * Approval steps: asking (through the generic approval service, kind `workflow.step`), and
 * recording the answer — approved → succeeded; rejected or cancelled → failed; expired → the
 * step's onTimeout (stop: failed; continue: skipped; a step id: skipped, with the steps in
 * between jumped over). Decisions arrive through the kind's handler (workflow-approvals.ts) or,
 * when that effect was lost, through `reconcile`, which reads the request back.
 */
import { randomUUID } from 'node:crypto';
import { describePerson, toPerson, type Person } from '../access/actor';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { AreaLogger } from '../ports/area-logger.port';
import type { JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { approvalSubject, WORKFLOW_STEP_APPROVAL, type WorkflowApprovalDesk } from './workflow-approvals';
import { parseTimeout } from './workflow-duration';
import { WORKFLOW_STEP_CODES as CODES } from './workflow-errors';
import type { StepPatch, WorkflowRunRepository } from './workflow-run.repository.port';
import { FINAL_RUN_STATES, type WorkflowRun, type WorkflowRunStep } from './workflow-run.types';
import { definitionOf, factsOf } from './workflow-run-view';
import { cleanSummary, errorCode, keyOf } from './workflow-step-store';
import { stepTitle } from './workflow-step-words';
import { fillTemplate } from './workflow-template';
import { lookupIn } from './workflow-values';
import type { ApprovalStep } from './workflow.schema';

export interface ApprovalStepsDependencies {
  runs: WorkflowRunRepository;
  approvals: WorkflowApprovalDesk;
  clock: Clock;
  logger: AreaLogger;
  /** How long a request of a step without a timeout lasts. */
  approvalWaitInMs: number;
  /** A decision let the run go on: drive it (in the background). */
  resume(tenantId: string, runId: string): void;
}

export class ApprovalSteps {
  constructor(private readonly deps: ApprovalStepsDependencies) {}

  /**
   * Records an approval's outcome on its step (the `workflow.step` kind's effect, and the read-back
   * of `reconcile`): approved → succeeded; rejected, cancelled → failed; expired → the
   * step's onTimeout. Idempotent: a second delivery, a request of an earlier attempt, or a run
   * stopped meanwhile changes nothing.
   */
  async apply(request: ApprovalRequest): Promise<void> {
    if (request.kind !== WORKFLOW_STEP_APPROVAL || request.state === 'pending') return;
    const subject = approvalSubject(request.payload);
    if (!subject) return;
    const run = this.deps.runs.get(request.tenantId, subject.runId);
    if (!run || FINAL_RUN_STATES.includes(run.state)) return;
    const steps = this.deps.runs.steps(run.tenantId, run.id);
    const step = steps.find((candidate) => candidate.stepId === subject.stepId);
    const definition = definitionOf(run, subject.stepId);
    if (!step || definition?.kind !== 'approval' || step.attempt !== subject.attempt) return;
    if (step.status !== 'waiting-approval' && step.status !== 'running') return;

    const now = this.now();
    const outcome = this.outcome(run, definition, request);
    const key = keyOf(step);
    const applied = this.deps.runs.atomically(() => {
      const settled = this.deps.runs.updateStep(
        key,
        { status: ['waiting-approval', 'running'], attempt: step.attempt, approvalRequestIdIn: [request.id, null] },
        { ...outcome.patch, approvalRequestId: request.id, deadline: request.expiresAt, finishedAt: now, audited: false },
      );
      if (!settled) return false;
      if (outcome.jumpTo) {
        const target = steps.find((candidate) => candidate.stepId === outcome.jumpTo);
        for (const between of steps.filter((candidate) => candidate.position > step.position && candidate.position < (target?.position ?? step.position))) {
          this.deps.runs.updateStep(keyOf(between), { status: ['pending'] }, { status: 'skipped', code: CODES.jumpedOver, summary: outcome.jumpWords ?? 'Jumped over.', finishedAt: now, audited: false });
        }
      }
      this.deps.runs.updateRun(run.tenantId, run.id, { states: ['waiting-approval'] }, { state: 'running', updatedAt: now });
      return true;
    });
    if (!applied) return;
    this.deps.logger.info({ tenantId: run.tenantId, runId: run.id, stepId: step.stepId, decision: request.state }, 'workflows: approval step decided');
    this.deps.resume(run.tenantId, run.id);
  }

  /**
   * Reads back every waiting approval whose request is closed (an effect lost to a crash, or a
   * request expired by the approval timer before this process ran) and applies it.
   */
  async reconcile(): Promise<number> {
    let applied = 0;
    for (const step of this.deps.runs.listWaitingApprovals()) {
      if (!step.approvalRequestId) continue;
      const request = await this.deps.approvals.get(step.tenantId, step.approvalRequestId);
      if (!request || request.state === 'pending') continue;
      await this.apply(request);
      applied += 1;
    }
    return applied;
  }

  /**
   * Claims the step and opens its approval request (kind workflow.step, lasting the step's
   * timeout), then records the request on the step and the run as waiting. With
   * `interruptedClaim` (a dead process claimed it), a pending request it already opened for this
   * attempt is adopted rather than a second one opened.
   */
  async ask(run: WorkflowRun, steps: readonly WorkflowRunStep[], step: WorkflowRunStep, definition: ApprovalStep, interruptedClaim?: string): Promise<void> {
    let claimId = interruptedClaim;
    if (claimId === undefined) {
      claimId = randomUUID();
      if (!this.deps.runs.updateStep(keyOf(step), { status: ['pending'], attempt: step.attempt }, { status: 'running', claimId, startedAt: this.now(), finishedAt: null })) return;
    }
    const lookup = lookupIn(factsOf(run, steps));
    let request: ApprovalRequest | undefined;
    if (interruptedClaim !== undefined) {
      // The dead process may have opened the request before it could record it: adopt that one.
      const open = await this.deps.approvals.listPending(run.tenantId, { kind: WORKFLOW_STEP_APPROVAL });
      request = open.find((candidate) => {
        const subject = approvalSubject(candidate.payload);
        return subject?.runId === run.id && subject.stepId === step.stepId && subject.attempt === step.attempt;
      });
    }
    if (!request) {
      const timeoutInMs = definition.timeout !== undefined ? parseTimeout(definition.timeout) : undefined;
      const payload: JsonObject = {
        runId: run.id,
        stepId: step.stepId,
        attempt: step.attempt,
        workflow: run.workflowName,
        workflowTitle: run.workflowTitle,
        target: run.target.upn,
        targetName: run.target.displayName,
        message: fillTemplate(definition.message, lookup).slice(0, 1000),
        approvers: Array.isArray(definition.approvers) ? definition.approvers.join(', ') : 'tenantAdmins',
        onTimeout: definition.onTimeout,
        // The actions of this run that need approval run on this decision (ManagementActionService reads it).
        ...(definition.coversActions ? { coversKeysOf: run.id } : {}),
      };
      try {
        request = await this.deps.approvals.create(run.requester, {
          kind: WORKFLOW_STEP_APPROVAL,
          payload,
          expiresInMs: timeoutInMs ?? this.deps.approvalWaitInMs,
          correlationId: run.correlationId,
        });
      } catch (error) {
        const code = errorCode(error) ?? 'APPROVAL.FAILED';
        const words = typeof (error as { userMessage?: unknown }).userMessage === 'string' ? (error as { userMessage: string }).userMessage : 'The approval request could not be created.';
        this.deps.runs.updateStep(keyOf(step), { status: ['running'], claimId }, { status: 'failed', code, summary: cleanSummary(`Couldn't ask for approval: ${words}`), finishedAt: this.now(), audited: false });
        return;
      }
    }
    const asked = request;
    this.deps.runs.atomically(() => {
      if (this.deps.runs.updateStep(keyOf(step), { status: ['running'], claimId }, { status: 'waiting-approval', approvalRequestId: asked.id, deadline: asked.expiresAt })) {
        this.deps.runs.updateRun(run.tenantId, run.id, { states: ['running'] }, { state: 'waiting-approval', updatedAt: this.now() });
      }
    });
  }

  /** What a closed request means for its step: the step's new state, and the step a timeout jumps to. */
  private outcome(run: WorkflowRun, definition: ApprovalStep, request: ApprovalRequest): { patch: StepPatch; jumpTo?: string; jumpWords?: string } {
    const who = request.decidedBy ? describePerson(request.decidedBy) : 'someone';
    const decidedBy = request.decidedBy ? toPerson(request.decidedBy) : null;
    switch (request.state) {
      case 'approved': {
        if (Array.isArray(definition.approvers) && !isNamed(definition.approvers, request.decidedBy)) {
          return {
            patch: { status: 'failed', decision: 'approved', decidedBy, code: CODES.approverNotNamed, summary: `Approved by ${who}, who isn't one of the named approvers (${definition.approvers.join(', ')}), so it doesn't count.` },
          };
        }
        return { patch: { status: 'succeeded', decision: 'approved', decidedBy, code: null, summary: `Approved by ${who}.` } };
      }
      case 'rejected':
        return { patch: { status: 'failed', decision: 'rejected', decidedBy, code: CODES.approvalRejected, summary: `Rejected by ${who}.` } };
      case 'cancelled':
        return { patch: { status: 'failed', decision: 'cancelled', decidedBy, code: CODES.approvalCancelled, summary: `The approval request was cancelled by ${who}.` } };
      default: {
        const when = `No decision by ${request.expiresAt}`;
        if (definition.onTimeout === 'stop') return { patch: { status: 'failed', decision: 'expired', code: CODES.approvalTimedOut, summary: `${when}: the run stops here.` } };
        if (definition.onTimeout === 'continue') return { patch: { status: 'skipped', decision: 'expired', code: CODES.approvalTimedOut, summary: `${when}: the run went on without it.` } };
        const target = definitionOf(run, definition.onTimeout);
        const title = target ? stepTitle(target, lookupIn(factsOf(run, []))) : definition.onTimeout;
        return {
          patch: { status: 'skipped', decision: 'expired', code: CODES.approvalTimedOut, summary: `${when}: the run went on at "${title}".` },
          jumpTo: definition.onTimeout,
          jumpWords: `Jumped over: the approval timed out and the run went on at "${title}".`,
        };
      }
    }
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function isNamed(approvers: readonly string[], person: Person | undefined): boolean {
  if (!person) return false;
  const names = new Set([person.userId, person.upn].filter((value): value is string => Boolean(value)).map((value) => value.toLowerCase()));
  return approvers.some((approver) => names.has(approver.toLowerCase()));
}
