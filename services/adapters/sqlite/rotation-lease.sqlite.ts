/**
 * SQLite per-tenant rotation lease (RotationLeaseStore). Acquisition is one transaction and a
 * take-over is a compare-and-set on the holder, so two holders never both win. The row carries
 * the owner's process identity and heartbeat; deciding whether that owner is gone is
 * RotationLocks' job, not the store's.
 */
import type { RotationLease, RotationLeaseOwner, RotationLeaseStore } from '../../rotation/rotation-store.port';
import type { SqliteDatabase } from './database';
import { migrateRotationArea } from './rotation.migrations';

interface LeaseRow {
  holder_id: string;
  acquired_at: string;
  expires_at: string;
  owner_instance_id: string | null;
  owner_pid: number | null;
  owner_hostname: string | null;
  heartbeat_at: string | null;
}

export class SqliteRotationLeaseStore implements RotationLeaseStore {
  private readonly acquireTx: (tenantId: string, holderId: string, now: Date, leaseInMs: number, owner: RotationLeaseOwner | undefined) => boolean;

  constructor(private readonly db: SqliteDatabase) {
    migrateRotationArea(db);
    const dropExpired = db.prepare('DELETE FROM rotation_leases WHERE tenant_id = ? AND expires_at_ms <= ?');
    const insert = db.prepare(
      `INSERT OR IGNORE INTO rotation_leases
         (tenant_id, holder_id, acquired_at, expires_at, expires_at_ms, owner_instance_id, owner_pid, owner_hostname, heartbeat_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.acquireTx = db.transaction((tenantId: string, holderId: string, now: Date, leaseInMs: number, owner: RotationLeaseOwner | undefined) => {
      dropExpired.run(tenantId, now.getTime());
      const expires = now.getTime() + leaseInMs;
      const at = now.toISOString();
      return (
        insert.run(tenantId, holderId, at, new Date(expires).toISOString(), expires, owner?.instanceId ?? null, owner?.pid ?? null, owner?.hostname ?? null, at).changes === 1
      );
    });
  }

  tryAcquire(tenantId: string, holderId: string, now: Date, leaseInMs: number, owner?: RotationLeaseOwner): boolean {
    return this.acquireTx(tenantId, holderId, now, leaseInMs, owner);
  }

  takeOver(tenantId: string, staleHolderId: string, holderId: string, now: Date, leaseInMs: number, owner: RotationLeaseOwner): boolean {
    const expires = now.getTime() + leaseInMs;
    const at = now.toISOString();
    return (
      this.db
        .prepare(
          `UPDATE rotation_leases
             SET holder_id = ?, acquired_at = ?, expires_at = ?, expires_at_ms = ?, owner_instance_id = ?, owner_pid = ?, owner_hostname = ?, heartbeat_at = ?
           WHERE tenant_id = ? AND holder_id = ?`,
        )
        .run(holderId, at, new Date(expires).toISOString(), expires, owner.instanceId, owner.pid, owner.hostname, at, tenantId, staleHolderId).changes === 1
    );
  }

  renew(tenantId: string, holderId: string, now: Date, leaseInMs: number): boolean {
    const expires = now.getTime() + leaseInMs;
    return (
      this.db
        .prepare('UPDATE rotation_leases SET expires_at = ?, expires_at_ms = ?, heartbeat_at = ? WHERE tenant_id = ? AND holder_id = ?')
        .run(new Date(expires).toISOString(), expires, now.toISOString(), tenantId, holderId).changes === 1
    );
  }

  release(tenantId: string, holderId: string): void {
    this.db.prepare('DELETE FROM rotation_leases WHERE tenant_id = ? AND holder_id = ?').run(tenantId, holderId);
  }

  current(tenantId: string): RotationLease | undefined {
    const row = this.db
      .prepare('SELECT holder_id, acquired_at, expires_at, owner_instance_id, owner_pid, owner_hostname, heartbeat_at FROM rotation_leases WHERE tenant_id = ?')
      .get(tenantId) as LeaseRow | undefined;
    if (!row) return undefined;
    const lease: RotationLease = { holderId: row.holder_id, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
    if (row.owner_instance_id !== null && row.owner_pid !== null && row.owner_hostname !== null) {
      lease.owner = { instanceId: row.owner_instance_id, pid: row.owner_pid, hostname: row.owner_hostname };
    }
    if (row.heartbeat_at !== null) lease.heartbeatAt = row.heartbeat_at;
    return lease;
  }
}
