/** SQLite per-tenant rotation lease (RotationLeaseStore). Acquisition is one transaction, so two holders never both win. */
import type { RotationLease, RotationLeaseStore } from '../../rotation/rotation-store.port';
import type { SqliteDatabase } from './database';
import { migrateRotationArea } from './rotation.migrations';

export class SqliteRotationLeaseStore implements RotationLeaseStore {
  private readonly acquireTx: (tenantId: string, holderId: string, now: Date, leaseInMs: number) => boolean;

  constructor(private readonly db: SqliteDatabase) {
    migrateRotationArea(db);
    const dropExpired = db.prepare('DELETE FROM rotation_leases WHERE tenant_id = ? AND expires_at_ms <= ?');
    const insert = db.prepare(
      'INSERT OR IGNORE INTO rotation_leases (tenant_id, holder_id, acquired_at, expires_at, expires_at_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.acquireTx = db.transaction((tenantId: string, holderId: string, now: Date, leaseInMs: number) => {
      dropExpired.run(tenantId, now.getTime());
      const expires = now.getTime() + leaseInMs;
      return insert.run(tenantId, holderId, now.toISOString(), new Date(expires).toISOString(), expires).changes === 1;
    });
  }

  tryAcquire(tenantId: string, holderId: string, now: Date, leaseInMs: number): boolean {
    return this.acquireTx(tenantId, holderId, now, leaseInMs);
  }

  renew(tenantId: string, holderId: string, now: Date, leaseInMs: number): boolean {
    const expires = now.getTime() + leaseInMs;
    return (
      this.db
        .prepare('UPDATE rotation_leases SET expires_at = ?, expires_at_ms = ? WHERE tenant_id = ? AND holder_id = ?')
        .run(new Date(expires).toISOString(), expires, tenantId, holderId).changes === 1
    );
  }

  release(tenantId: string, holderId: string): void {
    this.db.prepare('DELETE FROM rotation_leases WHERE tenant_id = ? AND holder_id = ?').run(tenantId, holderId);
  }

  current(tenantId: string): RotationLease | undefined {
    const row = this.db.prepare('SELECT holder_id, acquired_at, expires_at FROM rotation_leases WHERE tenant_id = ?').get(tenantId) as
      | { holder_id: string; acquired_at: string; expires_at: string }
      | undefined;
    return row ? { holderId: row.holder_id, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : undefined;
  }
}
