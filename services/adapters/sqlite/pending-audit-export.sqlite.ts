/**
 * SQLite store of pending exports (PendingAuditExportStore): audit exports and bulk results.
 * Rows hold ids, dates and the format only, never content, so a link or a consent card issued
 * before a restart still resolves after it (until its expiry).
 */
import type { AuditExportFormat } from '../../ports/audit-log.port';
import type { AuditExportDelivery, PendingAuditExport, PendingAuditExportState, PendingAuditExportStore, PendingExportKind } from '../../audit/audit-export-store.port';
import { migrate, type SqliteDatabase } from './database';

const AREA = 'audit-exports';
const MIGRATIONS = [
  `CREATE TABLE pending_audit_exports (
     tenant_id TEXT NOT NULL,
     id TEXT NOT NULL,
     owner_id TEXT NOT NULL,
     format TEXT NOT NULL CHECK (format IN ('csv', 'json')),
     from_day TEXT,
     to_day TEXT,
     delivery TEXT NOT NULL CHECK (delivery IN ('fileConsent', 'link')),
     state TEXT NOT NULL CHECK (state IN ('offered', 'accepted', 'delivered', 'declined')),
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, id)
   );
   CREATE INDEX pending_audit_exports_expiry ON pending_audit_exports (expires_at);`,
  // Bulk results (a job's per-user CSV) share the delivery; rows stored before are audit exports.
  `ALTER TABLE pending_audit_exports ADD COLUMN kind TEXT NOT NULL DEFAULT 'audit' CHECK (kind IN ('audit', 'bulkResults'));
   ALTER TABLE pending_audit_exports ADD COLUMN job_id TEXT;`,
];

interface Row {
  tenant_id: string;
  id: string;
  owner_id: string;
  kind: PendingExportKind;
  job_id: string | null;
  format: AuditExportFormat;
  from_day: string | null;
  to_day: string | null;
  delivery: AuditExportDelivery;
  state: PendingAuditExportState;
  created_at: string;
  expires_at: string;
}

function fromRow(row: Row): PendingAuditExport {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ownerId: row.owner_id,
    kind: row.kind,
    ...(row.job_id ? { jobId: row.job_id } : {}),
    format: row.format,
    ...(row.from_day ? { from: row.from_day } : {}),
    ...(row.to_day ? { to: row.to_day } : {}),
    delivery: row.delivery,
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class SqlitePendingAuditExportStore implements PendingAuditExportStore {
  private readonly insert;
  private readonly select;
  private readonly deleteOlder;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, AREA, MIGRATIONS);
    this.insert = db.prepare(
      `INSERT INTO pending_audit_exports (tenant_id, id, owner_id, kind, job_id, format, from_day, to_day, delivery, state, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.select = db.prepare('SELECT * FROM pending_audit_exports WHERE tenant_id = ? AND id = ?');
    this.deleteOlder = db.prepare('DELETE FROM pending_audit_exports WHERE expires_at < ?');
  }

  async create(pending: PendingAuditExport): Promise<void> {
    this.insert.run(
      pending.tenantId,
      pending.id,
      pending.ownerId,
      pending.kind,
      pending.jobId ?? null,
      pending.format,
      pending.from ?? null,
      pending.to ?? null,
      pending.delivery,
      pending.state,
      pending.createdAt,
      pending.expiresAt,
    );
  }

  async get(tenantId: string, id: string): Promise<PendingAuditExport | undefined> {
    const row = this.select.get(tenantId, id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async transition(tenantId: string, id: string, from: readonly PendingAuditExportState[], to: PendingAuditExportState): Promise<boolean> {
    if (from.length === 0) return false;
    const placeholders = from.map(() => '?').join(', ');
    const result = this.db
      .prepare(`UPDATE pending_audit_exports SET state = ? WHERE tenant_id = ? AND id = ? AND state IN (${placeholders})`)
      .run(to, tenantId, id, ...from);
    return result.changes === 1;
  }

  async deleteExpired(before: string): Promise<number> {
    return this.deleteOlder.run(before).changes;
  }
}
