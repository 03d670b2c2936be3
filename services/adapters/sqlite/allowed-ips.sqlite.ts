/**
 * SQLite storage of what `configure allowed IPs` set up per tenant (area 'allowed-ips'): one row
 * per tenant, the record as JSON. Ids and names only. Also which accounts passed the check before
 * their first turn-on in a mode.
 */
import type { AllowedIpsRecord, AllowedIpsRepository, PolicyCheckMarks } from '../../conditional-access/allowed-ips.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE allowed_ips (
    tenant_id TEXT NOT NULL PRIMARY KEY,
    record_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );`,
  `CREATE TABLE policy_check_marks (
    tenant_id TEXT NOT NULL,
    mark_key TEXT NOT NULL,
    passed_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, mark_key)
  );`,
];

export class SqliteAllowedIpsRepository implements AllowedIpsRepository, PolicyCheckMarks {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'allowed-ips', MIGRATIONS);
  }

  get(tenantId: string): AllowedIpsRecord | undefined {
    const row = this.db.prepare('SELECT record_json FROM allowed_ips WHERE tenant_id = ?').get(tenantId) as { record_json: string } | undefined;
    return row ? (JSON.parse(row.record_json) as AllowedIpsRecord) : undefined;
  }

  save(record: AllowedIpsRecord): void {
    this.db
      .prepare('INSERT INTO allowed_ips (tenant_id, record_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET record_json = excluded.record_json, updated_at = excluded.updated_at')
      .run(record.tenantId, JSON.stringify(record), new Date().toISOString());
  }

  delete(tenantId: string): void {
    this.db.prepare('DELETE FROM allowed_ips WHERE tenant_id = ?').run(tenantId);
  }

  passed(tenantId: string, key: string): boolean {
    return this.db.prepare('SELECT 1 FROM policy_check_marks WHERE tenant_id = ? AND mark_key = ?').get(tenantId, key) !== undefined;
  }

  markPassed(tenantId: string, key: string, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO policy_check_marks (tenant_id, mark_key, passed_at) VALUES (?, ?, ?)').run(tenantId, key, at);
  }
}
