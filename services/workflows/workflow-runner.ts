/**
 * Drives workflow runs, one step at a time, durably:
 *
 * - every step's result is committed before the next step starts; an action (and a notice, and
 *   the asking of an approval) is first claimed — status `running` with a fresh claim id,
 *   committed — then called, then settled naming its claim;
 * - a step a dead process left `running` is settled, never blindly repeated: an action through
 *   the port's `verify` (in effect → succeeded, not in effect → failed), or as "outcome unknown"
 *   when it cannot be read; an approval by adopting the request the dead process already opened;
 *   a notice by sending it again under the same idempotency key (the port delivers a key once);
 * - approval and choice steps leave the run waiting (`waiting-approval` with the request id and
 *   deadline, `waiting-choice`); a decision, an answer or a timeout is recorded on the step and the
 *   run goes on;
 * - a failed (or unknown) step with onFailure: stop skips the rest ("not run: X failed") and, when
 *   steps that finished declared a compensation, runs those in reverse order (`compensating`);
 * - audit records are written from stored state only, by one place (`payAuditDebts`), each once:
 *   a result is stored "audit owed" and marked audited after its record is appended.
 *
 * One drive per run at a time in this process (a per-run lock); two processes are kept apart by
 * the conditional claims. `stop()` (process shutdown) stops taking new steps: runs stay where
 * they are for the next process's `resumeAll`.
 */
import { randomUUID } from 'node:crypto';
import { describePerson, toPerson, type Person } from '../access/actor';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { AreaLogger } from '../ports/area-logger.port';
import { silentLogger } from '../ports/area-logger.port';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { WorkflowActionPort, WorkflowActionRequest, WorkflowActionResult } from './workflow-action.port';
import type { WorkflowApprovalDesk, WorkflowApprovalReceiver } from './workflow-approvals';
import { evaluateCondition, parseCondition } from './workflow-condition';
import type { WorkflowDirectory } from './workflow-directory.port';
import { WORKFLOW_STEP_CODES as CODES } from './workflow-errors';
import type { WorkflowNoticePort, WorkflowNoticeResult } from './workflow-notice.port';
import { compensationEntry, runEndEntry, runStartEntry, stepEntry } from './workflow-run-audit';
import type { StepPatch, WorkflowRunRepository } from './workflow-run.repository.port';
import {
  FINAL_RUN_STATES,
  SETTLED_STEP_STATUSES,
  type WorkflowProgressSink,
  type WorkflowRun,
  type WorkflowRunStep,
  type WorkflowRunView,
} from './workflow-run.types';
import { ApprovalSteps } from './workflow-approval-steps';
import { definitionOf, factsOf, runView } from './workflow-run-view';
import { cleanSummary as clean, errorCode as codeOf, keyOf } from './workflow-step-store';
import { AUDIENCE_WORDS, statusWords, stepTitle } from './workflow-step-words';
import { fillTemplate } from './workflow-template';
import { fillParameters, lookupIn } from './workflow-values';
import type { ActionStep, NoticeStep, WorkflowStep } from './workflow.schema';

export interface WorkflowRunnerOptions {
  /** How long an approval step without a timeout waits (the approval service's longest, 7 days, by default). */
  approvalWaitInMs?: number;
}

export interface WorkflowRunnerDependencies {
  runs: WorkflowRunRepository;
  actions: WorkflowActionPort;
  notices: WorkflowNoticePort;
  directory: WorkflowDirectory;
  approvals: WorkflowApprovalDesk;
  audit: AuditWriter;
  clock: Clock;
  progress?: WorkflowProgressSink;
  logger?: AreaLogger;
  options?: WorkflowRunnerOptions;
}

const DEFAULT_APPROVAL_WAIT_IN_MS = 7 * 24 * 3_600_000;

export class WorkflowRunner implements WorkflowApprovalReceiver {
  private readonly logger: AreaLogger;
  private readonly locks = new Map<string, Promise<void>>();
  private readonly background = new Set<Promise<void>>();
  private stopping = false;

  private readonly approvalSteps: ApprovalSteps;

  constructor(private readonly deps: WorkflowRunnerDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.approvalSteps = new ApprovalSteps({
      runs: deps.runs,
      approvals: deps.approvals,
      clock: deps.clock,
      logger: this.logger,
      approvalWaitInMs: deps.options?.approvalWaitInMs ?? DEFAULT_APPROVAL_WAIT_IN_MS,
      resume: (tenantId, runId) => this.continueInBackground(tenantId, runId),
    });
  }

  /** Drives the run in the background (an invoke must be answered at once); `drain` waits for it. */
  continueInBackground(tenantId: string, runId: string): void {
    if (this.stopping) return;
    const task = this.drive(tenantId, runId).catch((error: unknown) => {
      this.logger.error({ tenantId, runId, code: codeOf(error), errorName: error instanceof Error ? error.name : typeof error }, 'workflows: driving a run failed; it resumes on the next start');
    });
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  /** Drives the run until it waits, ends, or the runner stops. */
  async drive(tenantId: string, runId: string): Promise<void> {
    await this.withLock(runId, () => this.driveLocked(tenantId, runId));
  }

  /** Resolves when every drive started so far (and any they started) has settled. */
  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /** Process shutdown: takes no new step; what is in flight finishes; runs resume in the next process. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.drain();
  }

  /** The `workflow.step` kind's effect: records a closed request's outcome on its step; idempotent (workflow-approval-steps.ts). */
  async applyApprovalDecision(request: ApprovalRequest): Promise<void> {
    await this.approvalSteps.apply(request);
  }

  /** Reads back every waiting approval whose request closed without its effect reaching us, and applies it. */
  async reconcileApprovals(): Promise<number> {
    return this.approvalSteps.reconcile();
  }

  /** A run and its steps as cards show them. */
  view(run: WorkflowRun, steps: readonly WorkflowRunStep[] = this.deps.runs.steps(run.tenantId, run.id)): WorkflowRunView {
    return runView(run, steps);
  }

  private async driveLocked(tenantId: string, runId: string): Promise<void> {
    for (let turn = 0; turn < 500; turn += 1) {
      if (this.stopping) return;
      let run = this.deps.runs.get(tenantId, runId);
      if (!run) return;
      let steps = this.deps.runs.steps(tenantId, runId);
      if (await this.payAuditDebts(run, steps)) {
        run = this.deps.runs.get(tenantId, runId) ?? run;
        steps = this.deps.runs.steps(tenantId, runId);
        await this.report(run, steps);
      }
      if (run.state === 'stopped') {
        if (await this.closeStopped(run, steps)) continue;
        return;
      }
      if (FINAL_RUN_STATES.includes(run.state)) return;
      if (run.state === 'compensating') {
        await this.compensateNext(run, steps);
        continue;
      }
      const blocking = steps.find((step) => (step.status === 'failed' || step.status === 'unknown') && onFailureOf(run, step) === 'stop');
      if (blocking) {
        this.failRun(run, steps, blocking);
        continue;
      }
      const current = steps.find((step) => !SETTLED_STEP_STATUSES.includes(step.status));
      if (!current) {
        this.finish(run, steps);
        continue;
      }
      if (current.status === 'waiting-approval' || current.status === 'waiting-choice') {
        if (run.state !== current.status) this.deps.runs.updateRun(tenantId, runId, { states: ['running'] }, { state: current.status, updatedAt: this.now() });
        await this.report(this.deps.runs.get(tenantId, runId) ?? run);
        return;
      }
      if (run.state !== 'running') {
        // A decision or answer settled the waiting step; the run goes on.
        this.deps.runs.updateRun(tenantId, runId, { states: ['waiting-approval', 'waiting-choice'] }, { state: 'running', updatedAt: this.now() });
        continue;
      }
      if (current.status === 'running') await this.settleInterrupted(run, steps, current);
      else await this.runStep(run, steps, current);
    }
    this.logger.error({ tenantId, runId }, 'workflows: a run did not settle within its turn limit');
  }

  private async runStep(run: WorkflowRun, steps: readonly WorkflowRunStep[], step: WorkflowRunStep): Promise<void> {
    const definition = definitionOf(run, step.stepId);
    if (!definition) {
      this.settle(step, { status: ['pending'] }, { status: 'failed', code: 'WORKFLOW.STEP_UNKNOWN', summary: 'This step is not in the workflow any more.' });
      return;
    }
    const skip = this.skipReason(run, steps, definition);
    if (skip) {
      this.settle(step, { status: ['pending'], attempt: step.attempt }, { status: 'skipped', code: skip.code, summary: skip.summary });
      return;
    }
    switch (definition.kind) {
      case 'action':
        await this.runAction(run, steps, step, definition);
        return;
      case 'approval':
        await this.approvalSteps.ask(run, steps, step, definition);
        return;
      case 'choice':
        this.deps.runs.atomically(() => {
          if (this.deps.runs.updateStep(keyOf(step), { status: ['pending'], attempt: step.attempt }, { status: 'waiting-choice', startedAt: this.now() })) {
            this.deps.runs.updateRun(run.tenantId, run.id, { states: ['running'] }, { state: 'waiting-choice', updatedAt: this.now() });
          }
        });
        return;
      case 'notice':
        await this.sendNotice(run, steps, step, definition);
        return;
    }
  }

  private skipReason(run: WorkflowRun, steps: readonly WorkflowRunStep[], definition: WorkflowStep): { code: string; summary: string } | undefined {
    if (definition.kind === 'action' && definition.optional && !run.optIn.includes(definition.id)) {
      return { code: CODES.notChosen, summary: 'Not chosen before the run (an optional step).' };
    }
    for (const needed of definition.needs ?? []) {
      const prerequisite = steps.find((candidate) => candidate.stepId === needed);
      if (prerequisite?.status !== 'succeeded') {
        const neededDefinition = definitionOf(run, needed);
        const title = neededDefinition ? stepTitle(neededDefinition, lookupIn(factsOf(run, steps))) : needed;
        return { code: CODES.prerequisiteNotMet, summary: `Skipped because "${title}" ${prerequisite ? statusWords(prerequisite) : 'did not run'}.` };
      }
    }
    if (definition.when) {
      const parsed = parseCondition(definition.when);
      const holds = parsed.ok && evaluateCondition(parsed.condition, lookupIn(factsOf(run, steps)));
      if (!holds) return { code: CODES.conditionFalse, summary: `Skipped: its condition (${definition.when}) wasn't met.` };
    }
    return undefined;
  }

  private async runAction(run: WorkflowRun, steps: readonly WorkflowRunStep[], step: WorkflowRunStep, definition: ActionStep): Promise<void> {
    const request = this.actionRequest(run, step, definition.action, fillParameters(definition.parameters, lookupIn(factsOf(run, steps))), 'step');
    const claimId = randomUUID();
    if (!this.deps.runs.updateStep(keyOf(step), { status: ['pending'], attempt: step.attempt }, { status: 'running', claimId, startedAt: this.now(), finishedAt: null })) return;
    const result = await this.callAction(request);
    this.settleAction(step, claimId, result, false);
  }

  /** A step a dead process claimed: settled from what can be known, never run a second time. */
  private async settleInterrupted(run: WorkflowRun, steps: readonly WorkflowRunStep[], step: WorkflowRunStep): Promise<void> {
    const definition = definitionOf(run, step.stepId);
    let claimId = step.claimId;
    if (!claimId) {
      // Every claim writes its id; a step running without one is re-claimed, so the settle below can name it.
      claimId = randomUUID();
      if (!this.deps.runs.updateStep(keyOf(step), { status: ['running'] }, { claimId })) return;
    }
    this.logger.warn({ tenantId: run.tenantId, runId: run.id, stepId: step.stepId, kind: step.kind }, 'workflows: settling a step an interrupted process left running');
    if (definition?.kind === 'approval') {
      await this.approvalSteps.ask(run, steps, step, definition, claimId);
      return;
    }
    if (definition?.kind === 'notice') {
      await this.sendNotice(run, steps, step, definition, claimId);
      return;
    }
    if (definition?.kind !== 'action') {
      this.settle(step, { status: ['running'], claimId }, { status: 'unknown', code: CODES.outcomeUnknown, summary: 'The bot stopped while this step ran.', reconciled: true });
      return;
    }
    const request = this.actionRequest(run, step, definition.action, fillParameters(definition.parameters, lookupIn(factsOf(run, steps))), 'step');
    this.settleAction(step, claimId, await this.resumeAction(request, run), true);
  }

  private settleAction(step: WorkflowRunStep, claimId: string, result: WorkflowActionResult, reconciled: boolean): void {
    this.settle(
      step,
      { status: ['running'], claimId },
      {
        status: result.status,
        code: result.status === 'succeeded' ? null : (result.code ?? (result.status === 'unknown' ? CODES.outcomeUnknown : 'WORKFLOW.STEP_FAILED')),
        summary: result.summary,
        shownOnceLabel: result.shownOnce?.label ?? null,
        reconciled,
      },
    );
  }

  private async sendNotice(run: WorkflowRun, steps: readonly WorkflowRunStep[], step: WorkflowRunStep, definition: NoticeStep, interruptedClaim?: string): Promise<void> {
    let claimId = interruptedClaim;
    if (claimId === undefined) {
      claimId = randomUUID();
      if (!this.deps.runs.updateStep(keyOf(step), { status: ['pending'], attempt: step.attempt }, { status: 'running', claimId, startedAt: this.now(), finishedAt: null })) return;
    }
    const expect = { status: ['running'] as const, claimId };
    const lookup = lookupIn(factsOf(run, steps));
    let recipient: Person | undefined;
    if (definition.to === 'requester') recipient = toPerson(run.requester);
    if (definition.to === 'manager') {
      try {
        const manager = await this.deps.directory.getManager(run.tenantId, run.target.userId);
        if (!manager) {
          this.settle(step, expect, { status: 'failed', code: CODES.noManager, summary: `${run.target.displayName} has no manager in Microsoft Entra, so the notice wasn't sent.`, reconciled: interruptedClaim !== undefined });
          return;
        }
        recipient = { userId: manager.userId, upn: manager.upn, displayName: manager.displayName };
      } catch (error) {
        this.settle(step, expect, { status: 'failed', code: codeOf(error) ?? 'DIRECTORY.UNAVAILABLE', summary: `I couldn't look up ${run.target.displayName}'s manager, so the notice wasn't sent.` });
        return;
      }
    }
    let result: WorkflowNoticeResult;
    try {
      result = await this.deps.notices.send({
        tenantId: run.tenantId,
        runId: run.id,
        stepId: step.stepId,
        idempotencyKey: idempotencyKey(run.id, step),
        correlationId: run.correlationId,
        audience: definition.to,
        ...(recipient ? { recipient } : {}),
        workflowTitle: run.workflowTitle,
        title: stepTitle(definition, lookup),
        text: fillTemplate(definition.text, lookup),
        target: run.target,
        requester: toPerson(run.requester),
      });
    } catch (error) {
      this.logger.warn({ tenantId: run.tenantId, runId: run.id, stepId: step.stepId, code: codeOf(error) }, 'workflows: the notice port threw');
      result = { status: 'failed', code: CODES.noticeFailed, summary: 'The notice could not be sent.' };
    }
    const to = definition.to === 'manager' && recipient ? `${recipient.displayName ?? recipient.upn ?? 'the manager'} (manager)` : AUDIENCE_WORDS[definition.to];
    this.settle(step, expect, {
      status: result.status === 'sent' ? 'succeeded' : 'failed',
      code: result.status === 'sent' ? null : (result.code ?? CODES.noticeFailed),
      summary: clean(result.summary ?? (result.status === 'sent' ? `Sent to ${to}.` : `The notice to ${to} could not be sent.`)),
      reconciled: interruptedClaim !== undefined,
    });
  }

  /**
   * A step that failed and stops the run: the steps after it are skipped ("not run"), and the
   * finished steps that declared a compensation are queued for it; one transaction.
   */
  private failRun(run: WorkflowRun, steps: readonly WorkflowRunStep[], failed: WorkflowRunStep): void {
    const now = this.now();
    const lookup = lookupIn(factsOf(run, steps));
    const failedDefinition = definitionOf(run, failed.stepId);
    const title = failedDefinition ? stepTitle(failedDefinition, lookup) : failed.stepId;
    const compensable = steps.filter((step) => {
      const definition = definitionOf(run, step.stepId);
      return step.status === 'succeeded' && definition?.kind === 'action' && definition.compensate !== undefined && !step.compensation;
    });
    this.deps.runs.atomically(() => {
      for (const step of steps.filter((candidate) => candidate.status === 'pending')) {
        this.deps.runs.updateStep(keyOf(step), { status: ['pending'] }, { status: 'skipped', code: CODES.notRun, summary: `Not run: "${title}" ${statusWords(failed)}.`, finishedAt: now, audited: false });
      }
      for (const step of compensable) this.deps.runs.updateStep(keyOf(step), { status: ['succeeded'] }, { compensationStatus: 'pending', compensationAudited: true });
      this.deps.runs.updateRun(
        run.tenantId,
        run.id,
        { states: ['running', 'waiting-approval', 'waiting-choice'] },
        compensable.length > 0 ? { state: 'compensating', failedStepId: failed.stepId, updatedAt: now } : { state: 'failed', failedStepId: failed.stepId, finishedAt: now, updatedAt: now },
      );
    });
    this.logger.warn({ tenantId: run.tenantId, runId: run.id, stepId: failed.stepId, code: failed.code, compensations: compensable.length }, 'workflows: a step failed and stopped the run');
  }

  /** Runs the next declared compensation, last finished step first; the run is failed once none is left. */
  private async compensateNext(run: WorkflowRun, steps: readonly WorkflowRunStep[]): Promise<void> {
    const next = steps
      .filter((step) => step.compensation && (step.compensation.status === 'pending' || step.compensation.status === 'running'))
      .sort((a, b) => b.position - a.position)[0];
    if (!next?.compensation) {
      const now = this.now();
      this.deps.runs.updateRun(run.tenantId, run.id, { states: ['compensating'] }, { state: 'failed', finishedAt: now, updatedAt: now });
      return;
    }
    const definition = definitionOf(run, next.stepId);
    const compensate = definition?.kind === 'action' ? definition.compensate : undefined;
    const key = keyOf(next);
    if (!compensate) {
      this.deps.runs.updateStep(key, {}, { compensationStatus: 'failed', compensationCode: 'WORKFLOW.STEP_UNKNOWN', compensationSummary: 'Its compensation is not in the workflow any more.', compensationAudited: false });
      return;
    }
    const request = this.actionRequest(run, next, compensate.action, fillParameters(compensate.parameters ?? {}, lookupIn(factsOf(run, steps))), 'compensation');
    let claimId: string;
    let result: WorkflowActionResult;
    let reconciled = false;
    if (next.compensation.status === 'running') {
      claimId = next.compensation.claimId ?? '';
      reconciled = true;
      result = await this.verifyAction(request, run);
    } else {
      claimId = randomUUID();
      if (!this.deps.runs.updateStep(key, { compensationStatus: ['pending'] }, { compensationStatus: 'running', compensationClaimId: claimId })) return;
      result = await this.callAction(request);
    }
    this.deps.runs.updateStep(
      key,
      { compensationStatus: ['running'], compensationClaimId: claimId },
      {
        compensationStatus: result.status,
        compensationCode: result.status === 'succeeded' ? null : (result.code ?? CODES.outcomeUnknown),
        compensationSummary: clean(result.summary),
        compensationReconciled: reconciled,
        compensationAudited: false,
      },
    );
  }

  private finish(run: WorkflowRun, steps: readonly WorkflowRunStep[]): void {
    const problems = steps.some((step) => step.status === 'failed' || step.status === 'unknown' || step.code === CODES.prerequisiteNotMet);
    const now = this.now();
    this.deps.runs.updateRun(run.tenantId, run.id, { states: ['running'] }, { state: problems ? 'completed-with-failures' : 'succeeded', finishedAt: now, updatedAt: now });
  }

  /**
   * A stopped run: a step a dead process left running is settled first; every step not started
   * (or waiting) is skipped with who stopped it. Returns whether anything changed.
   */
  private async closeStopped(run: WorkflowRun, steps: readonly WorkflowRunStep[]): Promise<boolean> {
    const running = steps.find((step) => step.status === 'running');
    if (running) {
      const definition = definitionOf(run, running.stepId);
      if (definition?.kind === 'action') {
        const request = this.actionRequest(run, running, definition.action, fillParameters(definition.parameters, lookupIn(factsOf(run, steps))), 'step');
        this.settleAction(running, running.claimId ?? '', await this.verifyAction(request, run), true);
      } else {
        this.settle(running, { status: ['running'], claimId: running.claimId ?? '' }, { status: 'skipped', code: CODES.stopped, summary: 'Stopped before this step finished.', reconciled: true });
      }
      return true;
    }
    const open = steps.filter((step) => step.status === 'pending' || step.status === 'waiting-approval' || step.status === 'waiting-choice');
    if (open.length === 0 && run.finishedAt) return false;
    const now = this.now();
    const by = run.stoppedBy ? describePerson(run.stoppedBy) : 'someone';
    this.deps.runs.atomically(() => {
      for (const step of open) {
        const words = step.status === 'waiting-approval' ? `Stopped by ${by} while waiting for approval.` : step.status === 'waiting-choice' ? `Stopped by ${by} before it was answered.` : `Not run: stopped by ${by}.`;
        this.deps.runs.updateStep(keyOf(step), { status: [step.status] }, { status: 'skipped', code: CODES.stopped, summary: words, finishedAt: now, audited: false });
      }
      if (!run.finishedAt) this.deps.runs.updateRun(run.tenantId, run.id, { states: ['stopped'] }, { finishedAt: now, updatedAt: now });
    });
    return true;
  }

  /** Appends every record the stored state still owes (start, step results, compensations, end), each once. */
  private async payAuditDebts(run: WorkflowRun, steps: readonly WorkflowRunStep[]): Promise<boolean> {
    let paid = false;
    const now = () => this.now();
    if (!run.startAudited) {
      await this.deps.audit.append(runStartEntry(run));
      this.deps.runs.updateRun(run.tenantId, run.id, {}, { startAudited: true, updatedAt: now() });
      paid = true;
    }
    for (const step of steps) {
      if (!step.audited && SETTLED_STEP_STATUSES.includes(step.status)) {
        await this.deps.audit.append(stepEntry(run, step, definitionOf(run, step.stepId)));
        this.deps.runs.updateStep(keyOf(step), { status: [step.status] }, { audited: true });
        paid = true;
      }
      const compensation = step.compensation;
      if (compensation && !compensation.audited && ['succeeded', 'failed', 'unknown'].includes(compensation.status)) {
        await this.deps.audit.append(compensationEntry(run, step, definitionOf(run, step.stepId)));
        this.deps.runs.updateStep(keyOf(step), { compensationStatus: [compensation.status] }, { compensationAudited: true });
        paid = true;
      }
    }
    // Last, once every step (and compensation) is settled: all of their records are appended above.
    const allSettled = steps.every((step) => SETTLED_STEP_STATUSES.includes(step.status) && step.compensation?.status !== 'pending' && step.compensation?.status !== 'running');
    if (FINAL_RUN_STATES.includes(run.state) && !run.endAudited && run.finishedAt && allSettled) {
      await this.deps.audit.append(runEndEntry(run, steps));
      this.deps.runs.updateRun(run.tenantId, run.id, {}, { endAudited: true, updatedAt: now() });
      this.logger.info({ tenantId: run.tenantId, runId: run.id, state: run.state }, 'workflows: run finished');
      paid = true;
    }
    return paid;
  }

  private settle(step: WorkflowRunStep, expect: Parameters<WorkflowRunRepository['updateStep']>[1], patch: StepPatch): boolean {
    return this.deps.runs.updateStep(keyOf(step), expect, { ...patch, ...(patch.summary ? { summary: clean(patch.summary) } : {}), finishedAt: this.now(), audited: false });
  }

  private actionRequest(run: WorkflowRun, step: WorkflowRunStep, actionId: string, parameters: Record<string, string>, purpose: WorkflowActionRequest['purpose']): WorkflowActionRequest {
    return {
      tenantId: run.tenantId,
      runId: run.id,
      stepId: step.stepId,
      purpose,
      requester: run.requester,
      actionId,
      target: run.target,
      parameters,
      idempotencyKey: purpose === 'compensation' ? `${run.id}:${step.stepId}:compensate` : idempotencyKey(run.id, step),
      correlationId: run.correlationId,
      ...this.coveringApproval(run, step),
    };
  }

  /** The approval an earlier approval step with `coversActions` gave, which this step's action may run on. */
  private coveringApproval(run: WorkflowRun, step: WorkflowRunStep): { coveringApprovalRequestId?: string } {
    const covering = this.deps.runs
      .steps(run.tenantId, run.id)
      .filter((candidate) => candidate.position < step.position && candidate.status === 'succeeded' && candidate.approvalRequestId)
      .filter((candidate) => {
        const definition = definitionOf(run, candidate.stepId);
        return definition?.kind === 'approval' && definition.coversActions === true;
      })
      .at(-1);
    return covering?.approvalRequestId ? { coveringApprovalRequestId: covering.approvalRequestId } : {};
  }

  private async callAction(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    try {
      return checked(await this.deps.actions.run(request));
    } catch (error) {
      this.logger.warn({ tenantId: request.tenantId, runId: request.runId, stepId: request.stepId, code: codeOf(error) }, 'workflows: the action port threw; outcome unknown');
      return { status: 'unknown', code: CODES.outcomeUnknown, summary: "The action was sent, but I can't tell whether it took effect. Check the user before retrying." };
    }
  }

  /** An interrupted call: answered by the port's exactly-once store when it has one, else read back. */
  private async resumeAction(request: WorkflowActionRequest, run: WorkflowRun): Promise<WorkflowActionResult> {
    if (!this.deps.actions.resume) return this.verifyAction(request, run);
    try {
      return checked(await this.deps.actions.resume(request));
    } catch (error) {
      this.logger.warn({ tenantId: request.tenantId, runId: request.runId, stepId: request.stepId, code: codeOf(error) }, 'workflows: resuming an interrupted action failed; outcome unknown');
      return { status: 'unknown', code: CODES.outcomeUnknown, summary: `The bot stopped while this ran, and it can't tell whether the change took effect. Check ${run.target.upn} before retrying the run.` };
    }
  }

  private async verifyAction(request: WorkflowActionRequest, run: WorkflowRun): Promise<WorkflowActionResult> {
    const unknown: WorkflowActionResult = {
      status: 'unknown',
      code: CODES.outcomeUnknown,
      summary: `The bot stopped while this ran, and it can't tell whether the change took effect. Check ${run.target.upn} before retrying the run.`,
    };
    if (!this.deps.actions.verify) return unknown;
    try {
      const result = checked(await this.deps.actions.verify(request));
      return result.status === 'unknown' ? { ...unknown, ...(result.code ? { code: result.code } : {}) } : result;
    } catch {
      return unknown;
    }
  }

  private async report(run: WorkflowRun, steps?: readonly WorkflowRunStep[]): Promise<void> {
    if (!this.deps.progress) return;
    try {
      await this.deps.progress.runChanged(this.view(run, steps));
    } catch (error) {
      this.logger.warn({ tenantId: run.tenantId, runId: run.id, code: codeOf(error) }, 'workflows: the progress sink failed');
    }
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async withLock(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.locks.set(key, tail);
    await previous;
    try {
      await work();
    } finally {
      release();
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}

/** `${runId}:${stepId}` on the first attempt, `${runId}:${stepId}:${attempt}` on a retry. */
export function idempotencyKey(runId: string, step: Pick<WorkflowRunStep, 'stepId' | 'attempt'>): string {
  return step.attempt > 1 ? `${runId}:${step.stepId}:${step.attempt}` : `${runId}:${step.stepId}`;
}


function onFailureOf(run: WorkflowRun, step: WorkflowRunStep): 'stop' | 'continue' {
  const definition = definitionOf(run, step.stepId);
  return definition && 'onFailure' in definition ? definition.onFailure : 'stop';
}


/** A port's answer with a status the runner knows and a summary safe to store. */
function checked(result: WorkflowActionResult): WorkflowActionResult {
  const status = result.status === 'succeeded' || result.status === 'failed' ? result.status : 'unknown';
  return { ...result, status, summary: clean(result.summary || (status === 'succeeded' ? 'Done.' : 'Not done.')) };
}


