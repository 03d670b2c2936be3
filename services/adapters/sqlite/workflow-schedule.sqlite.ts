/**
 * SQLite storage of workflow schedules and their slots (area 'workflow-schedules'), every row
 * keyed by tenant. A slot is claimed by its primary key (INSERT OR IGNORE): one claimer per slot.
 */
import type { Actor } from '../../access/actor';
import type { WorkflowSchedule, WorkflowScheduleQuery, WorkflowScheduleRepository, WorkflowScheduleSlot } from '../../workflows/workflow-schedule.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE workflow_schedules (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    workflow_name TEXT NOT NULL,
    workflow_title TEXT NOT NULL,
    query_json TEXT NOT NULL,
    cron TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    inputs_json TEXT NOT NULL,
    opt_in_json TEXT NOT NULL,
    scheduled_by_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    armed_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE workflow_schedule_slots (
    tenant_id TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    outcome TEXT,
    batch_id TEXT,
    runs INTEGER,
    refused INTEGER,
    PRIMARY KEY (tenant_id, schedule_id, slot)
  );`,
];

interface ScheduleRow {
  tenant_id: string;
  id: string;
  workflow_name: string;
  workflow_title: string;
  query_json: string;
  cron: string;
  time_zone: string;
  inputs_json: string;
  opt_in_json: string;
  scheduled_by_json: string;
  created_at: string;
  armed_at: string;
}

interface SlotRow {
  tenant_id: string;
  schedule_id: string;
  slot: string;
  claimed_at: string;
  outcome: string | null;
  batch_id: string | null;
  runs: number | null;
  refused: number | null;
}

export class SqliteWorkflowScheduleRepository implements WorkflowScheduleRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'workflow-schedules', MIGRATIONS);
  }

  create(schedule: WorkflowSchedule): void {
    this.db
      .prepare(
        `INSERT INTO workflow_schedules (tenant_id, id, workflow_name, workflow_title, query_json, cron, time_zone, inputs_json, opt_in_json, scheduled_by_json, created_at, armed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        schedule.tenantId,
        schedule.id,
        schedule.workflowName,
        schedule.workflowTitle,
        JSON.stringify(schedule.query),
        schedule.cron,
        schedule.timeZone,
        JSON.stringify(schedule.inputs),
        JSON.stringify(schedule.optIn),
        JSON.stringify(schedule.scheduledBy),
        schedule.createdAt,
        schedule.armedAt,
      );
  }

  get(tenantId: string, id: string): WorkflowSchedule | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_schedules WHERE tenant_id = ? AND id = ?').get(tenantId, id) as ScheduleRow | undefined;
    return row ? toSchedule(row) : undefined;
  }

  list(tenantId: string): WorkflowSchedule[] {
    return (this.db.prepare('SELECT * FROM workflow_schedules WHERE tenant_id = ? ORDER BY created_at, id').all(tenantId) as ScheduleRow[]).map(toSchedule);
  }

  listAll(): WorkflowSchedule[] {
    return (this.db.prepare('SELECT * FROM workflow_schedules ORDER BY tenant_id, created_at, id').all() as ScheduleRow[]).map(toSchedule);
  }

  delete(tenantId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM workflow_schedules WHERE tenant_id = ? AND id = ?').run(tenantId, id).changes === 1;
  }

  claimSlot(tenantId: string, scheduleId: string, slot: string, claimedAt: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO workflow_schedule_slots (tenant_id, schedule_id, slot, claimed_at) VALUES (?, ?, ?, ?)').run(tenantId, scheduleId, slot, claimedAt).changes === 1;
  }

  completeSlot(tenantId: string, scheduleId: string, slot: string, result: { outcome: string; batchId?: string; runs?: number; refused?: number }): void {
    this.db
      .prepare('UPDATE workflow_schedule_slots SET outcome = ?, batch_id = ?, runs = ?, refused = ? WHERE tenant_id = ? AND schedule_id = ? AND slot = ?')
      .run(result.outcome, result.batchId ?? null, result.runs ?? null, result.refused ?? null, tenantId, scheduleId, slot);
  }

  lastSlot(tenantId: string, scheduleId: string): WorkflowScheduleSlot | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_schedule_slots WHERE tenant_id = ? AND schedule_id = ? ORDER BY slot DESC LIMIT 1').get(tenantId, scheduleId) as SlotRow | undefined;
    return row ? toSlot(row) : undefined;
  }

  openSlots(): WorkflowScheduleSlot[] {
    return (this.db.prepare('SELECT * FROM workflow_schedule_slots WHERE outcome IS NULL ORDER BY slot').all() as SlotRow[]).map(toSlot);
  }
}

function toSchedule(row: ScheduleRow): WorkflowSchedule {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    workflowName: row.workflow_name,
    workflowTitle: row.workflow_title,
    query: JSON.parse(row.query_json) as WorkflowScheduleQuery,
    cron: row.cron,
    timeZone: row.time_zone,
    inputs: JSON.parse(row.inputs_json) as Record<string, string>,
    optIn: JSON.parse(row.opt_in_json) as string[],
    scheduledBy: JSON.parse(row.scheduled_by_json) as Actor,
    createdAt: row.created_at,
    armedAt: row.armed_at,
  };
}

function toSlot(row: SlotRow): WorkflowScheduleSlot {
  return {
    tenantId: row.tenant_id,
    scheduleId: row.schedule_id,
    slot: row.slot,
    claimedAt: row.claimed_at,
    ...(row.outcome !== null ? { outcome: row.outcome } : {}),
    ...(row.batch_id !== null ? { batchId: row.batch_id } : {}),
    ...(row.runs !== null ? { runs: row.runs } : {}),
    ...(row.refused !== null ? { refused: row.refused } : {}),
  };
}
