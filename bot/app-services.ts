/**
 * Every service instance of the bot, built once from the config, the database and the
 * adapters: the container the bot features (bot/access, bot/sessions, bot/service-account,
 * bot/rotation) receive. Plain constructor injection, no DI framework (STYLE.md §1). The
 * composition root calls this; tests call it with fakes or with adapters against a sandbox.
 *
 * Cross-area wiring decided here:
 * - ModeSwitchService's approval kinds are registered in the one ApprovalHandlerRegistry;
 * - rotation's CredentialCacheInvalidator is the token broker (`notifyRotated`);
 * - the service-account area's SessionTerminator is the session service (`endSession`);
 * - provisioning and disable share one TenantOperationLock (rotation has its own lease);
 * - the PasswordGenerator is both provisioning's generator and rotation's PasswordSource.
 */
import { AccessGrantService } from '../services/access/access-grant.service';
import { AuthorizationService } from '../services/access/authorization.service';
import { RoleService } from '../services/access/role.service';
import { SqliteAccessGrantRepository } from '../services/adapters/sqlite/access-grant.sqlite';
import { SqlitePendingActionRepository } from '../services/adapters/sqlite/pending-action.sqlite';
import { SqliteApprovalRepository } from '../services/adapters/sqlite/approval.sqlite';
import { SqliteAuditRecordRepository } from '../services/adapters/sqlite/audit-record.sqlite';
import type { SqliteDatabase } from '../services/adapters/sqlite/database';
import { SqliteNoticeOutboxStore } from '../services/adapters/sqlite/notice-outbox.sqlite';
import { SqliteProvisioningJournal } from '../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteRotationConditionStore } from '../services/adapters/sqlite/rotation-condition.sqlite';
import { SqliteRotationJournal } from '../services/adapters/sqlite/rotation-journal.sqlite';
import { SqliteRotationLeaseStore } from '../services/adapters/sqlite/rotation-lease.sqlite';
import { SqliteSchedulerSlotStore } from '../services/adapters/sqlite/scheduler-slot.sqlite';
import { SqliteServiceAccountRepository } from '../services/adapters/sqlite/service-account.sqlite';
import { SqliteManagementSessionRepository } from '../services/adapters/sqlite/session.sqlite';
import { SqliteTenantSettingsRepository } from '../services/adapters/sqlite/tenant-settings.sqlite';
import type { ManagementActionService } from '../services/actions/management-action.service';
import { ApprovalHandlerRegistry } from '../services/approvals/approval-handler.registry';
import { ApprovalService } from '../services/approvals/approval.service';
import { AuditLogService } from '../services/audit/audit-log.service';
import type { Logger } from '../services/logger';
import { NoticeOutbox, type NoticeRenderer } from '../services/notifications/notice-outbox';
import { NoticeTargetResolver } from '../services/notifications/notice-targets';
import { RotationNoticeComposer } from '../services/notifications/rotation-notice-composer';
import { RotationNoticePublisher } from '../services/notifications/rotation-notice-publisher';
import type { Clock } from '../services/ports/clock.port';
import type { Directory } from '../services/ports/directory.port';
import type { Notifier } from '../services/ports/notifier.port';
import type { SecretVault } from '../services/ports/secret-vault.port';
import type { ServiceAccountRepository } from '../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../services/ports/tenant-settings.repository.port';
import type { TokenIssuer } from '../services/ports/token-issuer.port';
import { AuditLogRotationSink } from '../services/rotation/rotation-audit-sink';
import { RotationHistory } from '../services/rotation/rotation-history';
import { RotationService, type RotationServiceOptions } from '../services/rotation/rotation.service';
import { RotationScheduler, type RotationSchedulerOptions } from '../services/scheduling/rotation-scheduler';
import { TenantRotationSchedules } from '../services/scheduling/tenant-rotation-schedule';
import { AdvancedManagementDisableService } from '../services/service-account/advanced-management-disable.service';
import { BackgroundTasks } from '../services/service-account/background-tasks';
import { ModeSwitchService } from '../services/service-account/mode-switch.service';
import type { ModeSwitchReporter } from '../services/service-account/mode-switch.types';
import { PasswordGenerator } from '../services/service-account/password-generator';
import { AuditWriterSink } from '../services/service-account/service-account-audit.adapter';
import { resolveServiceAccountConfig, type ServiceAccountConfig } from '../services/service-account/service-account.config';
import { ServiceAccountProvisioningService } from '../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../services/service-account/tenant-operation-lock';
import type { ManagementSessionService, ManagementSessionOptions } from '../services/sessions/management-session.service';
import type { ActiveSessionGuard } from '../services/sessions/require-active-session';
import type { SessionNoticeSink } from '../services/sessions/session-collaborators.port';
import { createSessionServices } from '../services/sessions/session-services';
import { SettingsService } from '../services/settings/settings.service';
import type { TokenBroker } from '../services/tokens/token-broker';
import type { InterruptedActionNotice } from '../services/actions/interrupted-action-reconciler';
import type { BotAdapters } from './adapters';
import { AppBackgroundWork, type BackgroundWorkOptions } from './app-background';
import type { AppConfig } from './config';
import { fallbackNoticeRenderer } from './fallback-notice-renderer';

/**
 * Callbacks from the services into the bot layer (cards, proactive messages). Each feature
 * supplies its own; without one, a neutral default keeps the service working.
 */
export interface AppServiceHooks {
  /** Rotation notices as cards (bot/rotation). Default: a plain card with the notice's text. */
  noticeRenderer?: NoticeRenderer;
  /** Progress cards and the final message of an approved mode switch (bot/service-account). */
  modeSwitchReporter?: ModeSwitchReporter;
  /** Session notices (expiry, credentials lost on restart, ended) to the person who enabled it (bot/sessions). */
  sessionNotices?: SessionNoticeSink;
  /** An operator told how an action interrupted by a crash ended (bot/sessions). */
  interruptedActions?: { deliver(notice: InterruptedActionNotice): Promise<void> };
}

export interface AppServicesDependencies {
  config: AppConfig;
  db: SqliteDatabase;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  adapters: Pick<BotAdapters, 'directory' | 'vault' | 'tokenIssuer' | 'directoryForToken'>;
  hooks?: AppServiceHooks;
  /** Tuning for tests: shorter waits, fewer retries. */
  options?: {
    serviceAccount?: Partial<ServiceAccountConfig>;
    sessions?: ManagementSessionOptions;
    rotation?: RotationServiceOptions;
    scheduler?: RotationSchedulerOptions;
    background?: BackgroundWorkOptions;
  };
}

/** The contract every bot feature builds on. Read-only references; the instances live as long as the app. */
export interface AppServices {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bot's own Graph identity (application permissions). */
  readonly directory: Directory;
  readonly vault: SecretVault;
  readonly tokenIssuer: TokenIssuer;
  readonly notifier: Notifier;

  // Access control, approvals and audit (issue 4).
  readonly audit: AuditLogService;
  readonly roles: RoleService;
  readonly authorization: AuthorizationService;
  readonly accessGrants: AccessGrantService;
  readonly approvals: ApprovalService;
  readonly approvalHandlers: ApprovalHandlerRegistry;

  // Settings and the service account (issue 5).
  readonly settingsRepo: TenantSettingsRepository;
  readonly settings: SettingsService;
  readonly serviceAccountRepo: ServiceAccountRepository;
  readonly serviceAccountConfig: ServiceAccountConfig;
  readonly provisioning: ServiceAccountProvisioningService;
  readonly disable: AdvancedManagementDisableService;
  readonly modeSwitch: ModeSwitchService;
  readonly operationLock: TenantOperationLock;
  /** Work that continues after a turn was answered (a switch after its approval); drained on stop. */
  readonly backgroundTasks: BackgroundTasks;

  // Sessions, tokens and actions (issue 6).
  readonly sessions: ManagementSessionService;
  readonly tokenBroker: TokenBroker;
  readonly guard: ActiveSessionGuard;
  readonly actions: ManagementActionService;

  // Rotation and notices (issue 7).
  readonly rotation: RotationService;
  readonly rotationHistory: RotationHistory;
  readonly rotationScheduler: RotationScheduler;
  readonly noticeOutbox: NoticeOutbox;

  /**
   * Background work: settles sessions and actions left over by the last process (awaited), then
   * starts the rotation scheduler (its start-up recovery runs in the background), resumes
   * interrupted mode switches, and every minute expires sessions and settles stale actions.
   * Never throws; failures are logged.
   */
  start(): Promise<void>;
  /** Stops the timers and waits for running background work. Idempotent. */
  stop(): Promise<void>;
}

export function createAppServices(deps: AppServicesDependencies): AppServices {
  const { config, db, clock, logger, notifier, adapters } = deps;
  const hooks = deps.hooks ?? {};
  const child = (area: string): Logger => logger.child({ area });

  // Access control (issue 4).
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const grantRepository = new SqliteAccessGrantRepository(db);
  const roles = new RoleService(adapters.directory, grantRepository, clock, { bootstrapTenantAdminIds: config.tenants.bootstrapTenantAdminIds });
  const authorization = new AuthorizationService(roles, adapters.directory, audit);
  const accessGrants = new AccessGrantService(authorization, grantRepository, adapters.directory, audit, clock);
  const approvalHandlers = new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(db), approvalHandlers, authorization, roles, audit, clock);
  const settingsRepo = new SqliteTenantSettingsRepository(db, clock);
  const serviceAccountRepo = new SqliteServiceAccountRepository(db);

  // Sessions (issue 6): the token broker is shared with rotation below.
  const { broker: tokenBroker, sessions, guard, actions } = createSessionServices({
    clock,
    issuer: adapters.tokenIssuer,
    vault: adapters.vault,
    appDirectory: adapters.directory,
    directoryFactory: (tokenFn) => adapters.directoryForToken(tokenFn),
    settings: settingsRepo,
    serviceAccounts: serviceAccountRepo,
    sessions: new SqliteManagementSessionRepository(db),
    pendingActions: new SqlitePendingActionRepository(db),
    access: { authorize: (a, c, t, o) => authorization.authorize(a, c, t, o), isTenantAdmin: (t, u) => roles.isTenantAdmin(t, u) },
    audit,
    ...(hooks.sessionNotices ? { notices: hooks.sessionNotices } : {}),
    logger,
    options: { ...(deps.options?.sessions ? { sessions: deps.options.sessions } : {}) },
  });

  // Service account (issue 5).
  const serviceAccountConfig = resolveServiceAccountConfig({
    upnLocalPart: config.managementAccount.upnPrefix,
    roleDefinitionIds: [...config.managementAccount.roleIds],
    usageLocation: config.managementAccount.usageLocation,
    ...deps.options?.serviceAccount,
  });
  const passwords = new PasswordGenerator();
  const operationLock = new TenantOperationLock();
  const journal = new SqliteProvisioningJournal(db);
  const serviceAccountAudit = new AuditWriterSink(audit);
  const saLogger = child('service-account');
  const provisioning = new ServiceAccountProvisioningService({
    directory: adapters.directory,
    vault: adapters.vault,
    tokens: adapters.tokenIssuer,
    accounts: serviceAccountRepo,
    journal,
    clock,
    config: serviceAccountConfig,
    locks: operationLock,
    audit: serviceAccountAudit,
    logger: saLogger,
    passwords,
  });
  const disable = new AdvancedManagementDisableService({
    directory: adapters.directory,
    vault: adapters.vault,
    accounts: serviceAccountRepo,
    settings: settingsRepo,
    journal,
    sessions: { endSession: (tenantId, options) => sessions.endSession(tenantId, options) },
    clock,
    config: serviceAccountConfig,
    locks: operationLock,
    audit: serviceAccountAudit,
    logger: saLogger,
  });
  const backgroundTasks = new BackgroundTasks(child('background'));
  const modeSwitch = new ModeSwitchService({
    settings: settingsRepo,
    accounts: serviceAccountRepo,
    provisioning,
    disabler: disable,
    approvals,
    journal,
    clock,
    tasks: backgroundTasks,
    ...(hooks.modeSwitchReporter ? { reporter: hooks.modeSwitchReporter } : {}),
    audit: serviceAccountAudit,
    logger: saLogger,
  });
  for (const handler of modeSwitch.approvalHandlers()) approvalHandlers.register(handler);
  const settings = new SettingsService({
    settings: settingsRepo,
    accounts: serviceAccountRepo,
    status: { pendingOperation: (t) => provisioning.pendingOperation(t), hasPendingDisable: (t) => disable.hasPendingDisable(t) },
    authorization,
    clock,
    audit,
    approvalPolicyOf: (tenantId) => approvals.getPolicy(tenantId),
  });

  // Rotation and notices (issue 7).
  const rotationLogger = child('rotation');
  const targets = new NoticeTargetResolver(
    settingsRepo,
    { listTenantAdminIds: async (tenantId) => (await roles.knownTenantAdmins(tenantId)).map((person) => person.userId) },
    child('notices'),
  );
  const noticeOutbox = new NoticeOutbox({
    store: new SqliteNoticeOutboxStore(db),
    notifier,
    renderer: hooks.noticeRenderer ?? fallbackNoticeRenderer,
    clock,
    targets,
    logger: child('notices'),
  });
  const publisher = new RotationNoticePublisher({ composer: new RotationNoticeComposer(clock), targets, outbox: noticeOutbox, settings: settingsRepo, clock });
  const schedules = new TenantRotationSchedules(settingsRepo);
  const rotationJournal = new SqliteRotationJournal(db);
  const rotation = new RotationService(
    {
      vault: adapters.vault,
      directory: adapters.directory,
      tokens: adapters.tokenIssuer,
      serviceAccounts: serviceAccountRepo,
      journal: rotationJournal,
      leases: new SqliteRotationLeaseStore(db),
      conditions: new SqliteRotationConditionStore(db),
      passwords,
      clock,
      tokenCache: { notifyRotated: (tenantId) => tokenBroker.notifyRotated(tenantId) },
      audit: new AuditLogRotationSink(audit, config.azure.clientId ?? 'bot-app'),
      events: publisher,
      schedule: schedules,
      logger: rotationLogger,
    },
    { secretContentType: serviceAccountConfig.secretContentType, ...deps.options?.rotation },
  );
  const rotationScheduler = new RotationScheduler(
    {
      clock,
      tenants: { listTenantIds: () => listServiceAccountTenants(db) },
      settings: settingsRepo,
      serviceAccounts: serviceAccountRepo,
      schedules,
      slots: new SqliteSchedulerSlotStore(db),
      rotation,
      notices: publisher,
      outbox: noticeOutbox,
      logger: child('scheduler'),
    },
    deps.options?.scheduler,
  );

  const background = new AppBackgroundWork(
    { sessions, actions, modeSwitch, rotationScheduler, backgroundTasks, hooks, logger: child('background') },
    deps.options?.background,
  );

  return {
    clock,
    logger,
    directory: adapters.directory,
    vault: adapters.vault,
    tokenIssuer: adapters.tokenIssuer,
    notifier,
    audit,
    roles,
    authorization,
    accessGrants,
    approvals,
    approvalHandlers,
    settingsRepo,
    settings,
    serviceAccountRepo,
    serviceAccountConfig,
    provisioning,
    disable,
    modeSwitch,
    operationLock,
    backgroundTasks,
    sessions,
    tokenBroker,
    guard,
    actions,
    rotation,
    rotationHistory: new RotationHistory(rotationJournal),
    rotationScheduler,
    noticeOutbox,
    start: () => background.start(),
    stop: () => background.stop(),
  };
}

/** Tenants with a service account: the only ones a rotation can be scheduled for. */
function listServiceAccountTenants(db: SqliteDatabase): string[] {
  return (db.prepare('SELECT tenant_id FROM service_accounts').all() as Array<{ tenant_id: string }>).map((row) => row.tenant_id);
}
