/**
 * Per-tenant settings (DESIGN.md §5). Persisted in SQLite by
 * services/adapters/sqlite/tenant-settings.sqlite.ts. Tenant admins change them from `settings`.
 */
export type ManagementMode = 'none' | 'default' | 'advanced';
export type ApprovalPolicy = 'four-eyes' | 'self-approve';

export interface TenantSettings {
  tenantId: string;
  mode: ManagementMode;
  autoEnable: boolean;
  /** Cron pattern evaluated in `rotationTimeZone`. Default weekly, Monday 03:00. */
  rotationCron: string;
  /** IANA time zone, e.g. 'Europe/Amsterdam'. */
  rotationTimeZone: string;
  approvalPolicy: ApprovalPolicy;
  /** Session time-to-live; default 8 h. */
  sessionTtlInMinutes: number;
  /** Registered admin channel (conversation id) from `notify here`, if any. */
  adminChannelConversationId?: string;
  /**
   * Emergency-access ("break-glass") accounts, by Entra object id (lower-case). Acting on one
   * needs a second confirmation, and operators may not unless their grant includes privileged
   * accounts (services/access/privileged-target.service.ts). Absent when none are listed.
   */
  breakGlassAccountIds?: readonly string[];
  /**
   * Per-action choices of whether an operator's run needs a tenant admin's approval, by action
   * id; an action not listed follows its default (`approvalByDefault`). Absent when none were made.
   */
  actionApprovals?: Readonly<Record<string, boolean>>;
  /** Users above which an operator's bulk action needs a tenant admin's approval. Absent: 50. */
  bulkApprovalThreshold?: number;
  updatedAt: string;
  updatedBy?: string;
}

export const DEFAULT_TENANT_SETTINGS: Omit<TenantSettings, 'tenantId' | 'updatedAt'> = {
  mode: 'none',
  autoEnable: false,
  rotationCron: '0 3 * * 1',
  rotationTimeZone: 'UTC',
  approvalPolicy: 'four-eyes',
  sessionTtlInMinutes: 480,
};

export interface TenantSettingsRepository {
  /** Returns the stored settings, or the defaults for a tenant never configured. */
  get(tenantId: string): TenantSettings;
  update(tenantId: string, patch: Partial<Omit<TenantSettings, 'tenantId' | 'updatedAt'>>, updatedBy?: string): TenantSettings;
}
