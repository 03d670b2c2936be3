/**
 * SQLite outbox of proactive notices (NoticeOutboxStore), storage area 'notices'. Rows hold the
 * notice view model (times, version ids, words; never a secret) and the delivery bookkeeping.
 */
import type { NewOutboxRow, NoticeOutboxStore, OutboxRow, OutboxRowStatus } from '../../notifications/notice-outbox.port';
import type { Notice } from '../../notifications/notice.types';
import type { NotificationTarget } from '../../ports/notifier.port';
import { migrate, type SqliteDatabase } from './database';

export const NOTICE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE notice_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     notice_id TEXT NOT NULL,
     tenant_id TEXT NOT NULL,
     target_kind TEXT NOT NULL,
     target_id TEXT NOT NULL,
     dedupe_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     payload_json TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     rounds INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     next_attempt_at_ms INTEGER NOT NULL,
     last_error_code TEXT,
     last_status INTEGER,
     created_at TEXT NOT NULL,
     delivered_at TEXT,
     conversation_id TEXT,
     activity_id TEXT,
     UNIQUE (tenant_id, dedupe_key, target_kind, target_id)
   );
   CREATE INDEX notice_outbox_due ON notice_outbox (status, next_attempt_at_ms);`,
];

const UNADDRESSED = 'unaddressed';

interface OutboxDbRow {
  id: number;
  notice_id: string;
  tenant_id: string;
  target_kind: string;
  target_id: string;
  dedupe_key: string;
  payload_json: string;
  status: string;
  attempts: number;
  rounds: number;
  next_attempt_at: string;
  last_error_code: string | null;
  last_status: number | null;
  created_at: string;
  delivered_at: string | null;
  conversation_id: string | null;
  activity_id: string | null;
}

export class SqliteNoticeOutboxStore implements NoticeOutboxStore {
  private readonly claimTx: (now: Date, leaseUntil: Date, limit: number, tenantId?: string) => OutboxRow[];
  private readonly insertTx: (rows: readonly NewOutboxRow[]) => number;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'notices', NOTICE_MIGRATIONS);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO notice_outbox (notice_id, tenant_id, target_kind, target_id, dedupe_key, kind, payload_json, status,
         next_attempt_at, next_attempt_at_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    );
    this.insertTx = db.transaction((rows: readonly NewOutboxRow[]) => {
      let inserted = 0;
      for (const row of rows) {
        const at = row.createdAt.toISOString();
        inserted += insert.run(
          row.noticeId,
          row.tenantId,
          row.target?.kind ?? UNADDRESSED,
          row.target?.id ?? '',
          row.dedupeKey,
          row.notice.kind,
          JSON.stringify(row.notice),
          at,
          row.createdAt.getTime(),
          at,
        ).changes;
      }
      return inserted;
    });
    const selectDue = db.prepare(
      `SELECT * FROM notice_outbox WHERE status = 'pending' AND next_attempt_at_ms <= ? AND (? IS NULL OR tenant_id = ?)
       ORDER BY next_attempt_at_ms, id LIMIT ?`,
    );
    const lease = db.prepare('UPDATE notice_outbox SET next_attempt_at = ?, next_attempt_at_ms = ? WHERE id = ?');
    this.claimTx = db.transaction((now: Date, leaseUntil: Date, limit: number, tenantId?: string) => {
      const rows = selectDue.all(now.getTime(), tenantId ?? null, tenantId ?? null, limit) as OutboxDbRow[];
      for (const row of rows) lease.run(leaseUntil.toISOString(), leaseUntil.getTime(), row.id);
      return rows.map(toRow);
    });
  }

  insert(rows: readonly NewOutboxRow[]): number {
    return this.insertTx(rows);
  }

  claimDue(now: Date, leaseUntil: Date, limit: number, tenantId?: string): OutboxRow[] {
    return this.claimTx(now, leaseUntil, limit, tenantId);
  }

  markDelivered(id: number, at: Date, sent: { conversationId: string; activityId: string }, attempts: number): void {
    this.db
      .prepare(
        `UPDATE notice_outbox SET status = 'delivered', delivered_at = ?, conversation_id = ?, activity_id = ?, attempts = ?, rounds = rounds + 1
         WHERE id = ?`,
      )
      .run(at.toISOString(), sent.conversationId, sent.activityId, attempts, id);
  }

  markFailed(id: number, failure: { attempts: number; nextAttemptAt: Date; errorCode: string; status?: number }): void {
    this.db
      .prepare(
        `UPDATE notice_outbox SET attempts = ?, rounds = rounds + 1, next_attempt_at = ?, next_attempt_at_ms = ?, last_error_code = ?,
           last_status = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(failure.attempts, failure.nextAttemptAt.toISOString(), failure.nextAttemptAt.getTime(), failure.errorCode, failure.status ?? null, id);
  }

  markExpanded(id: number): void {
    this.db.prepare(`UPDATE notice_outbox SET status = 'expanded' WHERE id = ?`).run(id);
  }

  listQueued(tenantId?: string): OutboxRow[] {
    return (
      this.db
        .prepare(`SELECT * FROM notice_outbox WHERE status = 'pending' AND (? IS NULL OR tenant_id = ?) ORDER BY id`)
        .all(tenantId ?? null, tenantId ?? null) as OutboxDbRow[]
    ).map(toRow);
  }

  get(id: number): OutboxRow | undefined {
    const row = this.db.prepare('SELECT * FROM notice_outbox WHERE id = ?').get(id) as OutboxDbRow | undefined;
    return row ? toRow(row) : undefined;
  }
}

function toRow(row: OutboxDbRow): OutboxRow {
  const result: OutboxRow = {
    id: row.id,
    noticeId: row.notice_id,
    tenantId: row.tenant_id,
    dedupeKey: row.dedupe_key,
    notice: JSON.parse(row.payload_json) as Notice,
    status: row.status as OutboxRowStatus,
    attempts: row.attempts,
    rounds: row.rounds,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
  if (row.target_kind !== UNADDRESSED) result.target = { tenantId: row.tenant_id, kind: row.target_kind as NotificationTarget['kind'], id: row.target_id };
  if (row.last_error_code !== null) result.lastErrorCode = row.last_error_code;
  if (row.last_status !== null) result.lastStatus = row.last_status;
  if (row.delivered_at !== null) result.deliveredAt = row.delivered_at;
  if (row.conversation_id !== null) result.conversationId = row.conversation_id;
  if (row.activity_id !== null) result.activityId = row.activity_id;
  return result;
}
