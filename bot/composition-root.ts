/**
 * The one composition root (STYLE.md §1): builds the whole object graph once, in dependency
 * order, with plain constructor injection; no DI container, no late binding, no cycles. Tests
 * call the same `createApp` with fakes. Only this file and the adapter factory (bot/adapters.ts)
 * construct storage and SDK adapters.
 *
 * Cross-area wiring decided here:
 * - ModeSwitchService's approval kinds are registered in the one ApprovalHandlerRegistry;
 * - rotation's CredentialCacheInvalidator is the token broker (`notifyRotated`);
 * - the service-account area's SessionTerminator is the session service (`endSession`), for the
 *   disable and for a mode switch that changes the session's principal;
 * - provisioning and disable share one TenantOperationLock (rotation has its own lease);
 * - the PasswordGenerator is both provisioning's generator and rotation's PasswordSource;
 * - one BackgroundTasks owns every piece of work that outlives its turn; it is drained on stop.
 */
import { SqliteBulkJobRepository } from '../services/adapters/sqlite/bulk-job.sqlite';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type { Server } from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { GrantOperatorDialog } from '../dialogs/access/grant-operator.dialog';
import { ConfirmationPreparer } from '../dialogs/access/confirmation-preparer';
import { PickUserDialog } from '../dialogs/access/pick-user.dialog';
import { ACTION_CHAT_ROWS } from '../dialogs/actions/action-rows';
import { RunActionDialog } from '../dialogs/actions/run-action.dialog';
import { createShownOnceFeature, NotifierShownOnceCardPublisher } from './actions/shown-once.feature';
import { ShownOnceCardsService, type ShownOnceCardsOptions } from '../services/actions/shown-once-cards.service';
import { SqliteShownOnceCardRepository } from '../services/adapters/sqlite/shown-once-card.sqlite';
import { CardFlows } from '../dialogs/card-step.dialog';
import { DialogHost } from '../dialogs/dialog-host';
import { ForceResetDialog } from '../dialogs/rotation/force-reset.dialog';
import { RotationRuns } from '../dialogs/rotation/rotation-runs';
import { ChangeManagementTypeDialog } from '../dialogs/service-account/change-management-type.dialog';
import { CreateServiceAccountDialog } from '../dialogs/service-account/create-service-account.dialog';
import { ServiceAccountCreationRunner } from '../dialogs/service-account/creation-runner';
import { DisableAdvancedManagementDialog } from '../dialogs/service-account/disable-advanced-management.dialog';
import { ModeRequester } from '../dialogs/service-account/mode-request';
import { ApprovalsCards } from '../dialogs/approvals/approvals-cards';
import { PendingApprovalsService } from '../services/approvals/pending-approvals.service';
import { ModeSwitchProgressCards } from '../dialogs/service-account/mode-switch-progress';
import { SwitchRetry } from '../dialogs/service-account/switch-retry';
import { SessionStatusCards } from '../dialogs/sessions/session-status-card';
import { TurnOffManagementDialog } from '../dialogs/sessions/turn-off-management.dialog';
import { TurnOnManagementDialog } from '../dialogs/sessions/turn-on-management.dialog';
import { SettingsCards } from '../dialogs/settings/settings-card';
import type { CoalescingCardUpdaterOptions } from '../dialogs/shared/coalescing-card-updater';
import { AccessGrantService } from '../services/access/access-grant.service';
import { ActorResolver } from '../services/access/actor-resolver';
import { AuthorizationService } from '../services/access/authorization.service';
import { RoleService } from '../services/access/role.service';
import type { ManagementActionService } from '../services/actions/management-action.service';
import { PendingConfirmationStore } from '../services/adapters/botbuilder/pending-confirmation.store';
import { tenantStorageKey } from '../services/adapters/botbuilder/tenant-storage-key';
import { SqliteAccessGrantRepository } from '../services/adapters/sqlite/access-grant.sqlite';
import { SqliteApprovalRepository } from '../services/adapters/sqlite/approval.sqlite';
import { SqliteAuditRecordRepository } from '../services/adapters/sqlite/audit-record.sqlite';
import { SqliteStorage } from '../services/adapters/sqlite/bot-storage.sqlite';
import { SqliteConversationReferenceStore } from '../services/adapters/sqlite/conversation-reference.sqlite';
import { openDatabase, type SqliteDatabase } from '../services/adapters/sqlite/database';
import { SqliteNoticeOutboxStore } from '../services/adapters/sqlite/notice-outbox.sqlite';
import { SqlitePendingActionRepository } from '../services/adapters/sqlite/pending-action.sqlite';
import { SqliteProcessedActivityStore } from '../services/adapters/sqlite/processed-activity.sqlite';
import { SqliteProvisioningJournal } from '../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteRotationConditionStore } from '../services/adapters/sqlite/rotation-condition.sqlite';
import { SqliteRotationJournal } from '../services/adapters/sqlite/rotation-journal.sqlite';
import { SqliteRotationLeaseStore } from '../services/adapters/sqlite/rotation-lease.sqlite';
import { SqliteSchedulerSlotStore } from '../services/adapters/sqlite/scheduler-slot.sqlite';
import { SqliteServiceAccountRepository } from '../services/adapters/sqlite/service-account.sqlite';
import { SqliteManagementSessionRepository } from '../services/adapters/sqlite/session.sqlite';
import { SqliteTenantSettingsRepository } from '../services/adapters/sqlite/tenant-settings.sqlite';
import { ApprovalHandlerRegistry } from '../services/approvals/approval-handler.registry';
import { ActionApprovalRules, actionApprovalHandlers } from '../services/actions/action-approvals';
import { ActionApprovalAsker } from '../dialogs/actions/action-approval-views';
import { CustomActionService } from '../services/custom-actions/custom-action.service';
import { CustomActionDefinitions } from '../services/custom-actions/custom-action-definition';
import { SqliteCustomActionRepository } from '../services/adapters/sqlite/custom-action.sqlite';
import { RunCustomActionDialog } from '../dialogs/actions/run-custom-action.dialog';
import { createCustomActionRunFeature } from './actions/custom-action-run.feature';
import { ManagementActionPort } from './automation/management-action-port';
import { unavailableUserAdministration } from '../services/sessions/session-bound-user-administration';
import { AutomationNotices } from './automation/automation-notices';
import { workflowDirectory, workflowRunGuard } from './automation/workflow-wiring';
import { WorkflowRunService } from '../services/workflows/workflow-run.service';
import { WorkflowCatalog } from '../services/workflows/workflow-catalog';
import { workflowApprovalHandler } from '../services/workflows/workflow-approvals';
import { SqliteWorkflowDefinitionRepository } from '../services/adapters/sqlite/workflow-definition.sqlite';
import { SqliteWorkflowRunRepository } from '../services/adapters/sqlite/workflow-run.sqlite';
import { PlaybookService } from '../services/playbooks/playbook.service';
import { PlaybookScheduler } from '../services/playbooks/playbook-scheduler';
import { SqlitePlaybookRepository } from '../services/adapters/sqlite/playbook.sqlite';
import { UNAVAILABLE_BULK_DIRECTORY, UNAVAILABLE_CONDITIONAL_ACCESS, UNAVAILABLE_PLAYBOOK_DIRECTORY } from './unconfigured-adapters';
import { createConditionalAccessFeature } from './conditional-access/conditional-access.feature';
import { CheckPoliciesDialog } from '../dialogs/conditional-access/check-policies.dialog';
import { ConfigureAllowedIpsDialog } from '../dialogs/conditional-access/configure-allowed-ips.dialog';
import { RemoveAllowedIpsDialog } from '../dialogs/conditional-access/remove-allowed-ips.dialog';
import { SqliteAllowedIpsRepository } from '../services/adapters/sqlite/allowed-ips.sqlite';
import { AllowedIpsService } from '../services/conditional-access/allowed-ips.service';
import { PolicyCheckService } from '../services/conditional-access/policy-check.service';
import { WorkflowCardLocations } from './workflows/workflow-card-locations';
import { WorkflowProgressCards } from './workflows/workflow-progress-cards';
import { createWorkflowsFeature } from './workflows/workflows.feature';
import { createWorkflowDefinitionsFeature } from './workflows/workflow-definitions.feature';
import { WorkflowDefinitionService } from '../services/workflows/workflow-definition.service';
import { WorkflowDefinitionsDialog } from '../dialogs/workflows/workflow-definitions.dialog';
import { createWorkflowSchedulesFeature } from './workflows/workflow-schedules.feature';
import { workflowScheduleReporter } from './workflows/workflow-schedule-reports';
import { WorkflowScheduleService } from '../services/workflows/workflow-schedules';
import { SqliteWorkflowScheduleRepository } from '../services/adapters/sqlite/workflow-schedule.sqlite';
import { WorkflowSchedulesDialog } from '../dialogs/workflows/workflow-schedules.dialog';
import { createPlaybooksFeature } from './playbooks/playbooks.feature';
import { RunWorkflowDialog } from '../dialogs/workflows/run-workflow.dialog';
import { WorkflowRunsDialog } from '../dialogs/workflows/workflow-runs.dialog';
import { PlaybooksDialog } from '../dialogs/playbooks/playbooks.dialog';
import { PlaybookRunReports } from '../dialogs/playbooks/playbook-run-reports';
import { ApprovalService } from '../services/approvals/approval.service';
import { AuditLogService } from '../services/audit/audit-log.service';
import { linkKeyFrom } from '../services/audit/audit-export-link-token';
import { AuditExportLinks } from '../services/audit/audit-export-links.service';
import { SqlitePendingAuditExportStore } from '../services/adapters/sqlite/pending-audit-export.sqlite';
import { BulkResultsCsv } from '../services/actions/bulk/bulk-results-csv';
import { AuditExportChat } from './access/audit-export';
import { createLogger, type Logger } from '../services/logger';
import { NoticeOutbox } from '../services/notifications/notice-outbox';
import { NoticeTargetResolver } from '../services/notifications/notice-targets';
import { RotationNoticeComposer } from '../services/notifications/rotation-notice-composer';
import { RotationNoticePublisher } from '../services/notifications/rotation-notice-publisher';
import type { Clock } from '../services/ports/clock.port';
import type { ConversationReferenceStore } from '../services/ports/conversation-reference.port';
import type { Directory } from '../services/ports/directory.port';
import type { Notifier } from '../services/ports/notifier.port';
import type { ProcessedActivityStore } from '../services/ports/processed-activity.port';
import type { SecretVault } from '../services/ports/secret-vault.port';
import type { ServiceAccountRepository } from '../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../services/ports/tenant-settings.repository.port';
import type { TokenIssuer } from '../services/ports/token-issuer.port';
import { AuditLogRotationSink } from '../services/rotation/rotation-audit-sink';
import { RotationHistory } from '../services/rotation/rotation-history';
import { RotationRequestsService } from '../services/rotation/rotation-requests.service';
import { RotationService, type RotationServiceOptions } from '../services/rotation/rotation.service';
import { BackgroundWork, type BackgroundWorkOptions } from '../services/scheduling/background-work';
import { RotationScheduler, type RotationSchedulerOptions } from '../services/scheduling/rotation-scheduler';
import { TenantRotationSchedules } from '../services/scheduling/tenant-rotation-schedule';
import { AdvancedManagementDisableService } from '../services/service-account/advanced-management-disable.service';
import { BackgroundTasks } from '../services/service-account/background-tasks';
import { ModeSwitchService } from '../services/service-account/mode-switch.service';
import { PasswordGenerator } from '../services/service-account/password-generator';
import { AuditWriterSink } from '../services/service-account/service-account-audit.adapter';
import { resolveServiceAccountConfig, type ServiceAccountConfig } from '../services/service-account/service-account.config';
import { ServiceAccountProvisioningService } from '../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../services/service-account/tenant-operation-lock';
import type { ManagementSessionOptions, ManagementSessionService } from '../services/sessions/management-session.service';
import type { ActiveSessionGuard } from '../services/sessions/require-active-session';
import { createSessionServices } from '../services/sessions/session-services';
import { breakGlassFromSettings } from '../services/access/privileged-target.service';
import { SettingsService } from '../services/settings/settings.service';
import type { TokenBroker } from '../services/sessions/token-broker';
import { createAccessFeature } from './access';
import { AccessInvokeAuthorizer } from './access/access-invoke-authorizer';
import { ApprovalCardPublisher } from './access/approval-card-publisher';
import { ApprovalCardViews } from './access/approval-card-views';
import { ApprovalCardDelivery } from './access/approval-delivery';
import { ApprovalRequests } from './access/approval-requests';
import { ApprovalUpkeep } from './access/approval-upkeep';
import { createAdapters, unconfiguredAdapters, type BotAdapters } from './adapters';
import { commandsAvailableTo, createCommandTable, type CommandDefinition } from './commands';
import type { AppConfig } from './config';
import { InvokeRouter } from './invoke-router';
import { ManagementBot } from './management-bot';
import { ProactiveNotifier } from './proactive-notifier';
import { TeamsPersonalChatOpener } from './personal-chat-opener';
import { createRotationFeature, rotationNoticeRenderer } from './rotation';
import { createServer } from './server';
import { createServiceAccountFeature } from './service-account';
import { createSessionsFeature, SessionNoticeSender } from './sessions';
import { createActionCatalogueFeature } from './actions/action-catalogue.feature';
import { createBulkActionFeature } from './actions/bulk-action.feature';
import { createCustomActionsFeature } from './custom-actions/custom-actions.feature';
import { CustomActionsDialog } from '../dialogs/custom-actions/custom-actions.dialog';
import { createBulkActions, type BulkWiringOptions } from './actions/bulk-actions.wiring';
import { BulkActionDialog } from '../dialogs/actions/bulk-action.dialog';
import type { BulkActionService } from '../services/actions/bulk/bulk-action.service';
import { ActionCatalogueService } from '../services/actions/action-catalogue.service';
import { ActionRegistry } from '../services/actions/action-registry';
import { createTenantConversationState } from './tenant-conversation-state';
import { TenantGateMiddleware } from './tenant-gate';
import { createTurnErrorHandler } from './turn-error-handler';
import { correlationMiddleware, tenantIdOf } from './turn-scope';
import { createVerbTable } from './verbs';

/** botframework-connector's type, reached through CloudAdapter so we depend on botbuilder only. */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** Service tuning for tests: shorter waits, fewer retries, no scheduler. */
export interface AppServiceOptions {
  serviceAccount?: Partial<ServiceAccountConfig>;
  sessions?: ManagementSessionOptions;
  rotation?: RotationServiceOptions;
  scheduler?: RotationSchedulerOptions;
  background?: BackgroundWorkOptions;
  /** How long a card action may take before it is answered with a progress card. Default 3 s. */
  invokeBudgetInMs?: number;
  /** Progress card throttling. */
  cardUpdates?: CoalescingCardUpdaterOptions;
  /** Shown-once secret cards (reset password): redaction time (default from config) and timer. */
  shownOnce?: ShownOnceCardsOptions;
  /** Bulk actions: size limit, batching, write pacing and progress-card throttling. */
  bulk?: BulkWiringOptions;
}

/** Everything a test may replace. Anything not given is built from the config. */
export interface AppDependencies {
  /** SQLite file; `:memory:` in tests. Defaults to `config.storage.databasePath`. */
  databasePath: string;
  /** Log sink; stdout by default. Tests pass a memory stream. */
  logDestination: DestinationStream;
  logger: Logger;
  /** An injected database is not closed by `App.close()`; its owner closes it. */
  db: SqliteDatabase;
  storage: Storage;
  conversationReferences: ConversationReferenceStore;
  processedActivities: ProcessedActivityStore;
  botFrameworkAuthentication: BotFrameworkAuthentication;
  now: () => Date;
  /**
   * Graph, Key Vault and Entra. Default: built from the config by bot/adapters.ts (sandbox or
   * Azure); with nothing configured every call is refused (fail closed). Tests pass adapters
   * built against a test sandbox, or fakes.
   */
  adapters: BotAdapters;
  /**
   * Shorthand for tests of access control alone: the bot's app directory (an in-memory fake),
   * with Key Vault and Entra unconfigured. Ignored when `adapters` is given.
   */
  directory: Directory;
  serviceOptions: AppServiceOptions;
  /** How often approvals are expired, reminded and their cards updated. Default one minute. */
  approvalTimerIntervalInMs: number;
}

/** Every service instance, for tests that check outcomes in the services' own records. */
export interface AppServices {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bot's own Graph identity (application permissions). */
  readonly directory: Directory;
  readonly vault: SecretVault;
  readonly tokenIssuer: TokenIssuer;
  readonly notifier: Notifier;
  readonly audit: AuditLogService;
  readonly roles: RoleService;
  readonly authorization: AuthorizationService;
  readonly accessGrants: AccessGrantService;
  readonly approvals: ApprovalService;
  readonly approvalHandlers: ApprovalHandlerRegistry;
  readonly settingsRepo: TenantSettingsRepository;
  /** Which operator runs need a tenant admin's approval (per action, and the bulk size), per tenant. */
  readonly actionApprovalRules: ActionApprovalRules;
  /** Custom actions: definitions, their four-eyes lifecycle and history (issue 14). */
  readonly customActions: CustomActionService;
  /** The workflows tenant admins define, reviewed like custom actions (issue 14). */
  readonly workflowDefinitions: WorkflowDefinitionService;
  /** Workflow runs (onboarding, offboarding, compromised account, the tenant's own) (issue 14). */
  readonly workflows: WorkflowRunService;
  /** Workflows run on a schedule for a department or group (issue 14). */
  readonly workflowSchedules: WorkflowScheduleService;
  /** Playbooks: policies over the directory, alert / attestation / action (issue 14). */
  readonly playbooks: PlaybookService;
  readonly settings: SettingsService;
  readonly serviceAccountRepo: ServiceAccountRepository;
  readonly serviceAccountConfig: ServiceAccountConfig;
  readonly provisioning: ServiceAccountProvisioningService;
  readonly disable: AdvancedManagementDisableService;
  readonly modeSwitch: ModeSwitchService;
  readonly operationLock: TenantOperationLock;
  /** Work that continues after a turn was answered; drained on stop. */
  readonly backgroundTasks: BackgroundTasks;
  readonly sessions: ManagementSessionService;
  readonly tokenBroker: TokenBroker;
  readonly guard: ActiveSessionGuard;
  readonly actions: ManagementActionService;
  /** Bulk management actions over Graph `$batch`. */
  readonly bulk: BulkActionService;
  readonly rotation: RotationService;
  readonly rotationHistory: RotationHistory;
  readonly rotationRequests: RotationRequestsService;
  readonly rotationScheduler: RotationScheduler;
  readonly noticeOutbox: NoticeOutbox;
}

export interface App {
  readonly config: AppConfig;
  readonly server: Server;
  readonly adapter: CloudAdapter;
  readonly bot: ManagementBot;
  /** The verb table behind `Action.Execute` invokes. */
  readonly invokes: InvokeRouter;
  /** The command table, in matching order. */
  readonly commands: readonly CommandDefinition[];
  readonly db: SqliteDatabase;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly conversationReferences: ConversationReferenceStore;
  readonly processedActivities: ProcessedActivityStore;
  /** Proactive messages (approval cards, notices) through stored conversation references. */
  readonly notifier: ProactiveNotifier;
  /** Access control: roles, authorization, grants, approvals, audit, and the approval cards' upkeep. */
  readonly access: {
    directory: Directory;
    roles: RoleService;
    authorization: AuthorizationService;
    grants: AccessGrantService;
    approvals: ApprovalService;
    approvalHandlers: ApprovalHandlerRegistry;
    audit: AuditLogService;
    tenantSettings: TenantSettingsRepository;
    clock: Clock;
    approvalRequests: ApprovalRequests;
    upkeep: ApprovalUpkeep;
  };
  readonly services: AppServices;
  /** The SDK adapters the services run on (real, sandbox, or the unconfigured stand-ins). */
  readonly adapters: BotAdapters;
  /** Starts listening on the configured host and port (port 0 picks a free one). */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops the server, the timers, the background work and (if it opened it) the database. Idempotent. */
  close(): Promise<void>;
}

const PRUNE_INTERVAL_IN_MS = 60 * 60 * 1000;

/**
 * Sandbox mode passes an empty app id: CloudAdapter then accepts requests without a JWT and
 * sends replies without a token, which is how the Agents Playground and Emulator talk to a
 * local bot. Azure mode passes the registration, and the same class validates every inbound
 * Bot Framework JWT. This is the only place the app password leaves `SecretValue`.
 */
function createBotFrameworkAuthentication(config: AppConfig): BotFrameworkAuthentication {
  if (config.mode === 'sandbox') return new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' });
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword?.reveal(),
    // botbuilder spells it "UserAssignedMsi" (compared case-insensitively).
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.appTenantId,
  };
  return new ConfigurationBotFrameworkAuthentication(options);
}

function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** Dialog state per tenant, conversation and user (see DialogHost). */
function dialogStateKey(turn: TurnContext): string {
  const user = turn.activity.from?.aadObjectId ?? turn.activity.from?.id ?? 'anonymous';
  return tenantStorageKey(tenantIdOf(turn), turn.activity.channelId, 'dialogs', turn.activity.conversation.id, user);
}

/** The single place that constructs adapters and wires the bot; tests call it with overrides. */
export async function createApp(config: AppConfig, overrides: Partial<AppDependencies> = {}): Promise<App> {
  const options = overrides.serviceOptions ?? {};
  const botAppId = config.bot.appId ?? '';

  // Process, storage and the outside world.
  const logger = overrides.logger ?? createLogger({ level: config.log.level, destination: overrides.logDestination });
  const child = (area: string): Logger => logger.child({ area });
  const ownsDb = !overrides.db;
  const db = overrides.db ?? openDatabase(overrides.databasePath ?? config.storage.databasePath);
  const now = overrides.now ?? (() => new Date());
  const clock: Clock = { now };
  const storage = overrides.storage ?? new SqliteStorage(db, now);
  const conversationReferences = overrides.conversationReferences ?? new SqliteConversationReferenceStore(db, now);
  const processedActivities = overrides.processedActivities ?? new SqliteProcessedActivityStore(db, { now: () => now().getTime() });
  const ownsAdapters = !overrides.adapters;
  const adapters = overrides.adapters ?? (overrides.directory ? { ...unconfiguredAdapters(), directory: overrides.directory } : createAdapters(config));
  logger.info({ area: 'bot', adapters: adapters.configured }, 'outside-world adapters');

  const adapter = new CloudAdapter(overrides.botFrameworkAuthentication ?? createBotFrameworkAuthentication(config));
  adapter.use(correlationMiddleware);
  adapter.use(
    new TenantGateMiddleware({ mode: config.mode, allowedTenantIds: config.tenants.allowedTenantIds, sandboxTenantId: config.sandbox.tenantId }, child('tenant-gate')),
  );
  adapter.onTurnError = createTurnErrorHandler(child('bot'));
  const notifier = new ProactiveNotifier({ adapter, botAppId, references: conversationReferences, logger: child('notifier') });
  const backgroundTasks = new BackgroundTasks(child('background'));

  // Access control, approvals and audit.
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const grantRepository = new SqliteAccessGrantRepository(db);
  const roles = new RoleService(adapters.directory, grantRepository, clock, { bootstrapTenantAdminIds: config.tenants.bootstrapTenantAdminIds, tenantAdminRoster: adapters.directory });
  const settingsRepo = new SqliteTenantSettingsRepository(db, clock);
  const authorization = new AuthorizationService(roles, adapters.directory, audit, { breakGlassAccounts: breakGlassFromSettings(settingsRepo) });
  const accessGrants = new AccessGrantService(authorization, grantRepository, adapters.directory, audit, clock);
  const approvalHandlers = new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(db), approvalHandlers, authorization, roles, audit, clock);
  // An operator's action that needs approval, and a bulk above the tenant's size, ask a tenant admin (four-eyes).
  for (const handler of actionApprovalHandlers()) approvalHandlers.register(handler);
  const actionApprovalRules = new ActionApprovalRules(settingsRepo, new ActionRegistry(), { authorization, audit });
  // Custom actions (issue 14): tenant admins define them and a second admin approves; published
  // ones run through the management actions' own path (authorized as `custom:<name>`).
  const customActions = new CustomActionService(new SqliteCustomActionRepository(db), authorization, audit, clock, { approvalPolicy: approvals, tenantAdmins: roles });
  const customActionDefinitions = new CustomActionDefinitions(customActions);
  authorization.useCustomActionRunners(customActionDefinitions);
  const actors = new ActorResolver(adapters.directory, { now: () => now().getTime() });
  const serviceAccountRepo = new SqliteServiceAccountRepository(db);

  // Conditional access (issue 15): `check policies`, allowed IPs, and the approval that switches the bot's policy on.
  const conditionalAccess = adapters.conditionalAccess ?? UNAVAILABLE_CONDITIONAL_ACCESS;
  const allowedIpsRepo = new SqliteAllowedIpsRepository(db);
  const { egressIps } = config.conditionalAccess;
  const policyCheck = new PolicyCheckService({ conditionalAccess, authorization, accounts: serviceAccountRepo, settings: settingsRepo, allowedIps: allowedIpsRepo, marks: allowedIpsRepo, egressIps, audit, clock });
  const allowedIps = new AllowedIpsService({
    conditionalAccess,
    policyCheck,
    repository: allowedIpsRepo,
    authorization,
    approvals,
    egressIps,
    limits: { widestIpv4Prefix: config.conditionalAccess.widestIpv4Prefix, widestIpv6Prefix: config.conditionalAccess.widestIpv6Prefix },
    audit,
    clock,
  });
  approvalHandlers.register(allowedIps.approvalHandler());

  // Sessions, the token broker and management actions.
  const sessionNotices = new SessionNoticeSender({ notifier, settingsOf: (tenantId) => settingsRepo.get(tenantId), logger: child('sessions') });
  const { broker: tokenBroker, sessions, guard, actions, privilegedTargets } = createSessionServices({
    clock,
    issuer: adapters.tokenIssuer,
    vault: adapters.vault,
    appDirectory: adapters.directory,
    directoryFactory: (tokenFn) => adapters.directoryForToken(tokenFn),
    ...(adapters.userAdministrationForToken ? { userAdministrationFactory: adapters.userAdministrationForToken.bind(adapters) } : {}),
    ...(adapters.userAdministration ? { appUsers: adapters.userAdministration } : {}),
    settings: settingsRepo,
    serviceAccounts: serviceAccountRepo,
    sessions: new SqliteManagementSessionRepository(db),
    pendingActions: new SqlitePendingActionRepository(db),
    actionApprovals: { approvalRules: actionApprovalRules, approvals },
    customActions: customActionDefinitions,
    access: { authorize: (a, c, t, o) => authorization.authorize(a, c, t, o), isTenantAdmin: (t, u) => roles.isTenantAdmin(t, u) },
    audit,
    notices: sessionNotices,
    logger,
    options: { ...(options.sessions ? { sessions: options.sessions } : {}) },
  });

  // The management service account and the mode switch.
  const serviceAccountConfig = resolveServiceAccountConfig({
    upnLocalPart: config.managementAccount.upnPrefix,
    roleDefinitionIds: [...config.managementAccount.roleIds],
    usageLocation: config.managementAccount.usageLocation,
    ...options.serviceAccount,
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
    sessions: { endSession: (tenantId, endOptions) => sessions.endSession(tenantId, endOptions) },
    clock,
    config: serviceAccountConfig,
    locks: operationLock,
    audit: serviceAccountAudit,
    logger: saLogger,
  });
  const switchProgress = new ModeSwitchProgressCards({
    notifier,
    approvals,
    logger: child('mode-switch-bot'),
    ...(options.cardUpdates ? { cardUpdates: options.cardUpdates } : {}),
  });
  const modeSwitch = new ModeSwitchService({
    settings: settingsRepo,
    accounts: serviceAccountRepo,
    provisioning,
    disabler: disable,
    approvals,
    authorization,
    journal,
    clock,
    tasks: backgroundTasks,
    reporter: switchProgress,
    sessions: { endSession: (tenantId, endOptions) => sessions.endSession(tenantId, endOptions) },
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

  // Password rotation and notices.
  const targets = new NoticeTargetResolver(
    settingsRepo,
    { listTenantAdminIds: async (tenantId) => (await roles.knownTenantAdmins(tenantId)).map((person) => person.userId) },
    child('notices'),
  );
  const noticeOutbox = new NoticeOutbox({ store: new SqliteNoticeOutboxStore(db), notifier, renderer: rotationNoticeRenderer, clock, targets, logger: child('notices') });
  const noticePublisher = new RotationNoticePublisher({ composer: new RotationNoticeComposer(clock), targets, outbox: noticeOutbox, settings: settingsRepo, clock });
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
      events: noticePublisher,
      schedule: schedules,
      logger: child('rotation'),
    },
    { secretContentType: serviceAccountConfig.secretContentType, ...options.rotation },
  );
  const rotationHistory = new RotationHistory(rotationJournal);
  const rotationRequests = new RotationRequestsService({ serviceAccounts: serviceAccountRepo, settings: settingsRepo, rotation, history: rotationHistory, claims: processedActivities, audit });
  const rotationScheduler = new RotationScheduler(
    {
      clock,
      tenants: { listTenantIds: () => serviceAccountRepo.listTenantIds() },
      settings: settingsRepo,
      serviceAccounts: serviceAccountRepo,
      schedules,
      slots: new SqliteSchedulerSlotStore(db),
      rotation,
      notices: noticePublisher,
      outbox: noticeOutbox,
      logger: child('scheduler'),
    },
    options.scheduler,
  );
  // Workflows and playbooks (issue 14): their actions run through ManagementActionService.runOnce
  // (same checks as chat); notices go out through the notifier; approvals through the one service.
  const shownOnceCards = new ShownOnceCardsService({
    repository: new SqliteShownOnceCardRepository(db),
    publisher: new NotifierShownOnceCardPublisher(notifier),
    clock,
    logger: child('actions'),
    options: { redactAfterInMs: config.actions.shownOnceRedactAfterInMinutes * 60_000, ...options.shownOnce },
  });
  const automationActions = new ManagementActionPort({ actions, notifier, shownOnce: shownOnceCards, logger: child('automation') });
  // Approval cards of workflow approval steps and playbook attestations; the publisher is built with the edge below.
  const pendingApprovalCards = {
    publishPending: async (tenantId: string, requestId: string): Promise<void> => {
      const request = await approvals.get(tenantId, requestId);
      if (request?.state === 'pending' && request.cards.length === 0) await approvalPublisher.publish(request);
    },
  };
  const automationNotices = new AutomationNotices({ notifier, adminChannelOf: (tenantId) => settingsRepo.get(tenantId).adminChannelConversationId, approvalCards: pendingApprovalCards, logger: child('automation') });
  let workflowReceiver: WorkflowRunService | undefined;
  approvalHandlers.register(workflowApprovalHandler(() => workflowReceiver?.approvalReceiver));
  // The cards that follow runs (replaced in place as steps finish) and the approval cards of approval steps.
  const workflowCards = new WorkflowProgressCards({
    notifier,
    locations: new WorkflowCardLocations(storage),
    approvalCards: pendingApprovalCards,
    logger: child('workflows-bot'),
    ...(options.cardUpdates ? { options: options.cardUpdates } : {}),
    batchViews: (tenantId, batchId) => workflowReceiver?.batchViews(tenantId, batchId) ?? [],
  });
  // The workflows tenant admins define, reviewed like custom actions; the catalogue runs only their published versions.
  const workflowDefinitionStore = new SqliteWorkflowDefinitionRepository(db);
  const workflowCatalog = new WorkflowCatalog(workflowDefinitionStore);
  const workflowDefinitions = new WorkflowDefinitionService(workflowDefinitionStore, authorization, audit, clock, { approvalPolicy: approvals, tenantAdmins: roles, customActions });
  const workflows = new WorkflowRunService({
    catalog: workflowCatalog,
    runs: new SqliteWorkflowRunRepository(db),
    actions: automationActions,
    notices: automationNotices,
    directory: workflowDirectory({
      directory: adapters.directory,
      users: adapters.userAdministration ?? unavailableUserAdministration,
      bulk: adapters.bulkDirectory ?? UNAVAILABLE_BULK_DIRECTORY,
    }),
    approvals,
    guard: workflowRunGuard({ authorization, sessions: guard, isTenantAdmin: (tenantId, userId) => roles.isTenantAdmin(tenantId, userId), approvalRules: actionApprovalRules, registry: new ActionRegistry(), customActions }),
    audit,
    clock,
    progress: workflowCards,
    logger: child('workflows'),
  });
  workflowReceiver = workflows;
  const workflowSchedules = new WorkflowScheduleService({
    repository: new SqliteWorkflowScheduleRepository(db),
    workflows,
    catalog: workflowCatalog,
    isTenantAdmin: (actor) => roles.isTenantAdmin(actor.tenantId, actor.userId),
    tenantTimeZone: (tenantId) => settingsRepo.get(tenantId).rotationTimeZone,
    audit,
    clock,
    report: workflowScheduleReporter(notifier),
    logger: child('workflows'),
  });
  const playbookRepository = new SqlitePlaybookRepository(db);
  const playbooks = new PlaybookService({
    repository: playbookRepository,
    directory: adapters.playbookDirectory ?? UNAVAILABLE_PLAYBOOK_DIRECTORY,
    actions: automationActions,
    notices: automationNotices,
    approvals,
    audit,
    clock,
    logger: child('playbooks'),
    authorize: (actor, capability, authorizeOptions) => authorization.require(actor, capability, undefined, authorizeOptions),
    background: backgroundTasks,
    attestationCapability: 'playbooks.run',
    tenantTimeZone: (tenantId) => settingsRepo.get(tenantId).rotationTimeZone,
  });
  approvalHandlers.register(playbooks.approvalHandler());
  const playbookScheduler = new PlaybookScheduler({ repository: playbookRepository, playbooks, clock, logger: child('playbooks') });
  const background = new BackgroundWork(
    {
      sessions,
      actions,
      modeSwitch,
      rotationScheduler,
      backgroundTasks,
      sinks: { sessionNotices, interruptedActions: { deliver: (notice) => sessionNotices.deliverInterruptedAction(notice) } },
      jobs: [
        { name: 'workflows', start: () => workflows.resumeAll(), tick: () => workflows.tick(), stop: () => workflows.shutdown() },
        ...(options.background?.rotationScheduler === false
          ? []
          : [
              { name: 'playbooks', start: () => playbookScheduler.start(), tick: () => playbookScheduler.tick() },
              { name: 'workflow-schedules', start: () => workflowSchedules.tick(), tick: () => workflowSchedules.tick(), stop: async () => workflowSchedules.dispose() },
            ]),
      ],
      logger: child('background'),
    },
    options.background,
  );

  // The edge: approval cards, dialogs and flows, feature tables, the bot and the server.
  const approvalLogger = child('approvals');
  const approvalViews = new ApprovalCardViews(approvals);
  const personalChats = new TeamsPersonalChatOpener({
    adapter,
    botAppId,
    references: conversationReferences,
    ...(adapters.teamsApps ? { installer: adapters.teamsApps } : {}),
    ...(config.bot.teamsAppId ? { teamsAppId: config.bot.teamsAppId } : {}),
    logger: child('personal-chats'),
  });
  const approvalPublisher = new ApprovalCardPublisher({ approvals, views: approvalViews, notifier, personalChats, settings, logger: approvalLogger });
  const approvalDelivery = new ApprovalCardDelivery({ approvals, views: approvalViews, notifier, logger: approvalLogger });
  const upkeep = new ApprovalUpkeep(approvals, approvalPublisher, approvalDelivery, approvalLogger, { intervalInMs: overrides.approvalTimerIntervalInMs });

  const confirmations = new PendingConfirmationStore(storage, clock);
  const preparer = new ConfirmationPreparer({ authorization, grants: accessGrants, directory: adapters.directory, confirmations });
  const dialogs = new DialogHost(storage, dialogStateKey, [new GrantOperatorDialog(preparer), new PickUserDialog(preparer)]);
  const bulk = createBulkActions({
    jobs: new SqliteBulkJobRepository(db),
    adapters,
    tokens: tokenBroker,
    authorizer: authorization,
    privilegedTargets,
    isTenantAdmin: (tenantId, userId) => roles.isTenantAdmin(tenantId, userId),
    sessions: guard,
    notifier,
    tasks: backgroundTasks,
    audit,
    clock,
    logger: child('bulk'),
    options: options.bulk,
    approvals: { approvalRules: actionApprovalRules, approvals },
  });
  const budget = { tasks: backgroundTasks, botAppId, ...(options.invokeBudgetInMs !== undefined ? { budgetInMs: options.invokeBudgetInMs } : {}) };
  const statusCards = new SessionStatusCards(sessions);
  const settingsCards = new SettingsCards(settings, actors);
  const switches = new SwitchRetry({ modeSwitch, progress: switchProgress, tasks: backgroundTasks });
  const requester = new ModeRequester({ modeSwitch, approvalCards: approvalPublisher, progress: switchProgress, requestCards: approvals });
  const approvalAsker = new ActionApprovalAsker({ approvalCards: approvalPublisher, requestCards: approvals });
  const approvalLists = new ApprovalsCards(new PendingApprovalsService(approvals, roles, audit, clock));
  const creations = new ServiceAccountCreationRunner({ provisioning, modeOf: (tenantId) => settingsRepo.get(tenantId).mode, tasks: backgroundTasks, logger: child('service-account-bot'), ...(options.cardUpdates ? { cardUpdates: options.cardUpdates } : {}) });
  const rotationRuns = new RotationRuns({ rotation, requests: rotationRequests, notifier, tasks: backgroundTasks, logger: child('rotation-bot') });
  const flows = new CardFlows([
    new TurnOnManagementDialog({ sessions, statusCards, budget, policyCheck }),
    new TurnOffManagementDialog({ sessions, statusCards }),
    ...ACTION_CHAT_ROWS.map((row) => new RunActionDialog(row, { actions, budget, shownOnce: shownOnceCards, approvalAsker })),
    new RunCustomActionDialog({ actions, budget, shownOnce: shownOnceCards, approvalAsker }),
    new CreateServiceAccountDialog({ creations, switches, firstChoice: modeSwitch, botAppId }),
    new ChangeManagementTypeDialog({ requester, switches, settingsCards, firstChoice: modeSwitch, statusCards, botAppId }),
    new DisableAdvancedManagementDialog({ settings, requester, switches, botAppId }),
    new ForceResetDialog({ requests: rotationRequests, runs: rotationRuns }),
    new BulkActionDialog({ bulk: bulk.service, approvalAsker }),
    new CustomActionsDialog({ customActions, selfApprove: async (tenantId) => (await approvals.getPolicy(tenantId)) === 'self-approve' }),
    new WorkflowDefinitionsDialog({ definitions: workflowDefinitions, selfApprove: async (tenantId) => (await approvals.getPolicy(tenantId)) === 'self-approve' }),
    new RunWorkflowDialog({ workflows, progress: workflowCards }),
    new WorkflowRunsDialog({ workflows, progress: workflowCards }),
    new CheckPoliciesDialog({ policyCheck }),
    new ConfigureAllowedIpsDialog({ allowedIps, egressIps, approvalCards: approvalPublisher }),
    new RemoveAllowedIpsDialog({ allowedIps }),
    new WorkflowSchedulesDialog({ schedules: workflowSchedules, workflows, timeZoneOf: (tenantId) => settingsRepo.get(tenantId).rotationTimeZone }),
    new PlaybooksDialog({
      playbooks,
      reports: new PlaybookRunReports({
        playbooks,
        notifier,
        tasks: backgroundTasks,
        hasAdminChannel: (tenantId) => Boolean(settingsRepo.get(tenantId).adminChannelConversationId),
        logger: child('playbooks-bot'),
      }),
    }),
  ]);

  // Audit exports: file consent in personal chats, signed download links elsewhere (issue 12).
  const auditExportLinks = new AuditExportLinks(
    {
      audit,
      store: new SqlitePendingAuditExportStore(db),
      authorization,
      actors,
      clock,
      // Without a configured key, links made before a restart are refused with their reason (the key id changed).
      signingKey: linkKeyFrom(config.auditExport.linkKey?.reveal()),
      // A bulk job's per-user results ("Download results (CSV)" on its summary), read from the job store at delivery.
      bulkResults: new BulkResultsCsv(new SqliteBulkJobRepository(db)),
    },
    { ttlInMs: config.auditExport.linkTtlInMinutes * 60_000 },
  );
  if (!config.auditExport.linkKey) logger.info({ area: 'audit' }, 'AUDIT_EXPORT_LINK_KEY is not set: audit export links end when the bot restarts');
  let listenedUrl: string | undefined;
  const auditExportChat = new AuditExportChat({
    exports: auditExportLinks,
    fileConsent: config.auditExport.fileConsent,
    publicBaseUrl: () => config.auditExport.publicBaseUrl ?? (config.mode === 'sandbox' ? listenedUrl : undefined),
  });

  const sessionsFeature = createSessionsFeature({ flows, statusCards, sessions, settings });
  const features = [
    // Before the single-user rows: "block sign-in for users a, b" is a bulk, not a user named "users a, b".
    createBulkActionFeature({ flows, mayRun: async (actor) => new Set(await authorization.capabilitiesOf(actor).catch((): readonly string[] => [])) }),
    sessionsFeature,
    createActionCatalogueFeature({ flows, catalogue: new ActionCatalogueService(new ActionRegistry(), authorization, actionApprovalRules), approvalRules: actionApprovalRules }),
    // Before `run <custom action> for <user>`: "run workflow offboarding for …" is a workflow, not a custom action.
    createWorkflowsFeature({ flows }),
    createWorkflowSchedulesFeature({ flows }),
    createPlaybooksFeature({ flows }),
    createCustomActionRunFeature({ flows }),
    createAccessFeature({ grants: accessGrants, approvals, audit, settings, dialogs, confirmations, approvalViews, approvalUpkeep: upkeep, auditExports: auditExportChat, approvalLists }),
    createServiceAccountFeature({ flows, settings, approvals, settingsCards, approvalLists, breakGlass: privilegedTargets }),
    createRotationFeature({ flows, runs: rotationRuns, requests: rotationRequests }),
    createConditionalAccessFeature({ flows }),
    createCustomActionsFeature({ flows }),
    createWorkflowDefinitionsFeature({ flows }),
    createShownOnceFeature({ cards: shownOnceCards }),
  ];
  const commands = createCommandTable({ statusCard: sessionsFeature.statusCard, features });
  const invokes = new InvokeRouter(createVerbTable(commandsAvailableTo(commands, authorization), { statusCard: sessionsFeature.statusCard, features }), new AccessInvokeAuthorizer(authorization));
  const bot = new ManagementBot({
    logger: child('bot'),
    actors,
    authorization,
    commands,
    invokes,
    processedActivities,
    instanceId: randomUUID(),
    conversationReferences,
    conversationState: createTenantConversationState(storage),
    dialogs,
    fileConsent: auditExportChat,
  });
  const endpointSecret = config.sandbox.endpointSecret;
  if (config.mode === 'sandbox' && !endpointSecret) logger.info({ area: 'http' }, 'sandbox mode without SANDBOX_ENDPOINT_SECRET: any local process may post activities (npm start always sets one)');
  const server = createServer({ adapter, bot, logger, ...(endpointSecret ? { endpointSecret } : {}), auditExports: auditExportLinks });

  await processedActivities.prune();
  const pruneTimer = setInterval(() => {
    processedActivities.prune().catch((error: unknown) => logger.warn({ err: error }, 'pruning processed activities failed'));
    confirmations.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, 'purging expired confirmations failed'));
    authorization.flushDenialSummaries().catch((error: unknown) => logger.warn({ err: error }, 'writing denial summaries failed'));
  }, PRUNE_INTERVAL_IN_MS);
  pruneTimer.unref();
  // Runs once now (expiry holds across restarts), then on its own unref'd timer.
  upkeep.start();
  // Secrets a previous process left on screen past their time are hidden now, then on a timer.
  await shownOnceCards.start();
  // Settles what the last process left in between before the first turn is served.
  await background.start();
  // Bulk jobs a previous process left running continue with the users not yet done.
  bulk.service.resumeUnfinished();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pruneTimer);
      if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await upkeep.stop();
      await shownOnceCards.stop();
      // Running bulk jobs stop after their batches in flight; the next process resumes them.
      bulk.runner.stop();
      // Rotations and creations asked for in chat finish (and report) before the database goes.
      await background.stop();
      await bulk.cards.flush();
      await workflowCards.flush();
      // Counts of denials not yet summarised are written before the database goes.
      await authorization.flushDenialSummaries({ everything: true }).catch((error: unknown) => logger.warn({ err: error }, 'writing denial summaries failed'));
      if (ownsAdapters) await adapters.close();
      if (ownsDb && db.open) db.close();
    })();
    return closing;
  };

  const listen = async (): Promise<{ url: string; port: number }> => {
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    listenedUrl = urlOf(config.server.host, port);
    return { url: listenedUrl, port };
  };

  const services: AppServices = {
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
    actionApprovalRules,
    customActions,
    workflowDefinitions,
    workflows,
    workflowSchedules,
    playbooks,
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
    bulk: bulk.service,
    rotation,
    rotationHistory,
    rotationRequests,
    rotationScheduler,
    noticeOutbox,
  };
  return {
    config,
    server,
    adapter,
    bot,
    invokes,
    commands,
    db,
    logger,
    storage,
    conversationReferences,
    processedActivities,
    notifier,
    access: {
      directory: adapters.directory,
      roles,
      authorization,
      grants: accessGrants,
      approvals,
      approvalHandlers,
      audit,
      tenantSettings: settingsRepo,
      clock,
      approvalRequests: new ApprovalRequests(approvals, approvalPublisher),
      upkeep,
    },
    services,
    adapters,
    listen,
    close,
  };
}
