/**
 * Storage of workflow runs and their steps (services/adapters/sqlite/workflow-run.sqlite.ts).
 * Synchronous, like the bulk jobs' store: every write is committed when the call returns, which
 * is what lets the runner say "stored before the next step starts". Every read and write names
 * the tenant: a run id from another tenant is "not found".
 *
 * Updates are conditional (`expect`): a claim succeeds for one caller only, and a settle names the
 * claim it settles, so a redelivered approval, a double click or a second process changes nothing.
 */
import type { Person } from '../access/actor';
import type {
  ApprovalStepDecision,
  CompensationStatus,
  WorkflowRun,
  WorkflowRunState,
  WorkflowRunStep,
  WorkflowStepStatus,
} from './workflow-run.types';

export interface StepKey {
  tenantId: string;
  runId: string;
  stepId: string;
}

/** Fields to write; null clears one. */
export interface StepPatch {
  status?: WorkflowStepStatus;
  attempt?: number;
  claimId?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  code?: string | null;
  summary?: string | null;
  answer?: string | null;
  decision?: ApprovalStepDecision | null;
  decidedBy?: Person | null;
  approvalRequestId?: string | null;
  deadline?: string | null;
  shownOnceLabel?: string | null;
  reconciled?: boolean;
  audited?: boolean;
  compensationStatus?: CompensationStatus | null;
  compensationClaimId?: string | null;
  compensationCode?: string | null;
  compensationSummary?: string | null;
  compensationReconciled?: boolean;
  compensationAudited?: boolean;
}

/** The update applies only when the stored step matches all of these. */
export interface StepExpectation {
  status?: readonly WorkflowStepStatus[];
  claimId?: string;
  attempt?: number;
  /** The stored approval request id is one of these (null: none stored yet). */
  approvalRequestIdIn?: ReadonlyArray<string | null>;
  compensationStatus?: readonly CompensationStatus[];
  compensationClaimId?: string;
}

export interface RunPatch {
  state?: WorkflowRunState;
  updatedAt: string;
  finishedAt?: string | null;
  failedStepId?: string | null;
  stoppedBy?: Person | null;
  startAudited?: boolean;
  endAudited?: boolean;
}

export interface WorkflowRunListOptions {
  /** Only runs this person started. */
  requesterUserId?: string;
  batchId?: string;
  /** Newest first; at most this many. */
  limit: number;
}

export interface WorkflowRunRepository {
  /** Inserts the run and its steps in one transaction. False (nothing written) when the tenant already has a run with the run's startKey. */
  create(run: WorkflowRun, steps: readonly WorkflowRunStep[]): boolean;
  get(tenantId: string, runId: string): WorkflowRun | undefined;
  findByStartKey(tenantId: string, startKey: string): WorkflowRun | undefined;
  /** The run's steps in definition order. */
  steps(tenantId: string, runId: string): WorkflowRunStep[];
  list(tenantId: string, options: WorkflowRunListOptions): WorkflowRun[];
  /** Every tenant's runs that are not finished, or finished but still owing their end audit record, oldest first. */
  listUnfinished(): Array<{ tenantId: string; runId: string }>;
  /** Every tenant's steps waiting for an approval. */
  listWaitingApprovals(): WorkflowRunStep[];
  updateRun(tenantId: string, runId: string, expect: { states?: readonly WorkflowRunState[] }, patch: RunPatch): boolean;
  updateStep(key: StepKey, expect: StepExpectation, patch: StepPatch): boolean;
  /** Runs `work` in one transaction: all of its writes are committed together or not at all. */
  atomically<T>(work: () => T): T;
}
