import { migrate, type SqliteDatabase } from './database';
import { BOTSTATE_AREA, botstateMigrations } from './botstate.migrations';
import type { ProcessedActivityStore } from '../../ports/processed-activity.port';


export interface ProcessedActivityStoreOptions {
  /** How long a claim is kept. Redeliveries come within minutes; a day is a wide margin. */
  retentionInMs?: number;
  now?: () => number;
}

const DAY_IN_MS = 24 * 60 * 60 * 1000;

export class SqliteProcessedActivityStore implements ProcessedActivityStore {
  private readonly insert;
  private readonly deleteOlder;
  private readonly retentionInMs: number;
  private readonly now: () => number;

  constructor(db: SqliteDatabase, options: ProcessedActivityStoreOptions = {}) {
    migrate(db, BOTSTATE_AREA, botstateMigrations);
    this.retentionInMs = options.retentionInMs ?? DAY_IN_MS;
    this.now = options.now ?? Date.now;
    // INSERT OR IGNORE is the claim: the primary key makes the second insert a no-op, atomically.
    this.insert = db.prepare('INSERT OR IGNORE INTO processed_activities (tenant_id, activity_id, claimed_at) VALUES (?, ?, ?)');
    this.deleteOlder = db.prepare('DELETE FROM processed_activities WHERE claimed_at < ?');
  }

  async tryClaim(tenantId: string, activityId: string): Promise<boolean> {
    return this.insert.run(tenantId, activityId, this.now()).changes === 1;
  }

  async prune(): Promise<number> {
    return this.deleteOlder.run(this.now() - this.retentionInMs).changes;
  }
}
