/** SQLite journal of rotation runs (RotationJournal). One row per run; the history reads the same rows. */
import type { RotationJournal } from '../../rotation/rotation-store.port';
import type { RotationRun, RotationRunStatus, RotationStep, RotationTrigger } from '../../rotation/rotation.types';
import type { SqliteDatabase } from './database';
import { migrateRotationArea } from './rotation.migrations';

interface RunRow {
  rotation_id: string;
  tenant_id: string;
  trigger_json: string;
  started_at: string;
  step: string;
  status: string;
  pending_version: string | null;
  previous_version: string | null;
  error_code: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  settled_by_recovery: number;
}

export class SqliteRotationJournal implements RotationJournal {
  constructor(private readonly db: SqliteDatabase) {
    migrateRotationArea(db);
  }

  start(run: Pick<RotationRun, 'rotationId' | 'tenantId' | 'trigger' | 'startedAt' | 'previousVersion'>): void {
    this.db
      .prepare(
        `INSERT INTO rotation_runs (rotation_id, tenant_id, trigger_kind, trigger_json, started_at, step, status, previous_version)
         VALUES (?, ?, ?, ?, ?, 'started', 'running', ?)`,
      )
      .run(run.rotationId, run.tenantId, run.trigger.kind, JSON.stringify(run.trigger), run.startedAt, run.previousVersion ?? null);
  }

  advance(rotationId: string, step: RotationStep, versions: { pendingVersion?: string } = {}): void {
    this.db
      .prepare('UPDATE rotation_runs SET step = ?, pending_version = COALESCE(?, pending_version) WHERE rotation_id = ?')
      .run(step, versions.pendingVersion ?? null, rotationId);
  }

  finish(
    rotationId: string,
    outcome: { status: RotationRunStatus; errorCode?: string; finishedAt?: string; durationInMs?: number; settledByRecovery?: boolean },
  ): void {
    this.db
      .prepare(
        `UPDATE rotation_runs SET status = ?, error_code = COALESCE(?, error_code), finished_at = ?, duration_ms = ?,
           settled_by_recovery = MAX(settled_by_recovery, ?) WHERE rotation_id = ?`,
      )
      .run(
        outcome.status,
        outcome.errorCode ?? null,
        outcome.finishedAt ?? null,
        outcome.durationInMs ?? null,
        outcome.settledByRecovery ? 1 : 0,
        rotationId,
      );
  }

  get(rotationId: string): RotationRun | undefined {
    const row = this.db.prepare('SELECT * FROM rotation_runs WHERE rotation_id = ?').get(rotationId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  findOpen(tenantId: string): RotationRun | undefined {
    const row = this.db
      .prepare(`SELECT * FROM rotation_runs WHERE tenant_id = ? AND status IN ('running', 'unresolved') ORDER BY started_at DESC, rowid DESC LIMIT 1`)
      .get(tenantId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  list(tenantId: string, options: { limit: number }): RotationRun[] {
    const rows = this.db
      .prepare('SELECT * FROM rotation_runs WHERE tenant_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(tenantId, options.limit) as RunRow[];
    return rows.map(toRun);
  }
}

function toRun(row: RunRow): RotationRun {
  const run: RotationRun = {
    rotationId: row.rotation_id,
    tenantId: row.tenant_id,
    trigger: JSON.parse(row.trigger_json) as RotationTrigger,
    startedAt: row.started_at,
    step: row.step as RotationStep,
    status: row.status as RotationRunStatus,
    settledByRecovery: row.settled_by_recovery === 1,
  };
  if (row.pending_version !== null) run.pendingVersion = row.pending_version;
  if (row.previous_version !== null) run.previousVersion = row.previous_version;
  if (row.error_code !== null) run.errorCode = row.error_code;
  if (row.finished_at !== null) run.finishedAt = row.finished_at;
  if (row.duration_ms !== null) run.durationInMs = row.duration_ms;
  return run;
}
