import { migrate, type SqliteDatabase } from './database';
import { BOTSTATE_AREA, botstateMigrations } from './botstate.migrations';
import type { ProcessedActivityStore, TurnClaim } from '../../ports/processed-activity.port';

export interface ProcessedActivityStoreOptions {
  /** How long a claim is kept. Redeliveries come within minutes; a day is a wide margin. */
  retentionInMs?: number;
  now?: () => number;
}

const DAY_IN_MS = 24 * 60 * 60 * 1000;

export class SqliteProcessedActivityStore implements ProcessedActivityStore {
  private readonly insert;
  private readonly insertTurn;
  private readonly takeOver;
  private readonly finish;
  private readonly deleteOlder;
  private readonly retentionInMs: number;
  private readonly now: () => number;

  constructor(db: SqliteDatabase, options: ProcessedActivityStoreOptions = {}) {
    migrate(db, BOTSTATE_AREA, botstateMigrations);
    this.retentionInMs = options.retentionInMs ?? DAY_IN_MS;
    this.now = options.now ?? Date.now;
    // INSERT OR IGNORE is the claim: the primary key makes the second insert a no-op, atomically.
    this.insert = db.prepare('INSERT OR IGNORE INTO processed_activities (tenant_id, activity_id, claimed_at) VALUES (?, ?, ?)');
    this.insertTurn = db.prepare("INSERT OR IGNORE INTO processed_activities (tenant_id, activity_id, claimed_at, state, owner) VALUES (?, ?, ?, 'started', ?)");
    // One UPDATE decides the take-over, so two processes redelivered the same cut turn cannot both win it.
    this.takeOver = db.prepare("UPDATE processed_activities SET owner = ?, claimed_at = ? WHERE tenant_id = ? AND activity_id = ? AND state = 'started' AND owner IS NOT ?");
    this.finish = db.prepare("UPDATE processed_activities SET state = 'done' WHERE tenant_id = ? AND activity_id = ?");
    this.deleteOlder = db.prepare('DELETE FROM processed_activities WHERE claimed_at < ?');
  }

  async tryClaim(tenantId: string, activityId: string): Promise<boolean> {
    return this.insert.run(tenantId, activityId, this.now()).changes === 1;
  }

  async beginTurn(tenantId: string, activityId: string, instanceId: string): Promise<TurnClaim> {
    if (this.insertTurn.run(tenantId, activityId, this.now(), instanceId).changes === 1) return 'first';
    return this.takeOver.run(instanceId, this.now(), tenantId, activityId, instanceId).changes === 1 ? 'unfinished' : 'duplicate';
  }

  async finishTurn(tenantId: string, activityId: string): Promise<void> {
    this.finish.run(tenantId, activityId);
  }

  async prune(): Promise<number> {
    return this.deleteOlder.run(this.now() - this.retentionInMs).changes;
  }
}
