import type { ServiceAccountRecord, ServiceAccountRepository } from '../../ports/service-account.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS = [
  `CREATE TABLE service_accounts (
     tenant_id TEXT PRIMARY KEY,
     object_id TEXT NOT NULL,
     user_principal_name TEXT NOT NULL,
     display_name TEXT NOT NULL,
     role_assignment_ids_json TEXT NOT NULL,
     role_definition_ids_json TEXT NOT NULL,
     secret_name TEXT NOT NULL,
     current_secret_version TEXT NOT NULL,
     pending_secret_version TEXT,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     last_rotation_at TEXT,
     next_rotation_at TEXT
   )`,
];

interface AccountRow {
  tenant_id: string;
  object_id: string;
  user_principal_name: string;
  display_name: string;
  role_assignment_ids_json: string;
  role_definition_ids_json: string;
  secret_name: string;
  current_secret_version: string;
  pending_secret_version: string | null;
  created_at: string;
  created_by: string;
  last_rotation_at: string | null;
  next_rotation_at: string | null;
}

function toRecord(row: AccountRow): ServiceAccountRecord {
  const record: ServiceAccountRecord = {
    tenantId: row.tenant_id,
    objectId: row.object_id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    roleAssignmentIds: JSON.parse(row.role_assignment_ids_json) as string[],
    roleDefinitionIds: JSON.parse(row.role_definition_ids_json) as string[],
    secretName: row.secret_name,
    currentSecretVersion: row.current_secret_version,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
  if (row.pending_secret_version) record.pendingSecretVersion = row.pending_secret_version;
  if (row.last_rotation_at) record.lastRotationAt = row.last_rotation_at;
  if (row.next_rotation_at) record.nextRotationAt = row.next_rotation_at;
  return record;
}

/**
 * The management service account record per tenant: ids and secret *versions* only. There is
 * deliberately no column that could hold a password.
 */
export class SqliteServiceAccountRepository implements ServiceAccountRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'service-accounts', MIGRATIONS);
  }

  get(tenantId: string): ServiceAccountRecord | undefined {
    const row = this.db.prepare('SELECT * FROM service_accounts WHERE tenant_id = ?').get(tenantId) as AccountRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  save(record: ServiceAccountRecord): void {
    this.db
      .prepare(
        `INSERT INTO service_accounts (tenant_id, object_id, user_principal_name, display_name, role_assignment_ids_json,
           role_definition_ids_json, secret_name, current_secret_version, pending_secret_version, created_at, created_by,
           last_rotation_at, next_rotation_at)
         VALUES (@tenantId, @objectId, @userPrincipalName, @displayName, @roleAssignmentIdsJson, @roleDefinitionIdsJson,
           @secretName, @currentSecretVersion, @pendingSecretVersion, @createdAt, @createdBy, @lastRotationAt, @nextRotationAt)
         ON CONFLICT (tenant_id) DO UPDATE SET
           object_id = excluded.object_id, user_principal_name = excluded.user_principal_name,
           display_name = excluded.display_name, role_assignment_ids_json = excluded.role_assignment_ids_json,
           role_definition_ids_json = excluded.role_definition_ids_json, secret_name = excluded.secret_name,
           current_secret_version = excluded.current_secret_version,
           pending_secret_version = excluded.pending_secret_version, created_at = excluded.created_at,
           created_by = excluded.created_by, last_rotation_at = excluded.last_rotation_at,
           next_rotation_at = excluded.next_rotation_at`,
      )
      .run({
        tenantId: record.tenantId,
        objectId: record.objectId,
        userPrincipalName: record.userPrincipalName,
        displayName: record.displayName,
        roleAssignmentIdsJson: JSON.stringify(record.roleAssignmentIds),
        roleDefinitionIdsJson: JSON.stringify(record.roleDefinitionIds),
        secretName: record.secretName,
        currentSecretVersion: record.currentSecretVersion,
        pendingSecretVersion: record.pendingSecretVersion ?? null,
        createdAt: record.createdAt,
        createdBy: record.createdBy,
        lastRotationAt: record.lastRotationAt ?? null,
        nextRotationAt: record.nextRotationAt ?? null,
      });
  }

  delete(tenantId: string): void {
    this.db.prepare('DELETE FROM service_accounts WHERE tenant_id = ?').run(tenantId);
  }

  listTenantIds(): string[] {
    return (this.db.prepare('SELECT tenant_id FROM service_accounts').all() as Array<{ tenant_id: string }>).map((row) => row.tenant_id);
  }
}
