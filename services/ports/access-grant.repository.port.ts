/**
 * Storage of role data granted inside the bot (operators, auditors) and of tenant admins the
 * bot has confirmed through Entra. Every method is keyed by tenant id: no call can read or
 * change another tenant's rows. Implemented by services/adapters/sqlite/access-grant.sqlite.ts.
 */
import type { AuditorGrant, KnownTenantAdmin, OperatorGrant } from '../access/operator-grant';

export interface AccessGrantRepository {
  getOperatorGrant(tenantId: string, operatorId: string): Promise<OperatorGrant | undefined>;
  listOperatorGrants(tenantId: string): Promise<OperatorGrant[]>;
  /** Inserts or replaces the operator's single grant in the tenant. */
  saveOperatorGrant(grant: OperatorGrant): Promise<void>;
  /** Returns false when there was nothing to delete. */
  deleteOperatorGrant(tenantId: string, operatorId: string): Promise<boolean>;

  getAuditorGrant(tenantId: string, auditorId: string): Promise<AuditorGrant | undefined>;
  listAuditorGrants(tenantId: string): Promise<AuditorGrant[]>;
  saveAuditorGrant(grant: AuditorGrant): Promise<void>;
  deleteAuditorGrant(tenantId: string, auditorId: string): Promise<boolean>;

  /** Upserts; keeps a previously known UPN / display name when the new sighting lacks them. */
  rememberTenantAdmin(admin: KnownTenantAdmin): Promise<void>;
  forgetTenantAdmin(tenantId: string, userId: string): Promise<void>;
  /** Most recently confirmed first. */
  listKnownTenantAdmins(tenantId: string, options?: { confirmedSince?: string; limit?: number }): Promise<KnownTenantAdmin[]>;
}
