/**
 * Schema of the 'rotation' storage area: the run journal (which is also the rotation history),
 * the per-tenant lease (with its owner's process and heartbeat) and the tenant's rotation condition. Version ids and codes only; no
 * column ever holds a password. Append new steps; never edit a released one.
 */
import { migrate, type SqliteDatabase } from './database';

export const ROTATION_MIGRATIONS: readonly string[] = [
  `CREATE TABLE rotation_runs (
     rotation_id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     trigger_kind TEXT NOT NULL,
     trigger_json TEXT NOT NULL,
     started_at TEXT NOT NULL,
     step TEXT NOT NULL,
     status TEXT NOT NULL,
     pending_version TEXT,
     previous_version TEXT,
     error_code TEXT,
     finished_at TEXT,
     duration_ms INTEGER,
     settled_by_recovery INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX rotation_runs_by_tenant ON rotation_runs (tenant_id, started_at);
   CREATE TABLE rotation_leases (
     tenant_id TEXT PRIMARY KEY,
     holder_id TEXT NOT NULL,
     acquired_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     expires_at_ms INTEGER NOT NULL
   );
   CREATE TABLE rotation_conditions (
     tenant_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     code TEXT,
     since TEXT NOT NULL,
     next_recovery_at TEXT,
     state_json TEXT
   );`,
  // Who holds a lease and when it last renewed, so a successor takes over from a dead owner within seconds.
  `ALTER TABLE rotation_leases ADD COLUMN owner_instance_id TEXT;
   ALTER TABLE rotation_leases ADD COLUMN owner_pid INTEGER;
   ALTER TABLE rotation_leases ADD COLUMN owner_hostname TEXT;
   ALTER TABLE rotation_leases ADD COLUMN heartbeat_at TEXT;`,
];

export function migrateRotationArea(db: SqliteDatabase): void {
  migrate(db, 'rotation', ROTATION_MIGRATIONS);
}
