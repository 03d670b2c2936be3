/**
 * SQLite storage of what `configure allowed IPs` set up per tenant (area 'allowed-ips'): one row
 * per tenant, the record as JSON. Ids and names only.
 */
import type { AllowedIpsRecord, AllowedIpsRepository } from '../../conditional-access/allowed-ips.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE allowed_ips (
    tenant_id TEXT NOT NULL PRIMARY KEY,
    record_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );`,
];

export class SqliteAllowedIpsRepository implements AllowedIpsRepository {
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
}
