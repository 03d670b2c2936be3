/**
 * The `settings` card's data and changes (issue 5 §1), for tenant admins only. The service
 * re-checks the caller on every call (capabilities settings.view / settings.update), so a
 * command, a card verb and a refresh all get the same answer; anyone else gets the access
 * service's AccessDeniedError, which names who can help.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor } from '../access/actor';
import type { CapabilityId } from '../access/capabilities';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { ApprovalPolicy, ManagementMode, TenantSettings, TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { PendingProvisioning } from '../service-account/service-account-provisioning.service';
import { summarizeServiceAccount, type ServiceAccountSummary } from '../service-account/service-account.types';
import { SettingsError } from './settings.errors';

/** The part of AuthorizationService this service uses. */
export interface SettingsAuthorizer {
  /** @throws AccessDeniedError when the actor may not use the capability. */
  require(actor: Actor, capability: CapabilityId, target?: undefined, options?: { correlationId?: string }): Promise<unknown>;
}

/** What the settings card needs to know about unfinished work, from the service-account area. */
export interface ManagementAccountStatus {
  pendingOperation(tenantId: string): PendingProvisioning | undefined;
  hasPendingDisable(tenantId: string): boolean;
}

/** Buttons the card may offer; each maps to a verb in the capability table. */
export type SettingsAction =
  | 'serviceAccount.create'
  | 'serviceAccount.retry'
  | 'mode.change.request'
  | 'advanced.disable.confirm'
  | 'rotation.rotateNow'
  | 'settings.autoEnable.set'
  | 'settings.rotationSchedule.set'
  | 'settings.approvalPolicy.set';

export interface SettingsOverview {
  tenantId: string;
  mode: ManagementMode;
  /** Modes the admin may request a switch to. */
  switchableTo: Array<Exclude<ManagementMode, 'none'>>;
  serviceAccount?: ServiceAccountSummary;
  /** An interrupted creation ("stopped at …, Retry") or disable. */
  pending?: { kind: 'create'; checkpoint: string; lastErrorCode?: string; startedAt: string } | { kind: 'disable' };
  autoEnable: boolean;
  rotation: { cron: string; timeZone: string; nextRunAt?: string };
  approvalPolicy: ApprovalPolicy;
  sessionTtlInMinutes: number;
  /** Object ids of the accounts listed as break-glass: acting on them asks for a second confirmation. */
  breakGlassAccountIds: string[];
  actions: SettingsAction[];
  updatedAt: string;
  updatedBy?: string;
}

export const settingsPatchSchema = z
  .object({
    autoEnable: z.boolean().optional(),
    rotationCron: z.string().min(9).max(100).optional(),
    rotationTimeZone: z.string().min(1).max(64).optional(),
    /** 15 minutes to 7 days. */
    sessionTtlInMinutes: z.number().int().min(15).max(7 * 24 * 60).optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export interface SettingsServiceDeps {
  settings: TenantSettingsRepository;
  accounts: ServiceAccountRepository;
  status: ManagementAccountStatus;
  authorization: SettingsAuthorizer;
  clock: Clock;
  /** Where each change is recorded. Every entry point (command, card, later the tab) gets the same record. */
  audit?: AuditWriter;
  /** The approval service owns the policy; defaults to the tenant settings' copy. */
  approvalPolicyOf?: (tenantId: string) => Promise<ApprovalPolicy>;
}

export type AdminChannelResult =
  | { outcome: 'registered'; conversationType: 'channel' | 'groupChat'; replacedPrevious: boolean; registeredAt: string }
  | { outcome: 'not-shared' };

export class SettingsService {
  constructor(private readonly deps: SettingsServiceDeps) {}

  /**
   * Everything the settings card shows, and the buttons the admin may press next.
   * @throws AccessDeniedError (ACCESS.TENANT_ADMIN_REQUIRED, ACCESS.DIRECTORY_UNAVAILABLE) for anyone but a tenant admin.
   */
  async getOverview(actor: Actor): Promise<SettingsOverview> {
    await this.deps.authorization.require(actor, 'settings.view');
    return this.overviewOf(actor.tenantId);
  }

  /**
   * Changes auto-enable, the rotation schedule and time zone, or the session time-to-live.
   * Mode, the service account and the approval policy have their own, approved paths.
   * @throws SettingsError SETTINGS.INVALID (bad cron pattern, unknown time zone, out-of-range TTL, unknown field).
   * @throws AccessDeniedError for anyone but a tenant admin.
   */
  async update(actor: Actor, patch: SettingsPatch, options: { correlationId?: string } = {}): Promise<SettingsOverview> {
    // The caller's correlation id goes to the audited denial too, so the reference on the card finds it.
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorization.require(actor, 'settings.update', undefined, { correlationId });
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new SettingsError('SETTINGS.INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const current = this.deps.settings.get(actor.tenantId);
    const cron = parsed.data.rotationCron ?? current.rotationCron;
    const timeZone = parsed.data.rotationTimeZone ?? current.rotationTimeZone;
    nextRun(cron, timeZone, this.deps.clock.now(), true);
    this.deps.settings.update(actor.tenantId, parsed.data, actor.userId);
    // Settings hold no secret: the changed values themselves are the useful record.
    await this.deps.audit?.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'settings.update',
      target: { type: 'tenant', id: actor.tenantId },
      result: { outcome: 'ok' },
      correlationId,
      details: { ...parsed.data },
    });
    return this.overviewOf(actor.tenantId);
  }

  /**
   * The tenant's settings as stored, for the bot's own routing and notices (where to post an
   * approval card, which mode a notice names). Not authorized: never shown to a person as such;
   * `getOverview` is what a person sees.
   */
  current(tenantId: string): TenantSettings {
    return this.deps.settings.get(tenantId);
  }

  /**
   * `notify here`: makes a channel or group chat the admin channel, where approval cards and
   * admin notices also go. A personal chat is refused (the admin gets notices there anyway).
   * @throws AccessDeniedError for anyone but a tenant admin (notify.here).
   */
  async setAdminChannel(actor: Actor, conversation: { id: string | undefined; type: string | undefined }, options: { correlationId?: string } = {}): Promise<AdminChannelResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorization.require(actor, 'notify.here', undefined, { correlationId });
    if (!conversation.id || (conversation.type !== 'channel' && conversation.type !== 'groupChat')) return { outcome: 'not-shared' };
    const previous = this.deps.settings.get(actor.tenantId).adminChannelConversationId;
    const settings = this.deps.settings.update(actor.tenantId, { adminChannelConversationId: conversation.id }, actor.userId);
    const replacedPrevious = previous !== undefined && previous !== conversation.id;
    await this.deps.audit?.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'notify.here',
      result: { outcome: 'ok' },
      correlationId,
      details: { conversationType: conversation.type, replacedPrevious },
    });
    return { outcome: 'registered', conversationType: conversation.type, replacedPrevious, registeredAt: settings.updatedAt };
  }

  private async overviewOf(tenantId: string): Promise<SettingsOverview> {
    const settings = this.deps.settings.get(tenantId);
    const record = this.deps.accounts.get(tenantId);
    const pendingCreate = this.deps.status.pendingOperation(tenantId);
    const pendingDisable = this.deps.status.hasPendingDisable(tenantId);
    const overview: SettingsOverview = {
      tenantId,
      mode: settings.mode,
      switchableTo: (['default', 'advanced'] as const).filter((mode) => mode !== settings.mode),
      autoEnable: settings.autoEnable,
      rotation: { cron: settings.rotationCron, timeZone: settings.rotationTimeZone },
      approvalPolicy: this.deps.approvalPolicyOf ? await this.deps.approvalPolicyOf(tenantId) : settings.approvalPolicy,
      sessionTtlInMinutes: settings.sessionTtlInMinutes,
      breakGlassAccountIds: [...(settings.breakGlassAccountIds ?? [])],
      actions: [],
      updatedAt: settings.updatedAt,
    };
    if (settings.updatedBy) overview.updatedBy = settings.updatedBy;
    if (record) overview.serviceAccount = summarizeServiceAccount(record);
    const next = record ? nextRun(settings.rotationCron, settings.rotationTimeZone, this.deps.clock.now(), false) : undefined;
    if (next) overview.rotation.nextRunAt = next;
    if (pendingDisable) overview.pending = { kind: 'disable' };
    else if (pendingCreate) {
      overview.pending = { kind: 'create', checkpoint: pendingCreate.checkpoint, startedAt: pendingCreate.startedAt };
      if (pendingCreate.lastErrorCode) overview.pending.lastErrorCode = pendingCreate.lastErrorCode;
    }
    overview.actions = actionsFor(record !== undefined, pendingCreate !== undefined, pendingDisable);
    return overview;
  }
}

function actionsFor(hasAccount: boolean, pendingCreate: boolean, pendingDisable: boolean): SettingsAction[] {
  const actions: SettingsAction[] = ['mode.change.request'];
  if (pendingDisable) actions.push('advanced.disable.confirm');
  else if (pendingCreate) actions.push('serviceAccount.retry', 'advanced.disable.confirm');
  else if (!hasAccount) actions.push('serviceAccount.create');
  else actions.push('rotation.rotateNow', 'advanced.disable.confirm');
  actions.push('settings.autoEnable.set', 'settings.rotationSchedule.set', 'settings.approvalPolicy.set');
  return actions;
}

/** Next run of the rotation schedule; with `strict`, an invalid pattern or zone throws SETTINGS.INVALID. */
function nextRun(cron: string, timeZone: string, from: Date, strict: boolean): string | undefined {
  try {
    if (!isKnownTimeZone(timeZone)) throw new Error(`unknown time zone ${timeZone}`);
    const next = new Cron(cron, { timezone: timeZone, paused: true }).nextRun(from);
    if (!next && strict) throw new Error('the schedule never runs');
    return next?.toISOString();
  } catch (error) {
    if (strict) throw new SettingsError('SETTINGS.INVALID', error instanceof Error ? error.message : 'invalid schedule');
    return undefined;
  }
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
