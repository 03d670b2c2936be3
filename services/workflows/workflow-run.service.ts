/**
 * Workflow runs: the one service a chat command (`run workflow <name> for <user>`,
 * `remediate compromised <user>`, `workflow runs`), a card verb (Start, Approve, an option of a
 * choice, Retry, Stop) and the scheduler all call. It re-checks the caller on every call, stores
 * the run before anything happens, and hands the run to the WorkflowRunner, which drives it in
 * the background (an invoke is answered at once; the progress card follows the run).
 *
 * Start-up: `resumeAll()` continues every run a previous process left unfinished. Timer: `tick()`
 * expires overdue approvals (their timeout paths) and reads back any decision an effect lost.
 */
import { randomUUID } from 'node:crypto';
import { describePerson, toPerson, type Actor } from '../access/actor';
import type { ApprovalDecision, ApprovalOutcome } from '../approvals/approval-request';
import type { AreaLogger } from '../ports/area-logger.port';
import { silentLogger } from '../ports/area-logger.port';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { auditDetails } from '../sessions/session-audit';
import type { WorkflowActionPort } from './workflow-action.port';
import { WORKFLOW_STEP_APPROVAL, type WorkflowApprovalDesk, type WorkflowApprovalReceiver } from './workflow-approvals';
import type { WorkflowCatalog, WorkflowSummary } from './workflow-catalog';
import type { WorkflowDirectory } from './workflow-directory.port';
import { WorkflowError } from './workflow-errors';
import type { WorkflowNoticePort } from './workflow-notice.port';
import { runDecisionEntry, WORKFLOW_AUDIT_ACTIONS } from './workflow-run-audit';
import type { WorkflowRunRepository } from './workflow-run.repository.port';
import {
  FINAL_RUN_STATES,
  UNFINISHED_RUN_STATES,
  type WorkflowProgressSink,
  type WorkflowRun,
  type WorkflowRunStep,
  type WorkflowRunView,
  type WorkflowTrigger,
  type WorkflowUser,
} from './workflow-run.types';
import type { WorkflowRunGuard } from './workflow-run-guard.port';
import { definitionOf } from './workflow-run-view';
import { WorkflowRunner, type WorkflowRunnerOptions } from './workflow-runner';
import { fillTemplate } from './workflow-template';
import { own, resolveInputs } from './workflow-values';
import { previewOf, type WorkflowPreview } from './workflow-preview';
import type { WorkflowDefinition, WorkflowStep } from './workflow.schema';

export type { WorkflowPreview } from './workflow-preview';

export interface WorkflowRunServiceDependencies {
  catalog: Pick<WorkflowCatalog, 'get' | 'list'>;
  runs: WorkflowRunRepository;
  actions: WorkflowActionPort;
  notices: WorkflowNoticePort;
  directory: WorkflowDirectory;
  approvals: WorkflowApprovalDesk;
  guard: WorkflowRunGuard;
  audit: AuditWriter;
  clock: Clock;
  progress?: WorkflowProgressSink;
  logger?: AreaLogger;
  options?: WorkflowRunnerOptions & {
    /** Most users one scheduled run may cover. Default 500. */
    maxScheduledTargets?: number;
  };
}

export interface StartOptions {
  /** Ids of the optional steps chosen before the run. */
  optIn?: readonly string[];
  /** The caller's key for this start (the activity id, the card's submit id): a redelivery returns the same run. */
  startKey?: string;
  correlationId?: string;
}

/** A department's users, or a group's (nested groups included). */
export type ScheduledQuery = { department: string } | { group: string };

export interface ScheduledRunOptions {
  /** Whose authority the runs act with: the tenant admin (or operator) who set up the schedule. Authorized for every target. */
  scheduledBy: Actor;
  inputs?: Readonly<Record<string, unknown>>;
  optIn?: readonly string[];
  /** The schedule slot's key ("<scheduleId>:<slot time>"): firing twice starts each user's run once. */
  batchKey?: string;
  correlationId?: string;
}

/** A run for every user of a department or group, before it starts. */
export interface WorkflowBatchPreview {
  /** The steps, as the first user's run would do them (every user gets the same steps). */
  preview: WorkflowPreview;
  /** The users it runs for: those the actor may act on. */
  users: WorkflowUser[];
  /** Users it leaves out, with why. */
  refused: ScheduledRunResult['refused'];
}

export interface ScheduledRunResult {
  batchId: string;
  runs: WorkflowRunView[];
  /** Users the schedule's owner may not act on (or who failed to start), with why. */
  refused: Array<{ upn: string; code: string; message: string }>;
}

export class WorkflowRunService {
  readonly runner: WorkflowRunner;
  private readonly logger: AreaLogger;

  constructor(private readonly deps: WorkflowRunServiceDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.runner = new WorkflowRunner({
      runs: deps.runs,
      actions: deps.actions,
      notices: deps.notices,
      directory: deps.directory,
      approvals: deps.approvals,
      audit: deps.audit,
      clock: deps.clock,
      ...(deps.progress ? { progress: deps.progress } : {}),
      logger: this.logger,
      ...(deps.options ? { options: deps.options } : {}),
    });
  }

  /** Where the `workflow.step` approval kind delivers decisions (workflow-approvals.ts). */
  get approvalReceiver(): WorkflowApprovalReceiver {
    return this.runner;
  }

  /** The workflows of the tenant (the `workflows` card). */
  listWorkflows(tenantId: string): WorkflowSummary[] {
    return this.deps.catalog.list(tenantId);
  }

  /**
   * What a run would do, step by step, with every parameter filled: the preview card. Authorizes
   * the actor exactly as `start` does, so a refusal comes before the confirmation, not after.
   * @throws WorkflowError NOT_FOUND, INVALID_INPUTS, TARGET_NOT_FOUND, TARGET_MISMATCH, DIRECTORY_UNAVAILABLE; AccessDeniedError, SessionError (the guard).
   */
  async preview(actor: Actor, workflowName: string, targetUpn: string | undefined, inputs: Readonly<Record<string, unknown>>, options: Pick<StartOptions, 'optIn' | 'correlationId'> = {}): Promise<WorkflowPreview> {
    const correlationId = options.correlationId ?? randomUUID();
    const prepared = await this.withApprovalGate(actor, await this.prepare(actor, workflowName, targetUpn, inputs, options.optIn ?? []));
    await this.deps.guard.authorizeStart(actor, prepared.definition, prepared.target, { correlationId, trigger: 'manual', optIn: prepared.optIn });
    return previewOf(prepared.definition, prepared.target, actor, prepared.values, prepared.bindings, prepared.optIn);
  }

  /**
   * Starts a run of `workflowName` on one user (manual trigger). The target is `targetUpn`, or
   * the one the workflow's `target` derives from the inputs; both given, they must agree.
   * The run is stored (and its start audited) before its first step; it then runs in the
   * background. A second call with the same `startKey` returns the first run.
   * @throws WorkflowError NOT_FOUND, INVALID_INPUTS, TARGET_NOT_FOUND, TARGET_MISMATCH, DIRECTORY_UNAVAILABLE; AccessDeniedError, SessionError (the guard).
   */
  async start(actor: Actor, workflowName: string, targetUpn: string | undefined, inputs: Readonly<Record<string, unknown>>, options: StartOptions = {}): Promise<WorkflowRunView> {
    if (options.startKey) {
      const existing = this.deps.runs.findByStartKey(actor.tenantId, options.startKey);
      if (existing) return this.runner.view(existing);
    }
    const correlationId = options.correlationId ?? randomUUID();
    const prepared = await this.withApprovalGate(actor, await this.prepare(actor, workflowName, targetUpn, inputs, options.optIn ?? []));
    await this.deps.guard.authorizeStart(actor, prepared.definition, prepared.target, { correlationId, trigger: 'manual', optIn: prepared.optIn });
    const run = this.create(actor, prepared, { trigger: 'manual', correlationId, ...(options.startKey ? { startKey: options.startKey } : {}) });
    this.runner.continueInBackground(run.tenantId, run.id);
    return this.runner.view(run);
  }

  /**
   * The scheduler's entry point: one run per user of a department or group, grouped by one batch
   * id (the bulk progress card follows the batch). Each user is authorized for `scheduledBy`;
   * users they may not act on are refused one by one, not the whole batch. Workflows that derive
   * their target from inputs (`target:`) can't be scheduled over a query.
   * Croner wiring (a schedule table with the tenant's time zone, slots claimed like the rotation
   * scheduler's) is not built yet: a scheduled job calls this with the slot's `batchKey`.
   * @throws WorkflowError NOT_FOUND, INVALID_INPUTS, QUERY_NOT_FOUND, QUERY_AMBIGUOUS, DIRECTORY_UNAVAILABLE.
   */
  async runScheduled(tenantId: string, workflowName: string, query: ScheduledQuery, options: ScheduledRunOptions): Promise<ScheduledRunResult> {
    const correlationId = options.correlationId ?? randomUUID();
    if (options.scheduledBy.tenantId !== tenantId) throw new WorkflowError('WORKFLOW.NOT_ALLOWED', 'A schedule runs with the authority of someone in the same organization.');
    return this.startForQuery(options.scheduledBy, workflowName, query, options.inputs ?? {}, options.optIn ?? [], { trigger: 'scheduled', correlationId, ...(options.batchKey ? { batchKey: options.batchKey } : {}) });
  }

  /**
   * What a run for every user of a department or group would do: the steps as the first user's
   * preview shows them (every user gets the same steps), who it covers, and who is left out
   * (outside the actor's scope, with why: those refusals are audited). Nothing is stored.
   * @throws WorkflowError NOT_FOUND, INVALID_INPUTS, QUERY_NOT_FOUND, QUERY_AMBIGUOUS, DIRECTORY_UNAVAILABLE, NOT_ALLOWED (nobody it covers may be acted on).
   */
  async previewBatch(actor: Actor, workflowName: string, query: ScheduledQuery, inputs: Readonly<Record<string, unknown>>, options: Pick<StartOptions, 'optIn' | 'correlationId'> = {}): Promise<WorkflowBatchPreview> {
    const correlationId = options.correlationId ?? randomUUID();
    const { definition, resolved, users } = await this.batchOf(actor, workflowName, query, inputs, options.optIn ?? []);
    const gated = await this.withApprovalGate(actor, { definition, target: users[0]!, ...resolved });
    const allowed: WorkflowUser[] = [];
    const refused: ScheduledRunResult['refused'] = [];
    for (const user of users) {
      try {
        await this.deps.guard.authorizeStart(actor, gated.definition, user, { correlationId, trigger: 'manual', optIn: resolved.optIn });
        allowed.push(user);
      } catch (error) {
        refused.push(refusalOf(user, error));
      }
    }
    if (allowed.length === 0) throw new WorkflowError('WORKFLOW.NOT_ALLOWED', `You may not run ${definition.title} on any of the ${users.length} users of ${queryWords(query)}, so nothing was started.`);
    await this.requireWithinBatchLimit(actor, definition.title, query, allowed.length);
    return { preview: previewOf(gated.definition, allowed[0]!, actor, gated.values, gated.bindings, gated.optIn), users: allowed, refused };
  }

  /**
   * Starts one run per user of a department or group (manual trigger), grouped by one batch id;
   * each user is authorized for the actor, and users they may not act on are left out with why.
   * A second call with the same `startKey` starts nobody again and returns the same batch.
   * @throws as previewBatch.
   */
  async startBatch(actor: Actor, workflowName: string, query: ScheduledQuery, inputs: Readonly<Record<string, unknown>>, options: StartOptions = {}): Promise<ScheduledRunResult> {
    const correlationId = options.correlationId ?? randomUUID();
    return this.startForQuery(actor, workflowName, query, inputs, options.optIn ?? [], { trigger: 'manual', correlationId, ...(options.startKey ? { batchKey: options.startKey } : {}) });
  }

  /** An operator's run for many users at once is a bulk action: above the tenant's bulk approval size it is refused, in words. */
  private async requireWithinBatchLimit(actor: Actor, title: string, query: ScheduledQuery, count: number): Promise<void> {
    const limit = await this.deps.guard.batchLimit?.(actor);
    if (limit === undefined || count <= limit) return;
    throw new WorkflowError(
      'WORKFLOW.NOT_ALLOWED',
      `${title} for ${queryWords(query)} covers ${count} users; an operator may start a workflow for at most ${limit} ${limit === 1 ? 'user' : 'users'} at once (your organization's bulk approval size). Nothing was started.`,
      { nextStep: 'Ask a tenant admin to run it, or name a smaller group.' },
    );
  }

  /** The runs of one batch, newest first, for the card that follows it (the edge; no actor: the card's owner was authorized when it started). */
  batchViews(tenantId: string, batchId: string): WorkflowRunView[] {
    return this.deps.runs.list(tenantId, { batchId, limit: 1_000 }).map((run) => this.runner.view(run));
  }

  private async batchOf(actor: Actor, workflowName: string, query: ScheduledQuery, inputs: Readonly<Record<string, unknown>>, optIn: readonly string[]) {
    const definition = this.requireWorkflow(actor.tenantId, workflowName);
    if (definition.target) {
      throw new WorkflowError('WORKFLOW.INVALID_INPUTS', `${definition.title} works out its user from its inputs, so it runs on one user at a time, not on a department or group.`);
    }
    const users = await this.usersOf(actor.tenantId, query);
    const limit = this.deps.options?.maxScheduledTargets ?? 500;
    if (users.length > limit) throw new WorkflowError('WORKFLOW.INVALID_INPUTS', `That covers ${users.length} users; a workflow runs on at most ${limit} at once. Narrow the group or department.`);
    return { definition, resolved: this.resolve(definition, inputs, optIn), users };
  }

  private async startForQuery(
    actor: Actor,
    workflowName: string,
    query: ScheduledQuery,
    inputs: Readonly<Record<string, unknown>>,
    optIn: readonly string[],
    meta: { trigger: WorkflowTrigger; correlationId: string; batchKey?: string },
  ): Promise<ScheduledRunResult> {
    const { correlationId } = meta;
    const { definition: plain, resolved, users } = await this.batchOf(actor, workflowName, query, inputs, optIn);
    const { definition } = await this.withApprovalGate(actor, { definition: plain, target: users[0]!, ...resolved });
    if (meta.trigger === 'manual') await this.requireWithinBatchLimit(actor, definition.title, query, users.length);
    const startKeyOf = (user: WorkflowUser) => (meta.batchKey ? `${meta.batchKey}:${user.userId}` : undefined);
    // A redelivery (or a slot finished after a crash) finds the runs the first delivery started: their batch is this batch.
    const started = new Map(users.flatMap((user) => {
      const key = startKeyOf(user);
      const existing = key ? this.deps.runs.findByStartKey(actor.tenantId, key) : undefined;
      return existing ? [[user.userId, existing] as const] : [];
    }));
    const batchId: string = [...started.values()].find((run) => run.batchId)?.batchId ?? randomUUID();
    const runs: WorkflowRunView[] = [];
    const refused: ScheduledRunResult['refused'] = [];
    let created = 0;
    for (const user of users) {
      const startKey = startKeyOf(user);
      const existing = started.get(user.userId);
      if (existing) {
        runs.push(this.runner.view(existing));
        continue;
      }
      try {
        await this.deps.guard.authorizeStart(actor, definition, user, { correlationId, trigger: meta.trigger, optIn: resolved.optIn });
      } catch (error) {
        refused.push(refusalOf(user, error));
        continue;
      }
      const run = this.create(actor, { definition, target: user, ...resolved }, { trigger: meta.trigger, correlationId, batchId, ...(startKey ? { startKey } : {}) });
      created += 1;
      runs.push(this.runner.view(run));
    }
    if (created > 0 || runs.length === 0) {
      await this.deps.audit.append({
        tenantId: actor.tenantId,
        actor: toPerson(actor),
        action: WORKFLOW_AUDIT_ACTIONS.batch,
        target: { type: 'workflowBatch', id: batchId, displayName: definition.title },
        result: { outcome: 'ok' },
        correlationId,
        details: auditDetails({ workflow: definition.name, trigger: meta.trigger, query: 'department' in query ? 'department' : 'group', runs: runs.length, refused: refused.length }),
      });
    }
    for (const run of runs) this.runner.continueInBackground(actor.tenantId, run.id);
    return { batchId, runs, refused };
  }

  /**
   * The answer to a waiting choice step, by the run's requester or a tenant admin. A second
   * answer (a double click, a redelivered invoke) changes nothing and returns the run as it is.
   * @throws WorkflowError RUN_NOT_FOUND, INVALID_STATE, NOT_ALLOWED, INVALID_ANSWER.
   */
  async answer(runId: string, stepId: string, actor: Actor, option: string): Promise<WorkflowRunView> {
    const run = this.requireRun(actor.tenantId, runId);
    const step = this.deps.runs.steps(run.tenantId, run.id).find((candidate) => candidate.stepId === stepId);
    const definition = definitionOf(run, stepId);
    if (!step || definition?.kind !== 'choice') throw new WorkflowError('WORKFLOW.INVALID_STATE', 'That step is not a question of this run.');
    await this.requireRequesterOrAdmin(run, actor);
    if (step.status !== 'waiting-choice') {
      if (step.answer) return this.runner.view(run);
      throw new WorkflowError('WORKFLOW.INVALID_STATE', `That question isn't waiting for an answer (the step is ${step.status}).`);
    }
    const chosen = definition.options.find((candidate) => candidate.toLowerCase() === option.trim().toLowerCase());
    if (!chosen) throw new WorkflowError('WORKFLOW.INVALID_ANSWER', `"${option.slice(0, 60)}" isn't one of the options: ${definition.options.join(', ')}.`);
    const now = this.deps.clock.now().toISOString();
    const answered = this.deps.runs.atomically(() => {
      const settled = this.deps.runs.updateStep(
        { tenantId: run.tenantId, runId: run.id, stepId },
        { status: ['waiting-choice'], attempt: step.attempt },
        { status: 'succeeded', answer: chosen, decidedBy: toPerson(actor), summary: `${describePerson(actor)} answered "${chosen}".`, finishedAt: now, audited: false },
      );
      if (settled) this.deps.runs.updateRun(run.tenantId, run.id, { states: ['waiting-choice'] }, { state: 'running', updatedAt: now });
      return settled;
    });
    if (answered) this.runner.continueInBackground(run.tenantId, run.id);
    return this.runner.view(this.requireRun(actor.tenantId, runId));
  }

  /**
   * Approve / Reject on a workflow's approval card. Refuses anyone the step doesn't name (when it
   * names approvers), then lets the approval service decide (tenant admin, four-eyes); its effect
   * records the decision on the step and the run goes on.
   * @throws WorkflowError RUN_NOT_FOUND, INVALID_STATE, NOT_AN_APPROVER (audited); ApprovalError, AccessDeniedError (the approval service).
   */
  async decideApproval(runId: string, stepId: string, actor: Actor, decision: ApprovalDecision, options: { correlationId?: string } = {}): Promise<ApprovalOutcome> {
    const correlationId = options.correlationId ?? randomUUID();
    const run = this.requireRun(actor.tenantId, runId);
    const step = this.deps.runs.steps(run.tenantId, run.id).find((candidate) => candidate.stepId === stepId);
    const definition = definitionOf(run, stepId);
    if (!step?.approvalRequestId || definition?.kind !== 'approval') throw new WorkflowError('WORKFLOW.INVALID_STATE', "That step isn't waiting for an approval.");
    if (Array.isArray(definition.approvers)) {
      const names = new Set([actor.userId, actor.upn].filter((value): value is string => Boolean(value)).map((value) => value.toLowerCase()));
      if (!definition.approvers.some((approver) => names.has(approver.toLowerCase()))) {
        await this.deps.audit.append({
          tenantId: actor.tenantId,
          actor: toPerson(actor),
          action: decision === 'approve' ? 'approval.approve' : 'approval.reject',
          target: { type: 'approval', id: step.approvalRequestId, displayName: 'workflow.step' },
          result: { outcome: 'denied', code: 'WORKFLOW.NOT_AN_APPROVER' },
          correlationId,
          details: { runId: run.id, stepId },
        });
        throw new WorkflowError('WORKFLOW.NOT_AN_APPROVER', `This step asks ${definition.approvers.join(', ')} to decide, and you aren't one of them.`);
      }
    }
    return this.deps.approvals.decide(step.approvalRequestId, actor, decision, { correlationId });
  }

  /**
   * Stops a run that has not finished, by its requester or a tenant admin: no further step
   * starts; a step in flight finishes and is recorded; waiting steps and the rest are skipped with
   * who stopped it. Finished steps are not undone (compensations run only when a step fails).
   * The requester's own pending approval request is cancelled; anyone else's stop leaves it to
   * expire, and its decision is ignored.
   * @throws WorkflowError RUN_NOT_FOUND, NOT_ALLOWED, INVALID_STATE.
   */
  async stop(runId: string, actor: Actor, options: { correlationId?: string } = {}): Promise<WorkflowRunView> {
    const correlationId = options.correlationId ?? randomUUID();
    const run = this.requireRun(actor.tenantId, runId);
    await this.requireRequesterOrAdmin(run, actor);
    if (FINAL_RUN_STATES.includes(run.state)) {
      if (run.state === 'stopped') return this.runner.view(run);
      throw new WorkflowError('WORKFLOW.INVALID_STATE', `This run has already ended (${run.state}).`, { details: { runId, state: run.state } });
    }
    const stopped = this.deps.runs.updateRun(run.tenantId, run.id, { states: UNFINISHED_RUN_STATES }, { state: 'stopped', stoppedBy: toPerson(actor), updatedAt: this.deps.clock.now().toISOString() });
    if (!stopped) return this.runner.view(this.requireRun(actor.tenantId, runId));
    await this.deps.audit.append(runDecisionEntry(run, toPerson(actor), WORKFLOW_AUDIT_ACTIONS.stop, correlationId, { from: run.state }));
    const waiting = this.deps.runs.steps(run.tenantId, run.id).find((step) => step.status === 'waiting-approval' && step.approvalRequestId);
    if (waiting?.approvalRequestId && actor.userId === run.requester.userId) {
      await this.deps.approvals.cancel(waiting.approvalRequestId, actor, { correlationId }).catch((error: unknown) => {
        this.logger.warn({ tenantId: run.tenantId, runId, code: (error as { code?: string }).code }, 'workflows: cancelling the approval of a stopped run failed; it will expire');
      });
    }
    this.runner.continueInBackground(run.tenantId, run.id);
    return this.runner.view(this.requireRun(actor.tenantId, runId));
  }

  /**
   * Retries a failed run from its failed step, by its requester or a tenant admin: that step runs
   * again (a new attempt, so a new idempotency key: a person decided it may run again), then the
   * steps the failure skipped. Refused when the failure ran compensations (the earlier steps were
   * undone: start a new run).
   * @throws WorkflowError RUN_NOT_FOUND, NOT_ALLOWED, INVALID_STATE, NOT_RETRYABLE.
   */
  async retry(runId: string, actor: Actor, options: { correlationId?: string } = {}): Promise<WorkflowRunView> {
    const correlationId = options.correlationId ?? randomUUID();
    const run = this.requireRun(actor.tenantId, runId);
    await this.requireRequesterOrAdmin(run, actor);
    if (run.state !== 'failed' || !run.failedStepId) throw new WorkflowError('WORKFLOW.INVALID_STATE', `Only a failed run can be retried; this one is ${run.state}.`, { details: { runId, state: run.state } });
    const steps = this.deps.runs.steps(run.tenantId, run.id);
    if (steps.some((step) => step.compensation)) throw new WorkflowError('WORKFLOW.NOT_RETRYABLE');
    const failed = steps.find((step) => step.stepId === run.failedStepId);
    if (!failed) throw new WorkflowError('WORKFLOW.INVALID_STATE', 'The failed step is not in this run.');
    const now = this.deps.clock.now().toISOString();
    const reset = {
      status: 'pending',
      claimId: null,
      startedAt: null,
      finishedAt: null,
      code: null,
      summary: null,
      answer: null,
      decision: null,
      decidedBy: null,
      approvalRequestId: null,
      deadline: null,
      shownOnceLabel: null,
      reconciled: false,
      audited: true,
    } as const;
    const retried = this.deps.runs.atomically(() => {
      if (!this.deps.runs.updateRun(run.tenantId, run.id, { states: ['failed'] }, { state: 'running', failedStepId: null, finishedAt: null, endAudited: false, updatedAt: now })) return false;
      this.deps.runs.updateStep({ tenantId: run.tenantId, runId: run.id, stepId: failed.stepId }, { status: ['failed', 'unknown'], attempt: failed.attempt }, { ...reset, attempt: failed.attempt + 1 });
      for (const step of steps.filter((candidate) => candidate.status === 'skipped' && candidate.code === 'WORKFLOW.NOT_RUN')) {
        this.deps.runs.updateStep({ tenantId: run.tenantId, runId: run.id, stepId: step.stepId }, { status: ['skipped'] }, reset);
      }
      return true;
    });
    if (!retried) throw new WorkflowError('WORKFLOW.INVALID_STATE', 'This run changed meanwhile; open it again.');
    await this.deps.audit.append(runDecisionEntry(run, toPerson(actor), WORKFLOW_AUDIT_ACTIONS.retry, correlationId, { stepId: failed.stepId, attempt: failed.attempt + 1 }));
    this.runner.continueInBackground(run.tenantId, run.id);
    return this.runner.view(this.requireRun(actor.tenantId, runId));
  }

  /**
   * One run, for its requester or a tenant admin (anyone else: not found, as for another tenant's id).
   * @throws WorkflowError RUN_NOT_FOUND.
   */
  async get(actor: Actor, runId: string): Promise<WorkflowRunView> {
    const run = this.requireRun(actor.tenantId, runId);
    if (run.requester.userId !== actor.userId && !(await this.deps.guard.isTenantAdmin(actor))) throw new WorkflowError('WORKFLOW.RUN_NOT_FOUND');
    return this.runner.view(run);
  }

  /** Recent runs, newest first (the `workflow runs` card): all of the tenant's for a tenant admin, one's own otherwise. */
  async list(actor: Actor, options: { limit?: number; batchId?: string } = {}): Promise<WorkflowRunView[]> {
    const admin = await this.deps.guard.isTenantAdmin(actor);
    const runs = this.deps.runs.list(actor.tenantId, {
      limit: Math.min(options.limit ?? 20, 100),
      ...(admin ? {} : { requesterUserId: actor.userId }),
      ...(options.batchId ? { batchId: options.batchId } : {}),
    });
    return runs.map((run) => this.runner.view(run));
  }

  /**
   * Start-up: reads back approval decisions an interrupted process did not record, then continues
   * every unfinished run in the background (steps left running are settled, never repeated).
   * Returns how many runs it picked up.
   */
  async resumeAll(): Promise<number> {
    await this.runner.reconcileApprovals();
    const open = this.deps.runs.listUnfinished();
    for (const { tenantId, runId } of open) this.runner.continueInBackground(tenantId, runId);
    if (open.length > 0) this.logger.info({ runs: open.length }, 'workflows: resuming unfinished runs');
    return open.length;
  }

  /**
   * The timer: expires approval requests past their deadline (each workflow step then takes its
   * onTimeout path) and applies any closed request a waiting step has not heard about.
   */
  async tick(now: Date = this.deps.clock.now()): Promise<{ expired: number; applied: number }> {
    const expired = await this.deps.approvals.expireDue(now);
    const applied = await this.runner.reconcileApprovals();
    return { expired: expired.filter((request) => request.kind === WORKFLOW_STEP_APPROVAL).length, applied };
  }

  /** Resolves when every run driven in the background so far has waited, ended or stopped (tests, shutdown). */
  async drain(): Promise<void> {
    await this.runner.drain();
  }

  /** Process shutdown: no new step starts; steps in flight finish; the next process resumes the rest. */
  async shutdown(): Promise<void> {
    await this.runner.stop();
  }

  private requireWorkflow(tenantId: string, workflowName: string): WorkflowDefinition {
    const definition = this.deps.catalog.get(tenantId, workflowName);
    if (!definition) throw new WorkflowError('WORKFLOW.NOT_FOUND', `There is no workflow called "${workflowName.slice(0, 64)}" that can be run.`);
    return definition;
  }

  private requireRun(tenantId: string, runId: string): WorkflowRun {
    const run = this.deps.runs.get(tenantId, runId);
    if (!run) throw new WorkflowError('WORKFLOW.RUN_NOT_FOUND');
    return run;
  }

  private async requireRequesterOrAdmin(run: WorkflowRun, actor: Actor): Promise<void> {
    if (run.requester.userId === actor.userId) return;
    if (await this.deps.guard.isTenantAdmin(actor)) return;
    throw new WorkflowError('WORKFLOW.NOT_ALLOWED', `Only ${describePerson(run.requester)}, who started this run, or a tenant admin can do that.`);
  }

  private resolve(definition: WorkflowDefinition, inputs: Readonly<Record<string, unknown>>, optIn: readonly string[]): { values: WorkflowRun['inputs']; bindings: WorkflowRun['bindings']; optIn: string[] } {
    const resolved = resolveInputs(definition, inputs);
    const problems = [...resolved.problems];
    const optional = definition.steps.filter((step) => step.kind === 'action' && step.optional).map((step) => step.id);
    for (const id of optIn) {
      if (!optional.includes(id)) problems.push(`"${id}" isn't an optional step of ${definition.title}${optional.length > 0 ? `; the optional steps are ${optional.join(', ')}` : '; it has none'}.`);
    }
    if (problems.length > 0) throw new WorkflowError('WORKFLOW.INVALID_INPUTS', `${problems.join(' ')} Nothing was started.`, { details: { problems } });
    return { values: resolved.values, bindings: resolved.bindings, optIn: [...new Set(optIn)] };
  }

  private async prepare(actor: Actor, workflowName: string, targetUpn: string | undefined, inputs: Readonly<Record<string, unknown>>, optIn: readonly string[]): Promise<PreparedRun> {
    const definition = this.requireWorkflow(actor.tenantId, workflowName);
    const resolved = this.resolve(definition, inputs, optIn);
    const derived = definition.target ? fillTemplate(definition.target, (name) => own(resolved.values, name) ?? own(resolved.bindings, name)).trim() : undefined;
    const given = targetUpn?.trim();
    if (given && derived && given.toLowerCase() !== derived.toLowerCase()) {
      throw new WorkflowError('WORKFLOW.TARGET_MISMATCH', `The inputs describe ${derived}, but you named ${given}. Nothing was started.`);
    }
    const who = given || derived;
    if (!who) throw new WorkflowError('WORKFLOW.INVALID_INPUTS', `Say which user ${definition.title} is for. Nothing was started.`);
    let target: WorkflowUser | undefined;
    try {
      target = await this.deps.directory.findUser(actor.tenantId, who);
    } catch {
      throw new WorkflowError('WORKFLOW.DIRECTORY_UNAVAILABLE');
    }
    if (!target) throw new WorkflowError('WORKFLOW.TARGET_NOT_FOUND', `I couldn't find ${who.slice(0, 256)} in your directory, so nothing was started.`);
    return { definition, target, ...resolved };
  }

  /**
   * An operator's run whose chosen action steps include some the tenant's rules send for a tenant
   * admin's approval starts with one approval step that covers them all (DESIGN.md §6.4: the run
   * is approved once, from its preview's list of changes, by another person), unless the workflow
   * already asks for such an approval before them. The step is part of the run's own copy of the
   * definition, so the preview shows it and a restart finds it.
   */
  private async withApprovalGate(actor: Actor, prepared: PreparedRun): Promise<PreparedRun> {
    const needed = (await this.deps.guard.approvalsNeeded?.(actor, prepared.definition, prepared.optIn)) ?? [];
    if (needed.length === 0) return prepared;
    const steps = prepared.definition.steps;
    const firstAction = steps.findIndex((step) => step.kind === 'action');
    if (steps.slice(0, Math.max(firstAction, 0)).some((step) => step.kind === 'approval' && step.coversActions)) return prepared;
    const ids = new Set(steps.map((step) => step.id));
    let id = 'tenantAdminApproval';
    for (let n = 2; ids.has(id); n += 1) id = `tenantAdminApproval${n}`;
    const list = needed.length === 1 ? needed[0]! : `${needed.slice(0, -1).join(', ')} and ${needed.at(-1)}`;
    const gate: WorkflowStep = {
      id,
      kind: 'approval',
      title: "A tenant admin's approval",
      approvers: 'tenantAdmins',
      message: `${describePerson(actor)} asks to run ${prepared.definition.title} for {{target.displayName}} ({{target.upn}}). ${list} ${needed.length === 1 ? 'needs' : 'need'} a tenant admin's approval when an operator runs ${needed.length === 1 ? 'it' : 'them'}; nothing runs until then.`.slice(0, 1000),
      onTimeout: 'stop',
      onFailure: 'stop',
      coversActions: true,
    };
    return { ...prepared, definition: { ...prepared.definition, steps: [gate, ...steps] } };
  }

  private create(requester: Actor, prepared: PreparedRun, meta: { trigger: WorkflowTrigger; correlationId: string; batchId?: string; startKey?: string }): WorkflowRun {
    const now = this.deps.clock.now().toISOString();
    const run: WorkflowRun = {
      id: randomUUID(),
      tenantId: requester.tenantId,
      workflowName: prepared.definition.name,
      workflowTitle: prepared.definition.title,
      definition: prepared.definition,
      requester: { tenantId: requester.tenantId, ...toPerson(requester) },
      target: prepared.target,
      inputs: prepared.values,
      bindings: prepared.bindings,
      optIn: prepared.optIn,
      state: 'running',
      trigger: meta.trigger,
      ...(meta.batchId ? { batchId: meta.batchId } : {}),
      ...(meta.startKey ? { startKey: meta.startKey } : {}),
      correlationId: meta.correlationId,
      createdAt: now,
      updatedAt: now,
      startAudited: false,
      endAudited: false,
    };
    const steps: WorkflowRunStep[] = prepared.definition.steps.map((step, position) => ({
      tenantId: run.tenantId,
      runId: run.id,
      stepId: step.id,
      position,
      kind: step.kind,
      status: 'pending',
      attempt: 1,
      reconciled: false,
      audited: true,
    }));
    if (!this.deps.runs.create(run, steps)) {
      const existing = meta.startKey ? this.deps.runs.findByStartKey(run.tenantId, meta.startKey) : undefined;
      if (existing) return existing;
      throw new WorkflowError('WORKFLOW.INVALID_STATE', 'The run could not be stored.');
    }
    this.logger.info({ tenantId: run.tenantId, runId: run.id, workflow: run.workflowName, trigger: run.trigger }, 'workflows: run started');
    return run;
  }

  private async usersOf(tenantId: string, query: ScheduledQuery): Promise<WorkflowUser[]> {
    try {
      if ('department' in query) {
        const users = await this.deps.directory.listUsersInDepartment(tenantId, query.department);
        if (users.length === 0) throw new WorkflowError('WORKFLOW.QUERY_NOT_FOUND', `No user is in the department "${query.department.slice(0, 64)}".`);
        return users;
      }
      const groups = await this.deps.directory.findGroupsByName(tenantId, query.group);
      if (groups.length === 0) throw new WorkflowError('WORKFLOW.QUERY_NOT_FOUND', `No group is called "${query.group.slice(0, 64)}".`);
      if (groups.length > 1) throw new WorkflowError('WORKFLOW.QUERY_AMBIGUOUS', `${groups.length} groups are called "${query.group.slice(0, 64)}".`);
      return await this.deps.directory.listGroupUsers(tenantId, groups[0]!.id);
    } catch (error) {
      if (error instanceof WorkflowError) throw error;
      throw new WorkflowError('WORKFLOW.DIRECTORY_UNAVAILABLE');
    }
  }
}

interface PreparedRun {
  definition: WorkflowDefinition;
  target: WorkflowUser;
  values: WorkflowRun['inputs'];
  bindings: WorkflowRun['bindings'];
  optIn: string[];
}

/** A user the batch leaves out, with the refusal's code and words. */
function refusalOf(user: WorkflowUser, error: unknown): ScheduledRunResult['refused'][number] {
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'WORKFLOW.NOT_ALLOWED';
  const message = typeof (error as { userMessage?: unknown }).userMessage === 'string' ? (error as { userMessage: string }).userMessage : 'Not allowed.';
  return { upn: user.upn, code, message };
}

function queryWords(query: ScheduledQuery): string {
  return 'department' in query ? `the department ${query.department}` : `the group ${query.group}`;
}
