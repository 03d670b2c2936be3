import { systemClock, type Clock } from '../../ports/clock.port';
import {
  DEFAULT_TENANT_SETTINGS,
  type ApprovalPolicy,
  type ManagementMode,
  type TenantSettings,
  type TenantSettingsRepository,
} from '../../ports/tenant-settings.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS = [
  `CREATE TABLE tenant_settings (
     tenant_id TEXT PRIMARY KEY,
     mode TEXT NOT NULL CHECK (mode IN ('none', 'default', 'advanced')),
     auto_enable INTEGER NOT NULL CHECK (auto_enable IN (0, 1)),
     rotation_cron TEXT NOT NULL,
     rotation_time_zone TEXT NOT NULL,
     approval_policy TEXT NOT NULL CHECK (approval_policy IN ('four-eyes', 'self-approve')),
     session_ttl_minutes INTEGER NOT NULL CHECK (session_ttl_minutes > 0),
     admin_channel_conversation_id TEXT,
     updated_at TEXT NOT NULL,
     updated_by TEXT
   )`,
  // A JSON array of object ids; '[]' when none are listed.
  `ALTER TABLE tenant_settings ADD COLUMN break_glass_account_ids TEXT NOT NULL DEFAULT '[]'`,
  // Per-action approval choices as a JSON object { actionId: boolean }; the bulk approval size (NULL: the default).
  `ALTER TABLE tenant_settings ADD COLUMN action_approvals TEXT NOT NULL DEFAULT '{}';
   ALTER TABLE tenant_settings ADD COLUMN bulk_approval_threshold INTEGER CHECK (bulk_approval_threshold IS NULL OR bulk_approval_threshold > 0)`,
];

interface SettingsRow {
  tenant_id: string;
  mode: string;
  auto_enable: number;
  rotation_cron: string;
  rotation_time_zone: string;
  approval_policy: string;
  session_ttl_minutes: number;
  admin_channel_conversation_id: string | null;
  updated_at: string;
  updated_by: string | null;
  break_glass_account_ids: string | null;
  action_approvals: string | null;
  bulk_approval_threshold: number | null;
}

function toSettings(row: SettingsRow): TenantSettings {
  const settings: TenantSettings = {
    tenantId: row.tenant_id,
    mode: row.mode as ManagementMode,
    autoEnable: row.auto_enable === 1,
    rotationCron: row.rotation_cron,
    rotationTimeZone: row.rotation_time_zone,
    approvalPolicy: row.approval_policy as ApprovalPolicy,
    sessionTtlInMinutes: row.session_ttl_minutes,
    updatedAt: row.updated_at,
  };
  if (row.admin_channel_conversation_id) settings.adminChannelConversationId = row.admin_channel_conversation_id;
  if (row.updated_by) settings.updatedBy = row.updated_by;
  const breakGlass = parseIdList(row.break_glass_account_ids);
  if (breakGlass.length > 0) settings.breakGlassAccountIds = breakGlass;
  const approvals = parseFlags(row.action_approvals);
  if (Object.keys(approvals).length > 0) settings.actionApprovals = approvals;
  if (row.bulk_approval_threshold !== null) settings.bulkApprovalThreshold = row.bulk_approval_threshold;
  return settings;
}

function parseFlags(json: string | null): Record<string, boolean> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
  } catch {
    return {};
  }
}

function parseIdList(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Per-tenant settings in SQLite. A tenant never configured reads as the defaults, without a
 * row; the first update writes the row. Updates are read-modify-write in one IMMEDIATE
 * transaction, so two admins changing different fields at once both land.
 */
export class SqliteTenantSettingsRepository implements TenantSettingsRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock = systemClock,
  ) {
    migrate(db, 'tenant-settings', MIGRATIONS);
  }

  get(tenantId: string): TenantSettings {
    const row = this.db.prepare('SELECT * FROM tenant_settings WHERE tenant_id = ?').get(tenantId) as SettingsRow | undefined;
    if (row) return toSettings(row);
    return { tenantId, ...DEFAULT_TENANT_SETTINGS, updatedAt: new Date(0).toISOString() };
  }

  update(tenantId: string, patch: Partial<Omit<TenantSettings, 'tenantId' | 'updatedAt'>>, updatedBy?: string): TenantSettings {
    const write = this.db.transaction(() => {
      const current = this.get(tenantId);
      const next: TenantSettings = { ...current, ...definedOnly(patch), tenantId, updatedAt: this.clock.now().toISOString() };
      if (updatedBy !== undefined) next.updatedBy = updatedBy;
      // `adminChannelConversationId: undefined` in a patch means "unregister".
      if ('adminChannelConversationId' in patch && patch.adminChannelConversationId === undefined) delete next.adminChannelConversationId;
      if (next.breakGlassAccountIds?.length === 0) delete next.breakGlassAccountIds;
      if (next.actionApprovals && Object.keys(next.actionApprovals).length === 0) delete next.actionApprovals;
      this.db
        .prepare(
          `INSERT INTO tenant_settings (tenant_id, mode, auto_enable, rotation_cron, rotation_time_zone, approval_policy,
             session_ttl_minutes, admin_channel_conversation_id, break_glass_account_ids, action_approvals, bulk_approval_threshold,
             updated_at, updated_by)
           VALUES (@tenantId, @mode, @autoEnable, @rotationCron, @rotationTimeZone, @approvalPolicy, @sessionTtlInMinutes,
             @adminChannelConversationId, @breakGlassAccountIds, @actionApprovals, @bulkApprovalThreshold, @updatedAt, @updatedBy)
           ON CONFLICT (tenant_id) DO UPDATE SET
             mode = excluded.mode, auto_enable = excluded.auto_enable, rotation_cron = excluded.rotation_cron,
             rotation_time_zone = excluded.rotation_time_zone, approval_policy = excluded.approval_policy,
             session_ttl_minutes = excluded.session_ttl_minutes,
             admin_channel_conversation_id = excluded.admin_channel_conversation_id,
             break_glass_account_ids = excluded.break_glass_account_ids,
             action_approvals = excluded.action_approvals, bulk_approval_threshold = excluded.bulk_approval_threshold,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run({
          ...next,
          autoEnable: next.autoEnable ? 1 : 0,
          adminChannelConversationId: next.adminChannelConversationId ?? null,
          breakGlassAccountIds: JSON.stringify(next.breakGlassAccountIds ?? []),
          actionApprovals: JSON.stringify(next.actionApprovals ?? {}),
          bulkApprovalThreshold: next.bulkApprovalThreshold ?? null,
          updatedBy: next.updatedBy ?? null,
        });
      return next;
    });
    return write.immediate();
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
