/**
 * Append-only, hash-chained audit records in SQLite (area 'audit').
 * Triggers reject UPDATE and DELETE and out-of-order inserts; they stop mistakes and casual
 * edits, while the hash chain (checked by AuditLogService.verify) still catches someone who
 * drops the triggers or edits the file directly.
 */
import type { AuditRecord, ChainHead, JsonObject } from '../../ports/audit-log.port';
import type { AuditRecordRepository } from '../../ports/audit-record.repository.port';
import { AuditError } from '../../audit/audit-errors';
import { canonicalJson } from '../../audit/audit-hash';
import { migrate, type SqliteDatabase } from './database';

const AUDIT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE audit_records (
     tenant_id TEXT NOT NULL,
     sequence INTEGER NOT NULL,
     recorded_at TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     actor_upn TEXT,
     actor_display_name TEXT,
     action TEXT NOT NULL,
     target_type TEXT,
     target_id TEXT,
     target_upn TEXT,
     target_display_name TEXT,
     principal_id TEXT,
     principal_upn TEXT,
     result TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
     result_code TEXT,
     correlation_id TEXT NOT NULL,
     details_json TEXT NOT NULL,
     previous_hash TEXT NOT NULL,
     hash TEXT NOT NULL,
     PRIMARY KEY (tenant_id, sequence)
   );
   CREATE INDEX audit_records_by_time ON audit_records (tenant_id, recorded_at);
   CREATE TABLE audit_chain_heads (
     tenant_id TEXT PRIMARY KEY,
     sequence INTEGER NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
     BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
   CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
     BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
   CREATE TRIGGER audit_records_extend_head BEFORE INSERT ON audit_records
     WHEN NEW.sequence <> COALESCE((SELECT sequence FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id), 0) + 1
     BEGIN SELECT RAISE(ABORT, 'audit records must extend the chain head'); END;
   CREATE TRIGGER audit_chain_heads_start_at_one BEFORE INSERT ON audit_chain_heads
     WHEN NEW.sequence <> 1
     BEGIN SELECT RAISE(ABORT, 'a new audit chain starts at 1'); END;
   CREATE TRIGGER audit_chain_heads_forward_only BEFORE UPDATE ON audit_chain_heads
     WHEN NEW.sequence <> OLD.sequence + 1 OR NEW.tenant_id <> OLD.tenant_id
     BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward by one'); END;
   CREATE TRIGGER audit_chain_heads_no_delete BEFORE DELETE ON audit_chain_heads
     BEGIN SELECT RAISE(ABORT, 'audit chain heads cannot be deleted'); END;`,
];

interface AuditRow {
  tenant_id: string;
  sequence: number;
  recorded_at: string;
  actor_id: string;
  actor_upn: string | null;
  actor_display_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_upn: string | null;
  target_display_name: string | null;
  principal_id: string | null;
  principal_upn: string | null;
  result: 'ok' | 'denied' | 'failed';
  result_code: string | null;
  correlation_id: string;
  details_json: string;
  previous_hash: string;
  hash: string;
}

function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null && item !== undefined)) as T;
}

function fromRow(row: AuditRow): AuditRecord {
  const record: AuditRecord = {
    tenantId: row.tenant_id,
    sequence: row.sequence,
    recordedAt: row.recorded_at,
    actor: present({ userId: row.actor_id, upn: row.actor_upn ?? undefined, displayName: row.actor_display_name ?? undefined }),
    action: row.action,
    result: present({ outcome: row.result, code: row.result_code ?? undefined }),
    correlationId: row.correlation_id,
    details: JSON.parse(row.details_json) as JsonObject,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
  if (row.target_type !== null && row.target_id !== null) {
    record.target = present({ type: row.target_type, id: row.target_id, upn: row.target_upn ?? undefined, displayName: row.target_display_name ?? undefined });
  }
  if (row.principal_id !== null) record.principal = present({ id: row.principal_id, upn: row.principal_upn ?? undefined });
  return record;
}

export class SqliteAuditRecordRepository implements AuditRecordRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'audit', AUDIT_MIGRATIONS);
  }

  async append(tenantId: string, build: (head: ChainHead | undefined) => AuditRecord): Promise<AuditRecord> {
    const selectHead = this.db.prepare('SELECT sequence, hash FROM audit_chain_heads WHERE tenant_id = ?');
    const insert = this.db.prepare(
      `INSERT INTO audit_records (tenant_id, sequence, recorded_at, actor_id, actor_upn, actor_display_name, action,
         target_type, target_id, target_upn, target_display_name, principal_id, principal_upn, result, result_code,
         correlation_id, details_json, previous_hash, hash)
       VALUES (@tenantId, @sequence, @recordedAt, @actorId, @actorUpn, @actorDisplayName, @action,
         @targetType, @targetId, @targetUpn, @targetDisplayName, @principalId, @principalUpn, @result, @resultCode,
         @correlationId, @detailsJson, @previousHash, @hash)`,
    );
    // Two statements rather than an upsert: SQLite fires BEFORE INSERT triggers even when the
    // upsert turns into an update, which would trip the "new chains start at 1" guard.
    const moveHead = this.db.prepare('UPDATE audit_chain_heads SET sequence = ?, hash = ? WHERE tenant_id = ?');
    const startHead = this.db.prepare('INSERT INTO audit_chain_heads (tenant_id, sequence, hash) VALUES (?, ?, ?)');
    const appendInTransaction = this.db.transaction((): AuditRecord => {
      const head = selectHead.get(tenantId) as ChainHead | undefined;
      const record = build(head);
      if (record.tenantId !== tenantId || record.sequence !== (head?.sequence ?? 0) + 1) {
        throw new AuditError('AUDIT.CHAIN_CONFLICT', 'the record does not extend the chain head');
      }
      insert.run({
        tenantId: record.tenantId,
        sequence: record.sequence,
        recordedAt: record.recordedAt,
        actorId: record.actor.userId,
        actorUpn: record.actor.upn ?? null,
        actorDisplayName: record.actor.displayName ?? null,
        action: record.action,
        targetType: record.target?.type ?? null,
        targetId: record.target?.id ?? null,
        targetUpn: record.target?.upn ?? null,
        targetDisplayName: record.target?.displayName ?? null,
        principalId: record.principal?.id ?? null,
        principalUpn: record.principal?.upn ?? null,
        result: record.result.outcome,
        resultCode: record.result.code ?? null,
        correlationId: record.correlationId,
        detailsJson: canonicalJson(record.details),
        previousHash: record.previousHash,
        hash: record.hash,
      });
      if (head) moveHead.run(record.sequence, record.hash, tenantId);
      else startHead.run(tenantId, record.sequence, record.hash);
      return record;
    });
    // IMMEDIATE takes the write lock before reading the head, so two connections (or processes)
    // cannot both build on the same head; the loser waits up to busy_timeout.
    return appendInTransaction.immediate();
  }

  async head(tenantId: string): Promise<ChainHead | undefined> {
    return this.db.prepare('SELECT sequence, hash FROM audit_chain_heads WHERE tenant_id = ?').get(tenantId) as ChainHead | undefined;
  }

  async listNewest(tenantId: string, options: { beforeSequence?: number; limit: number }): Promise<AuditRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM audit_records WHERE tenant_id = ? AND sequence < ? ORDER BY sequence DESC LIMIT ?')
      .all(tenantId, options.beforeSequence ?? Number.MAX_SAFE_INTEGER, options.limit) as AuditRow[];
    return rows.map(fromRow);
  }

  async listAscending(tenantId: string, options: { afterSequence: number; limit: number; from?: string; to?: string }): Promise<AuditRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_records
         WHERE tenant_id = ? AND sequence > ? AND (? IS NULL OR recorded_at >= ?) AND (? IS NULL OR recorded_at <= ?)
         ORDER BY sequence ASC LIMIT ?`,
      )
      .all(tenantId, options.afterSequence, options.from ?? null, options.from ?? null, options.to ?? null, options.to ?? null, options.limit) as AuditRow[];
    return rows.map(fromRow);
  }
}
