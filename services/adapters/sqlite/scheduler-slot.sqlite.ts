/** SQLite scheduler slots and arm times (SchedulerSlotStore), storage area 'scheduler'. */
import type { SchedulerJob, SchedulerSlotStore } from '../../scheduling/scheduler-slot.port';
import { migrate, type SqliteDatabase } from './database';

export const SCHEDULER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE scheduler_slots (
     tenant_id TEXT NOT NULL,
     job TEXT NOT NULL,
     slot_key TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     finished_at TEXT,
     outcome TEXT,
     PRIMARY KEY (tenant_id, job, slot_key)
   );
   CREATE TABLE scheduler_arms (
     tenant_id TEXT NOT NULL,
     job TEXT NOT NULL,
     schedule_key TEXT NOT NULL,
     armed_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, job)
   );`,
];

export class SqliteSchedulerSlotStore implements SchedulerSlotStore {
  private readonly armTx: (tenantId: string, job: SchedulerJob, scheduleKey: string, now: Date) => Date;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'scheduler', SCHEDULER_MIGRATIONS);
    const select = db.prepare('SELECT schedule_key, armed_at FROM scheduler_arms WHERE tenant_id = ? AND job = ?');
    const upsert = db.prepare(
      `INSERT INTO scheduler_arms (tenant_id, job, schedule_key, armed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, job) DO UPDATE SET schedule_key = excluded.schedule_key, armed_at = excluded.armed_at`,
    );
    this.armTx = db.transaction((tenantId: string, job: SchedulerJob, scheduleKey: string, now: Date) => {
      const row = select.get(tenantId, job) as { schedule_key: string; armed_at: string } | undefined;
      if (row && row.schedule_key === scheduleKey) return new Date(row.armed_at);
      upsert.run(tenantId, job, scheduleKey, now.toISOString());
      return now;
    });
  }

  claim(tenantId: string, job: SchedulerJob, slotKey: string, claimedAt: Date): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO scheduler_slots (tenant_id, job, slot_key, claimed_at) VALUES (?, ?, ?, ?)')
        .run(tenantId, job, slotKey, claimedAt.toISOString()).changes === 1
    );
  }

  complete(tenantId: string, job: SchedulerJob, slotKey: string, outcome: string, finishedAt: Date): void {
    this.db
      .prepare('UPDATE scheduler_slots SET outcome = ?, finished_at = ? WHERE tenant_id = ? AND job = ? AND slot_key = ?')
      .run(outcome, finishedAt.toISOString(), tenantId, job, slotKey);
  }

  release(tenantId: string, job: SchedulerJob, slotKey: string): void {
    this.db.prepare('DELETE FROM scheduler_slots WHERE tenant_id = ? AND job = ? AND slot_key = ? AND finished_at IS NULL').run(tenantId, job, slotKey);
  }

  arm(tenantId: string, job: SchedulerJob, scheduleKey: string, now: Date): Date {
    return this.armTx(tenantId, job, scheduleKey, now);
  }

  list(tenantId: string, job: SchedulerJob, options: { limit?: number } = {}): Array<{ slotKey: string; claimedAt: string; finishedAt?: string; outcome?: string }> {
    const rows = this.db
      .prepare('SELECT slot_key, claimed_at, finished_at, outcome FROM scheduler_slots WHERE tenant_id = ? AND job = ? ORDER BY slot_key DESC LIMIT ?')
      .all(tenantId, job, options.limit ?? 100) as Array<{ slot_key: string; claimed_at: string; finished_at: string | null; outcome: string | null }>;
    return rows.map((row) => ({
      slotKey: row.slot_key,
      claimedAt: row.claimed_at,
      ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
      ...(row.outcome !== null ? { outcome: row.outcome } : {}),
    }));
  }
}
