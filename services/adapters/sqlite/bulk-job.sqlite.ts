/**
 * SQLite storage of bulk jobs (area 'bulk'). Every state change is a conditional UPDATE or a
 * transaction, so an item's state is on disk before its batch is sent and as soon as its batch
 * answered: a process killed at any point leaves each item pending, sending or settled.
 */
import type { ManagementActionId } from '../../access/actions';
import type { BulkJobRepository } from '../../actions/bulk/bulk-job.repository.port';
import type { BulkCounts, BulkItem, BulkItemSettlement, BulkItemState, BulkJob, BulkJobState } from '../../actions/bulk/bulk-job.types';
import type { SessionPrincipal } from '../../sessions/session.types';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE bulk_jobs (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    actor_upn TEXT,
    actor_display_name TEXT,
    action_id TEXT NOT NULL,
    selection TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('awaiting-confirmation','running','cancelling','done','cancelled','expired')),
    idempotency_key TEXT,
    started_at TEXT,
    finished_at TEXT,
    principal_object_id TEXT,
    principal_upn TEXT,
    principal_kind TEXT,
    card_conversation_id TEXT,
    card_activity_id TEXT
  );
  CREATE UNIQUE INDEX bulk_jobs_idempotency ON bulk_jobs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX bulk_jobs_state ON bulk_jobs (state);
  CREATE TABLE bulk_job_items (
    job_id TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    upn TEXT NOT NULL,
    display_name TEXT NOT NULL,
    position INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending','sending','succeeded','failed','skipped','unknown')),
    code TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER,
    PRIMARY KEY (job_id, user_id)
  );
  CREATE INDEX bulk_job_items_state ON bulk_job_items (job_id, state, position)`,
  // An item settled before its audit record was written (a kill in between) is found again on resume.
  // Items of older jobs are taken as audited: that is what the code that wrote them did next.
  `ALTER TABLE bulk_job_items ADD COLUMN audited INTEGER NOT NULL DEFAULT 1`,
  // The tenant admin's approval a job above the bulk approval size waits for (approval_requests.id).
  `ALTER TABLE bulk_jobs ADD COLUMN approval_request_id TEXT`,
];

interface JobRow {
  id: string;
  tenant_id: string;
  actor_user_id: string;
  actor_upn: string | null;
  actor_display_name: string | null;
  action_id: string;
  selection: string;
  correlation_id: string;
  created_at: string;
  expires_at: string;
  state: BulkJobState;
  idempotency_key: string | null;
  started_at: string | null;
  finished_at: string | null;
  principal_object_id: string | null;
  principal_upn: string | null;
  principal_kind: string | null;
  card_conversation_id: string | null;
  card_activity_id: string | null;
  approval_request_id: string | null;
}

interface ItemRow {
  job_id: string;
  user_id: string;
  upn: string;
  display_name: string;
  state: BulkItemState;
  code: string | null;
  attempts: number;
  not_before: number | null;
}

const ITEM_STATES: readonly BulkItemState[] = ['pending', 'sending', 'succeeded', 'failed', 'skipped', 'unknown'];

export class SqliteBulkJobRepository implements BulkJobRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'bulk', MIGRATIONS);
  }

  create(job: BulkJob, items: readonly Omit<BulkItem, 'jobId' | 'attempts'>[]): void {
    const insertJob = this.db.prepare(
      `INSERT INTO bulk_jobs (id, tenant_id, actor_user_id, actor_upn, actor_display_name, action_id, selection, correlation_id, created_at, expires_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertItem = this.db.prepare(
      `INSERT INTO bulk_job_items (job_id, user_id, upn, display_name, position, state, code) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      insertJob.run(job.id, job.tenantId, job.actor.userId, job.actor.upn ?? null, job.actor.displayName ?? null, job.actionId, job.selection, job.correlationId, job.createdAt, job.expiresAt, job.state);
      items.forEach((item, position) => insertItem.run(job.id, item.userId, item.upn, item.displayName, position, item.state, item.code ?? null));
    })();
  }

  get(jobId: string): BulkJob | undefined {
    const row = this.db.prepare('SELECT * FROM bulk_jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    return row ? toJob(row) : undefined;
  }

  findByIdempotencyKey(tenantId: string, idempotencyKey: string): BulkJob | undefined {
    const row = this.db.prepare('SELECT * FROM bulk_jobs WHERE tenant_id = ? AND idempotency_key = ?').get(tenantId, idempotencyKey) as JobRow | undefined;
    return row ? toJob(row) : undefined;
  }

  items(jobId: string, states?: readonly BulkItemState[]): BulkItem[] {
    const filter = states && states.length > 0 ? ` AND state IN (${states.map(() => '?').join(',')})` : '';
    const rows = this.db.prepare(`SELECT * FROM bulk_job_items WHERE job_id = ?${filter} ORDER BY position`).all(jobId, ...(states ?? [])) as ItemRow[];
    return rows.map(toItem);
  }

  counts(jobId: string): BulkCounts {
    const counts = Object.fromEntries(ITEM_STATES.map((state) => [state, 0])) as BulkCounts;
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM bulk_job_items WHERE job_id = ? GROUP BY state').all(jobId) as Array<{ state: BulkItemState; n: number }>;
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  codeCounts(jobId: string): Record<string, number> {
    const rows = this.db.prepare('SELECT code, COUNT(*) AS n FROM bulk_job_items WHERE job_id = ? AND code IS NOT NULL AND state IN (?, ?, ?) GROUP BY code').all(jobId, 'skipped', 'failed', 'unknown') as Array<{ code: string; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.code, row.n]));
  }

  start(jobId: string, start: { idempotencyKey: string; now: Date; principal: SessionPrincipal; card?: BulkJob['card'] }): boolean {
    try {
      const result = this.db
        .prepare(
          `UPDATE bulk_jobs SET state = 'running', idempotency_key = ?, started_at = ?, principal_object_id = ?, principal_upn = ?, principal_kind = ?,
             card_conversation_id = ?, card_activity_id = ?
           WHERE id = ? AND state = 'awaiting-confirmation'`,
        )
        .run(start.idempotencyKey, start.now.toISOString(), start.principal.objectId, start.principal.userPrincipalName, start.principal.kind, start.card?.conversationId ?? null, start.card?.activityId ?? null, jobId);
      return result.changes === 1;
    } catch (error) {
      // The key already started another job of the tenant: this delivery starts nothing.
      if (error instanceof Error && /UNIQUE/.test(error.message)) return false;
      throw error;
    }
  }

  setCard(jobId: string, card: NonNullable<BulkJob['card']>): void {
    this.db.prepare('UPDATE bulk_jobs SET card_conversation_id = ?, card_activity_id = ? WHERE id = ?').run(card.conversationId, card.activityId, jobId);
  }

  requestCancel(jobId: string): boolean {
    return this.db.prepare(`UPDATE bulk_jobs SET state = 'cancelling' WHERE id = ? AND state = 'running'`).run(jobId).changes === 1;
  }

  markSending(jobId: string, userIds: readonly string[], sentAt: number): void {
    const update = this.db.prepare(`UPDATE bulk_job_items SET state = 'sending', attempts = attempts + 1, not_before = ? WHERE job_id = ? AND user_id = ? AND state = 'pending'`);
    this.db.transaction(() => {
      for (const userId of userIds) update.run(sentAt, jobId, userId);
    })();
  }

  settle(jobId: string, settlements: readonly BulkItemSettlement[]): void {
    const update = this.db.prepare(
      `UPDATE bulk_job_items SET state = ?, code = ?, not_before = ?, audited = CASE WHEN ? IN ('succeeded','failed','unknown') THEN 0 ELSE audited END WHERE job_id = ? AND user_id = ?`,
    );
    this.db.transaction(() => {
      for (const s of settlements) update.run(s.state, s.code ?? null, s.notBefore ?? null, s.state, jobId, s.userId);
    })();
  }

  unaudited(jobId: string): BulkItem[] {
    return (this.db.prepare(`SELECT * FROM bulk_job_items WHERE job_id = ? AND audited = 0 ORDER BY position`).all(jobId) as ItemRow[]).map(toItem);
  }

  markAudited(jobId: string, userIds: readonly string[]): void {
    const update = this.db.prepare('UPDATE bulk_job_items SET audited = 1 WHERE job_id = ? AND user_id = ?');
    this.db.transaction(() => {
      for (const userId of userIds) update.run(jobId, userId);
    })();
  }

  attachApproval(jobId: string, approvalRequestId: string, expiresAt: string, now: Date, replacing?: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE bulk_jobs SET approval_request_id = ?, expires_at = ?
           WHERE id = ? AND state = 'awaiting-confirmation' AND expires_at > ? AND (approval_request_id IS NULL OR approval_request_id = ?)`,
        )
        .run(approvalRequestId, expiresAt, jobId, now.toISOString(), replacing ?? null).changes === 1
    );
  }

  finish(jobId: string, state: Extract<BulkJobState, 'done' | 'cancelled'>, now: Date): boolean {
    return this.db.prepare(`UPDATE bulk_jobs SET state = ?, finished_at = ? WHERE id = ? AND state IN ('running','cancelling')`).run(state, now.toISOString(), jobId).changes === 1;
  }

  expire(now: Date): number {
    return this.db.prepare(`UPDATE bulk_jobs SET state = 'expired' WHERE state = 'awaiting-confirmation' AND expires_at <= ?`).run(now.toISOString()).changes;
  }

  listUnfinished(): BulkJob[] {
    return (this.db.prepare(`SELECT * FROM bulk_jobs WHERE state IN ('running','cancelling') ORDER BY started_at`).all() as JobRow[]).map(toJob);
  }
}

function toJob(row: JobRow): BulkJob {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: { userId: row.actor_user_id, ...(row.actor_upn ? { upn: row.actor_upn } : {}), ...(row.actor_display_name ? { displayName: row.actor_display_name } : {}) },
    actionId: row.action_id as ManagementActionId,
    selection: row.selection,
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    state: row.state,
    ...(row.idempotency_key ? { idempotencyKey: row.idempotency_key } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.principal_object_id && row.principal_upn
      ? { principal: { objectId: row.principal_object_id, userPrincipalName: row.principal_upn, kind: row.principal_kind as SessionPrincipal['kind'] } }
      : {}),
    ...(row.card_conversation_id && row.card_activity_id ? { card: { conversationId: row.card_conversation_id, activityId: row.card_activity_id } } : {}),
    ...(row.approval_request_id ? { approvalRequestId: row.approval_request_id } : {}),
  };
}

function toItem(row: ItemRow): BulkItem {
  return {
    jobId: row.job_id,
    userId: row.user_id,
    upn: row.upn,
    displayName: row.display_name,
    state: row.state,
    ...(row.code ? { code: row.code } : {}),
    attempts: row.attempts,
    ...(row.not_before !== null ? { notBefore: row.not_before } : {}),
  };
}
