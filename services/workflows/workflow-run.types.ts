/**
 * A workflow run: one workflow on one target user, with one stored row per step. Every state
 * change is written (and committed) before anything it announces happens, so a process killed at
 * any point leaves each step pending, running (claimed), waiting, or settled on disk.
 *
 * Run states:
 *   running → waiting-approval / waiting-choice → running → … →
 *     succeeded                  every chosen step succeeded (steps skipped by a false condition or not opted in are fine)
 *     completed-with-failures    it went to the end, but a step with onFailure: continue failed (or a step was skipped because its prerequisite failed)
 *     failed                     a step failed and stopped the run (after `compensating`, when declared compensations ran)
 *     stopped                    someone stopped it
 */
import type { Actor, Person } from '../access/actor';
import type { WorkflowDefinition, WorkflowStepKind } from './workflow.schema';

export const RUN_STATES = ['running', 'waiting-approval', 'waiting-choice', 'compensating', 'succeeded', 'completed-with-failures', 'failed', 'stopped'] as const;
export type WorkflowRunState = (typeof RUN_STATES)[number];
export const FINAL_RUN_STATES: readonly WorkflowRunState[] = ['succeeded', 'completed-with-failures', 'failed', 'stopped'];
export const UNFINISHED_RUN_STATES: readonly WorkflowRunState[] = ['running', 'waiting-approval', 'waiting-choice', 'compensating'];

export const STEP_STATUSES = ['pending', 'running', 'waiting-approval', 'waiting-choice', 'succeeded', 'failed', 'unknown', 'skipped'] as const;
export type WorkflowStepStatus = (typeof STEP_STATUSES)[number];
export const SETTLED_STEP_STATUSES: readonly WorkflowStepStatus[] = ['succeeded', 'failed', 'unknown', 'skipped'];

export type CompensationStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'unknown';
export type ApprovalStepDecision = 'approved' | 'rejected' | 'expired' | 'cancelled';
export type WorkflowTrigger = 'manual' | 'scheduled';

/** The user a run acts on, as the directory knew them when the run started. */
export interface WorkflowUser {
  userId: string;
  upn: string;
  displayName: string;
  department?: string;
}

export type InputValue = string | number | boolean;

export interface WorkflowRun {
  id: string;
  tenantId: string;
  workflowName: string;
  workflowTitle: string;
  /** The definition as it was when the run started: later edits never change a run under way. */
  definition: WorkflowDefinition;
  /** Who the run acts for: the person who started it (or who set up the schedule). */
  requester: Actor;
  target: WorkflowUser;
  /** Inputs after defaults and type checks; never secrets (refused at start). */
  inputs: Record<string, InputValue>;
  bindings: Record<string, string>;
  /** Ids of the optional steps chosen before the run. */
  optIn: string[];
  state: WorkflowRunState;
  trigger: WorkflowTrigger;
  /** Groups the runs of one scheduled (or bulk) start. */
  batchId?: string;
  /** The caller's key for this start (an activity id, a schedule slot): a second start with it returns this run. */
  startKey?: string;
  correlationId: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The step whose failure stopped the run. */
  failedStepId?: string;
  stoppedBy?: Person;
  startAudited: boolean;
  endAudited: boolean;
}

export interface StepCompensation {
  status: CompensationStatus;
  claimId?: string;
  code?: string;
  summary?: string;
  reconciled?: boolean;
  audited: boolean;
}

export interface WorkflowRunStep {
  tenantId: string;
  runId: string;
  stepId: string;
  position: number;
  kind: WorkflowStepKind;
  status: WorkflowStepStatus;
  /** 1, then +1 on every retry of this step: part of the idempotency key from the second attempt. */
  attempt: number;
  /** Written with `running`, before the action is called; the settle must name it. */
  claimId?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Stable code of a failure or skip (ACTION.*, WORKFLOW.NOT_CHOSEN, …). */
  code?: string;
  /** One line for the run card: what happened, or why it was skipped. Never a secret. */
  summary?: string;
  /** A choice step's answer. */
  answer?: string;
  /** An approval step's decision, and who decided (or answered a choice). */
  decision?: ApprovalStepDecision;
  decidedBy?: Person;
  approvalRequestId?: string;
  /** UTC ISO-8601: when a waiting approval times out. */
  deadline?: string;
  /** The label of a secret the action port showed the requester once ("Temporary password"); never its value. */
  shownOnceLabel?: string;
  /** Settled after an interruption (by `verify`, or as outcome unknown) rather than by the call that ran it. */
  reconciled: boolean;
  /** False while this settled result still owes its audit record. */
  audited: boolean;
  compensation?: StepCompensation;
}

/** A step as a card shows it. */
export interface WorkflowStepView {
  id: string;
  title: string;
  kind: WorkflowStepKind;
  status: WorkflowStepStatus;
  summary?: string;
  code?: string;
  answer?: string;
  decision?: ApprovalStepDecision;
  decidedBy?: Person;
  deadline?: string;
  approvalRequestId?: string;
  /** For a waiting choice: the question and its options. */
  question?: string;
  options?: string[];
  shownOnceLabel?: string;
  compensation?: { status: CompensationStatus; summary?: string };
}

/** A run as the `workflow runs` card and the run's progress card show it. */
export interface WorkflowRunView {
  id: string;
  tenantId: string;
  workflowName: string;
  workflowTitle: string;
  target: WorkflowUser;
  requester: Person;
  state: WorkflowRunState;
  trigger: WorkflowTrigger;
  batchId?: string;
  createdAt: string;
  finishedAt?: string;
  failedStepId?: string;
  stoppedBy?: Person;
  steps: WorkflowStepView[];
  /** A failed run whose finished steps were not undone can be retried from its failed step. */
  canRetry: boolean;
  canStop: boolean;
}

/** Told about every change of a run (the bot updates its progress card, throttled). */
export interface WorkflowProgressSink {
  runChanged(view: WorkflowRunView): Promise<void>;
}
