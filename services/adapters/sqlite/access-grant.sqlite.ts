/**
 * Operator grants, auditor grants and confirmed tenant admins in SQLite (area 'access').
 * Every statement filters on tenant_id; the primary keys start with it.
 */
import type { AccessGrantRepository } from '../../ports/access-grant.repository.port';
import type { ManagementActionId } from '../../access/actions';
import type { Person } from '../../access/actor';
import type { AuditorGrant, KnownTenantAdmin, OperatorGrant, ScopeRule } from '../../access/operator-grant';
import { migrate, type SqliteDatabase } from './database';

const ACCESS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE access_operator_grants (
     tenant_id TEXT NOT NULL,
     operator_id TEXT NOT NULL,
     operator_upn TEXT NOT NULL,
     operator_display_name TEXT NOT NULL,
     scope_json TEXT NOT NULL,
     actions_json TEXT NOT NULL,
     include_privileged INTEGER NOT NULL DEFAULT 0 CHECK (include_privileged IN (0, 1)),
     granted_by_json TEXT NOT NULL,
     granted_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, operator_id)
   );
   CREATE TABLE access_auditor_grants (
     tenant_id TEXT NOT NULL,
     auditor_id TEXT NOT NULL,
     auditor_upn TEXT NOT NULL,
     auditor_display_name TEXT NOT NULL,
     granted_by_json TEXT NOT NULL,
     granted_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, auditor_id)
   );
   CREATE TABLE access_known_tenant_admins (
     tenant_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     upn TEXT,
     display_name TEXT,
     last_confirmed_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, user_id)
   );`,
];

interface OperatorRow {
  tenant_id: string;
  operator_id: string;
  operator_upn: string;
  operator_display_name: string;
  scope_json: string;
  actions_json: string;
  include_privileged: number;
  granted_by_json: string;
  granted_at: string;
  updated_at: string;
}

interface AuditorRow {
  tenant_id: string;
  auditor_id: string;
  auditor_upn: string;
  auditor_display_name: string;
  granted_by_json: string;
  granted_at: string;
}

interface KnownAdminRow {
  tenant_id: string;
  user_id: string;
  upn: string | null;
  display_name: string | null;
  last_confirmed_at: string;
}

function toOperatorGrant(row: OperatorRow): OperatorGrant {
  return {
    tenantId: row.tenant_id,
    operator: { userId: row.operator_id, upn: row.operator_upn, displayName: row.operator_display_name },
    scope: JSON.parse(row.scope_json) as ScopeRule[],
    allowedActions: JSON.parse(row.actions_json) as ManagementActionId[],
    includePrivileged: row.include_privileged === 1,
    grantedBy: JSON.parse(row.granted_by_json) as Person,
    grantedAt: row.granted_at,
    updatedAt: row.updated_at,
  };
}

function toAuditorGrant(row: AuditorRow): AuditorGrant {
  return {
    tenantId: row.tenant_id,
    auditor: { userId: row.auditor_id, upn: row.auditor_upn, displayName: row.auditor_display_name },
    grantedBy: JSON.parse(row.granted_by_json) as Person,
    grantedAt: row.granted_at,
  };
}

function toKnownAdmin(row: KnownAdminRow): KnownTenantAdmin {
  const person: Person = { userId: row.user_id };
  if (row.upn) person.upn = row.upn;
  if (row.display_name) person.displayName = row.display_name;
  return { tenantId: row.tenant_id, person, lastConfirmedAt: row.last_confirmed_at };
}

export class SqliteAccessGrantRepository implements AccessGrantRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'access', ACCESS_MIGRATIONS);
  }

  async getOperatorGrant(tenantId: string, operatorId: string): Promise<OperatorGrant | undefined> {
    const row = this.db.prepare('SELECT * FROM access_operator_grants WHERE tenant_id = ? AND operator_id = ?').get(tenantId, operatorId) as OperatorRow | undefined;
    return row ? toOperatorGrant(row) : undefined;
  }

  async listOperatorGrants(tenantId: string): Promise<OperatorGrant[]> {
    const rows = this.db.prepare('SELECT * FROM access_operator_grants WHERE tenant_id = ? ORDER BY operator_display_name, operator_id').all(tenantId) as OperatorRow[];
    return rows.map(toOperatorGrant);
  }

  async saveOperatorGrant(grant: OperatorGrant): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO access_operator_grants (tenant_id, operator_id, operator_upn, operator_display_name, scope_json, actions_json,
           include_privileged, granted_by_json, granted_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, operator_id) DO UPDATE SET
           operator_upn = excluded.operator_upn, operator_display_name = excluded.operator_display_name,
           scope_json = excluded.scope_json, actions_json = excluded.actions_json, include_privileged = excluded.include_privileged,
           granted_by_json = excluded.granted_by_json, updated_at = excluded.updated_at`,
      )
      .run(
        grant.tenantId,
        grant.operator.userId,
        grant.operator.upn,
        grant.operator.displayName,
        JSON.stringify(grant.scope),
        JSON.stringify(grant.allowedActions),
        grant.includePrivileged ? 1 : 0,
        JSON.stringify(grant.grantedBy),
        grant.grantedAt,
        grant.updatedAt,
      );
  }

  async deleteOperatorGrant(tenantId: string, operatorId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM access_operator_grants WHERE tenant_id = ? AND operator_id = ?').run(tenantId, operatorId).changes === 1;
  }

  async getAuditorGrant(tenantId: string, auditorId: string): Promise<AuditorGrant | undefined> {
    const row = this.db.prepare('SELECT * FROM access_auditor_grants WHERE tenant_id = ? AND auditor_id = ?').get(tenantId, auditorId) as AuditorRow | undefined;
    return row ? toAuditorGrant(row) : undefined;
  }

  async listAuditorGrants(tenantId: string): Promise<AuditorGrant[]> {
    const rows = this.db.prepare('SELECT * FROM access_auditor_grants WHERE tenant_id = ? ORDER BY auditor_display_name, auditor_id').all(tenantId) as AuditorRow[];
    return rows.map(toAuditorGrant);
  }

  async saveAuditorGrant(grant: AuditorGrant): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO access_auditor_grants (tenant_id, auditor_id, auditor_upn, auditor_display_name, granted_by_json, granted_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, auditor_id) DO UPDATE SET auditor_upn = excluded.auditor_upn, auditor_display_name = excluded.auditor_display_name`,
      )
      .run(grant.tenantId, grant.auditor.userId, grant.auditor.upn, grant.auditor.displayName, JSON.stringify(grant.grantedBy), grant.grantedAt);
  }

  async deleteAuditorGrant(tenantId: string, auditorId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM access_auditor_grants WHERE tenant_id = ? AND auditor_id = ?').run(tenantId, auditorId).changes === 1;
  }

  async rememberTenantAdmin(admin: KnownTenantAdmin): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO access_known_tenant_admins (tenant_id, user_id, upn, display_name, last_confirmed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET
           upn = COALESCE(excluded.upn, upn), display_name = COALESCE(excluded.display_name, display_name),
           last_confirmed_at = excluded.last_confirmed_at`,
      )
      .run(admin.tenantId, admin.person.userId, admin.person.upn ?? null, admin.person.displayName ?? null, admin.lastConfirmedAt);
  }

  async forgetTenantAdmin(tenantId: string, userId: string): Promise<void> {
    this.db.prepare('DELETE FROM access_known_tenant_admins WHERE tenant_id = ? AND user_id = ?').run(tenantId, userId);
  }

  async listKnownTenantAdmins(tenantId: string, options: { confirmedSince?: string; limit?: number } = {}): Promise<KnownTenantAdmin[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM access_known_tenant_admins WHERE tenant_id = ? AND last_confirmed_at >= ?
         ORDER BY last_confirmed_at DESC, user_id LIMIT ?`,
      )
      .all(tenantId, options.confirmedSince ?? '', options.limit ?? 100) as KnownAdminRow[];
    return rows.map(toKnownAdmin);
  }
}
