/**
 * SQLite storage of workflow runs (area 'workflow-runs'): `workflow_runs` and
 * `workflow_run_steps`, every row keyed by tenant. Each update is one conditional statement (or
 * one transaction), committed when it returns, so a process killed at any point leaves each step
 * pending, running with its claim, waiting, or settled.
 */
import type { Person } from '../../access/actor';
import type { RunPatch, StepExpectation, StepKey, StepPatch, WorkflowRunListOptions, WorkflowRunRepository } from '../../workflows/workflow-run.repository.port';
import {
  RUN_STATES,
  STEP_STATUSES,
  UNFINISHED_RUN_STATES,
  type ApprovalStepDecision,
  type CompensationStatus,
  type WorkflowRun,
  type WorkflowRunState,
  type WorkflowRunStep,
  type WorkflowStepStatus,
} from '../../workflows/workflow-run.types';
import type { WorkflowStepKind } from '../../workflows/workflow.schema';
import { migrate, type SqliteDatabase } from './database';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(',');

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE workflow_runs (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    workflow_name TEXT NOT NULL,
    workflow_title TEXT NOT NULL,
    definition TEXT NOT NULL,
    requester_user_id TEXT NOT NULL,
    requester_upn TEXT,
    requester_display_name TEXT,
    target_user_id TEXT NOT NULL,
    target_upn TEXT NOT NULL,
    target_display_name TEXT NOT NULL,
    target_department TEXT,
    inputs TEXT NOT NULL,
    bindings TEXT NOT NULL,
    opt_in TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN (${list(RUN_STATES)})),
    trigger TEXT NOT NULL CHECK (trigger IN ('manual','scheduled')),
    batch_id TEXT,
    start_key TEXT,
    correlation_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    failed_step_id TEXT,
    stopped_by TEXT,
    start_audited INTEGER NOT NULL DEFAULT 0,
    end_audited INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX workflow_runs_start_key ON workflow_runs (tenant_id, start_key) WHERE start_key IS NOT NULL;
  CREATE INDEX workflow_runs_tenant ON workflow_runs (tenant_id, created_at);
  CREATE INDEX workflow_runs_batch ON workflow_runs (tenant_id, batch_id) WHERE batch_id IS NOT NULL;
  CREATE INDEX workflow_runs_open ON workflow_runs (state, end_audited);
  CREATE TABLE workflow_run_steps (
    tenant_id TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    step_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('action','approval','choice','notice')),
    status TEXT NOT NULL CHECK (status IN (${list(STEP_STATUSES)})),
    attempt INTEGER NOT NULL DEFAULT 1,
    claim_id TEXT,
    started_at TEXT,
    finished_at TEXT,
    code TEXT,
    summary TEXT,
    answer TEXT,
    decision TEXT CHECK (decision IS NULL OR decision IN ('approved','rejected','expired','cancelled')),
    decided_by TEXT,
    approval_request_id TEXT,
    deadline TEXT,
    shown_once_label TEXT,
    reconciled INTEGER NOT NULL DEFAULT 0,
    audited INTEGER NOT NULL DEFAULT 1,
    compensation_status TEXT CHECK (compensation_status IS NULL OR compensation_status IN ('pending','running','succeeded','failed','unknown')),
    compensation_claim_id TEXT,
    compensation_code TEXT,
    compensation_summary TEXT,
    compensation_reconciled INTEGER NOT NULL DEFAULT 0,
    compensation_audited INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, step_id)
  );
  CREATE INDEX workflow_run_steps_status ON workflow_run_steps (status)`,
];

interface RunRow {
  id: string;
  tenant_id: string;
  workflow_name: string;
  workflow_title: string;
  definition: string;
  requester_user_id: string;
  requester_upn: string | null;
  requester_display_name: string | null;
  target_user_id: string;
  target_upn: string;
  target_display_name: string;
  target_department: string | null;
  inputs: string;
  bindings: string;
  opt_in: string;
  state: WorkflowRunState;
  trigger: 'manual' | 'scheduled';
  batch_id: string | null;
  start_key: string | null;
  correlation_id: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  failed_step_id: string | null;
  stopped_by: string | null;
  start_audited: number;
  end_audited: number;
}

interface StepRow {
  tenant_id: string;
  run_id: string;
  step_id: string;
  position: number;
  kind: WorkflowStepKind;
  status: WorkflowStepStatus;
  attempt: number;
  claim_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  code: string | null;
  summary: string | null;
  answer: string | null;
  decision: ApprovalStepDecision | null;
  decided_by: string | null;
  approval_request_id: string | null;
  deadline: string | null;
  shown_once_label: string | null;
  reconciled: number;
  audited: number;
  compensation_status: CompensationStatus | null;
  compensation_claim_id: string | null;
  compensation_code: string | null;
  compensation_summary: string | null;
  compensation_reconciled: number;
  compensation_audited: number;
}

/** StepPatch field → column, and how its value is stored. */
const STEP_COLUMNS: Record<keyof StepPatch, { column: string; encode?: (value: unknown) => unknown }> = {
  status: { column: 'status' },
  attempt: { column: 'attempt' },
  claimId: { column: 'claim_id' },
  startedAt: { column: 'started_at' },
  finishedAt: { column: 'finished_at' },
  code: { column: 'code' },
  summary: { column: 'summary' },
  answer: { column: 'answer' },
  decision: { column: 'decision' },
  decidedBy: { column: 'decided_by', encode: encodePerson },
  approvalRequestId: { column: 'approval_request_id' },
  deadline: { column: 'deadline' },
  shownOnceLabel: { column: 'shown_once_label' },
  reconciled: { column: 'reconciled', encode: bit },
  audited: { column: 'audited', encode: bit },
  compensationStatus: { column: 'compensation_status' },
  compensationClaimId: { column: 'compensation_claim_id' },
  compensationCode: { column: 'compensation_code' },
  compensationSummary: { column: 'compensation_summary' },
  compensationReconciled: { column: 'compensation_reconciled', encode: bit },
  compensationAudited: { column: 'compensation_audited', encode: bit },
};

const RUN_COLUMNS: Record<keyof RunPatch, { column: string; encode?: (value: unknown) => unknown }> = {
  state: { column: 'state' },
  updatedAt: { column: 'updated_at' },
  finishedAt: { column: 'finished_at' },
  failedStepId: { column: 'failed_step_id' },
  stoppedBy: { column: 'stopped_by', encode: encodePerson },
  startAudited: { column: 'start_audited', encode: bit },
  endAudited: { column: 'end_audited', encode: bit },
};

export class SqliteWorkflowRunRepository implements WorkflowRunRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'workflow-runs', MIGRATIONS);
  }

  create(run: WorkflowRun, steps: readonly WorkflowRunStep[]): boolean {
    const insertRun = this.db.prepare(
      `INSERT INTO workflow_runs (id, tenant_id, workflow_name, workflow_title, definition, requester_user_id, requester_upn, requester_display_name,
         target_user_id, target_upn, target_display_name, target_department, inputs, bindings, opt_in, state, trigger, batch_id, start_key,
         correlation_id, created_at, updated_at, start_audited, end_audited)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertStep = this.db.prepare(`INSERT INTO workflow_run_steps (tenant_id, run_id, step_id, position, kind, status, attempt, audited) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`);
    try {
      this.db.transaction(() => {
        insertRun.run(
          run.id,
          run.tenantId,
          run.workflowName,
          run.workflowTitle,
          JSON.stringify(run.definition),
          run.requester.userId,
          run.requester.upn ?? null,
          run.requester.displayName ?? null,
          run.target.userId,
          run.target.upn,
          run.target.displayName,
          run.target.department ?? null,
          JSON.stringify(run.inputs),
          JSON.stringify(run.bindings),
          JSON.stringify(run.optIn),
          run.state,
          run.trigger,
          run.batchId ?? null,
          run.startKey ?? null,
          run.correlationId,
          run.createdAt,
          run.updatedAt,
          bit(run.startAudited),
          bit(run.endAudited),
        );
        for (const step of steps) insertStep.run(run.tenantId, run.id, step.stepId, step.position, step.kind, step.status, step.attempt);
      })();
      return true;
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message) && run.startKey && this.findByStartKey(run.tenantId, run.startKey)) return false;
      throw error;
    }
  }

  get(tenantId: string, runId: string): WorkflowRun | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_runs WHERE tenant_id = ? AND id = ?').get(tenantId, runId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  findByStartKey(tenantId: string, startKey: string): WorkflowRun | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_runs WHERE tenant_id = ? AND start_key = ?').get(tenantId, startKey) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  steps(tenantId: string, runId: string): WorkflowRunStep[] {
    return (this.db.prepare('SELECT * FROM workflow_run_steps WHERE tenant_id = ? AND run_id = ? ORDER BY position').all(tenantId, runId) as StepRow[]).map(toStep);
  }

  list(tenantId: string, options: WorkflowRunListOptions): WorkflowRun[] {
    const filters = ['tenant_id = ?'];
    const values: unknown[] = [tenantId];
    if (options.requesterUserId) {
      filters.push('requester_user_id = ?');
      values.push(options.requesterUserId);
    }
    if (options.batchId) {
      filters.push('batch_id = ?');
      values.push(options.batchId);
    }
    const rows = this.db.prepare(`SELECT * FROM workflow_runs WHERE ${filters.join(' AND ')} ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(...values, Math.max(1, options.limit)) as RunRow[];
    return rows.map(toRun);
  }

  listUnfinished(): Array<{ tenantId: string; runId: string }> {
    const rows = this.db
      .prepare(`SELECT tenant_id, id FROM workflow_runs WHERE state IN (${list(UNFINISHED_RUN_STATES)}) OR end_audited = 0 OR start_audited = 0 ORDER BY created_at, rowid`)
      .all() as Array<{ tenant_id: string; id: string }>;
    return rows.map((row) => ({ tenantId: row.tenant_id, runId: row.id }));
  }

  listWaitingApprovals(): WorkflowRunStep[] {
    return (this.db.prepare(`SELECT * FROM workflow_run_steps WHERE status = 'waiting-approval' ORDER BY deadline`).all() as StepRow[]).map(toStep);
  }

  updateRun(tenantId: string, runId: string, expect: { states?: readonly WorkflowRunState[] }, patch: RunPatch): boolean {
    const { sets, values } = assignments(RUN_COLUMNS, patch);
    const where = ['tenant_id = ?', 'id = ?'];
    const whereValues: unknown[] = [tenantId, runId];
    if (expect.states) {
      where.push(`state IN (${expect.states.map(() => '?').join(',')})`);
      whereValues.push(...expect.states);
    }
    return this.db.prepare(`UPDATE workflow_runs SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`).run(...values, ...whereValues).changes === 1;
  }

  updateStep(key: StepKey, expect: StepExpectation, patch: StepPatch): boolean {
    const { sets, values } = assignments(STEP_COLUMNS, patch);
    if (sets.length === 0) return false;
    const where = ['tenant_id = ?', 'run_id = ?', 'step_id = ?'];
    const whereValues: unknown[] = [key.tenantId, key.runId, key.stepId];
    const oneOf = (column: string, options: readonly unknown[]) => {
      where.push(`${column} IN (${options.map(() => '?').join(',')})`);
      whereValues.push(...options);
    };
    if (expect.status) oneOf('status', expect.status);
    if (expect.claimId !== undefined) oneOf('claim_id', [expect.claimId]);
    if (expect.attempt !== undefined) oneOf('attempt', [expect.attempt]);
    if (expect.compensationStatus) oneOf('compensation_status', expect.compensationStatus);
    if (expect.compensationClaimId !== undefined) oneOf('compensation_claim_id', [expect.compensationClaimId]);
    if (expect.approvalRequestIdIn) {
      const ids = expect.approvalRequestIdIn.filter((id): id is string => id !== null);
      const parts = [...(ids.length > 0 ? [`approval_request_id IN (${ids.map(() => '?').join(',')})`] : []), ...(expect.approvalRequestIdIn.includes(null) ? ['approval_request_id IS NULL'] : [])];
      where.push(`(${parts.join(' OR ') || '0'})`);
      whereValues.push(...ids);
    }
    return this.db.prepare(`UPDATE workflow_run_steps SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`).run(...values, ...whereValues).changes === 1;
  }

  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

function assignments<P extends object>(columns: Record<keyof P, { column: string; encode?: (value: unknown) => unknown }>, patch: P): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [field, value] of Object.entries(patch) as Array<[keyof P, unknown]>) {
    if (value === undefined) continue;
    const spec = columns[field];
    sets.push(`${spec.column} = ?`);
    values.push(value === null ? null : spec.encode ? spec.encode(value) : value);
  }
  return { sets, values };
}

function bit(value: unknown): number {
  return value ? 1 : 0;
}

function encodePerson(value: unknown): string {
  const person = value as Person;
  return JSON.stringify({ userId: person.userId, ...(person.upn ? { upn: person.upn } : {}), ...(person.displayName ? { displayName: person.displayName } : {}) });
}

function decodePerson(text: string | null): Person | undefined {
  return text ? (JSON.parse(text) as Person) : undefined;
}

function toRun(row: RunRow): WorkflowRun {
  const stoppedBy = decodePerson(row.stopped_by);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    workflowName: row.workflow_name,
    workflowTitle: row.workflow_title,
    definition: JSON.parse(row.definition) as WorkflowRun['definition'],
    requester: {
      tenantId: row.tenant_id,
      userId: row.requester_user_id,
      ...(row.requester_upn ? { upn: row.requester_upn } : {}),
      ...(row.requester_display_name ? { displayName: row.requester_display_name } : {}),
    },
    target: { userId: row.target_user_id, upn: row.target_upn, displayName: row.target_display_name, ...(row.target_department ? { department: row.target_department } : {}) },
    inputs: JSON.parse(row.inputs) as WorkflowRun['inputs'],
    bindings: JSON.parse(row.bindings) as WorkflowRun['bindings'],
    optIn: JSON.parse(row.opt_in) as string[],
    state: row.state,
    trigger: row.trigger,
    ...(row.batch_id ? { batchId: row.batch_id } : {}),
    ...(row.start_key ? { startKey: row.start_key } : {}),
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.failed_step_id ? { failedStepId: row.failed_step_id } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
    startAudited: row.start_audited === 1,
    endAudited: row.end_audited === 1,
  };
}

function toStep(row: StepRow): WorkflowRunStep {
  const decidedBy = decodePerson(row.decided_by);
  return {
    tenantId: row.tenant_id,
    runId: row.run_id,
    stepId: row.step_id,
    position: row.position,
    kind: row.kind,
    status: row.status,
    attempt: row.attempt,
    ...(row.claim_id ? { claimId: row.claim_id } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.code ? { code: row.code } : {}),
    ...(row.summary ? { summary: row.summary } : {}),
    ...(row.answer ? { answer: row.answer } : {}),
    ...(row.decision ? { decision: row.decision } : {}),
    ...(decidedBy ? { decidedBy } : {}),
    ...(row.approval_request_id ? { approvalRequestId: row.approval_request_id } : {}),
    ...(row.deadline ? { deadline: row.deadline } : {}),
    ...(row.shown_once_label ? { shownOnceLabel: row.shown_once_label } : {}),
    reconciled: row.reconciled === 1,
    audited: row.audited === 1,
    ...(row.compensation_status
      ? {
          compensation: {
            status: row.compensation_status,
            ...(row.compensation_claim_id ? { claimId: row.compensation_claim_id } : {}),
            ...(row.compensation_code ? { code: row.compensation_code } : {}),
            ...(row.compensation_summary ? { summary: row.compensation_summary } : {}),
            ...(row.compensation_reconciled ? { reconciled: true } : {}),
            audited: row.compensation_audited === 1,
          },
        }
      : {}),
  };
}
