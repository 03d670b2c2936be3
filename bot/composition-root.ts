import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type { Server } from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Storage,
} from 'botbuilder';
import { SqliteConversationReferenceStore } from '../services/adapters/sqlite/conversation-reference.sqlite';
import type { ConversationReferenceStore } from '../services/ports/conversation-reference.port';
import type { ProcessedActivityStore } from '../services/ports/processed-activity.port';
import { openDatabase, type SqliteDatabase } from '../services/adapters/sqlite/database';
import { SqliteProcessedActivityStore } from '../services/adapters/sqlite/processed-activity.sqlite';
import { SqliteStorage } from '../services/adapters/sqlite/bot-storage.sqlite';
import { createLogger, type Logger } from '../services/logger';
import type { Clock } from '../services/ports/clock.port';
import type { Directory } from '../services/ports/directory.port';
import { createAccessFeature, type AccessFeature, type AccessServices } from './access';
import { createAdapters, unconfiguredAdapters, type BotAdapters } from './adapters';
import { createModeSwitchReporter, createServiceAccountFeature } from './service-account';
import { SqliteProvisioningJournal } from '../services/adapters/sqlite/provisioning-journal.sqlite';
import { createSessionsFeature, SessionNoticeSender } from './sessions';
import { createAppServices, type AppServiceHooks, type AppServices, type AppServicesDependencies } from './app-services';
import { createCommandTable } from './commands';
import type { AppConfig } from './config';
import { InvokeRouter } from './invoke-router';
import { ManagementBot } from './management-bot';
import { ProactiveNotifier } from './proactive-notifier';
import { createServer } from './server';
import { createTenantConversationState } from './tenant-conversation-state';
import { TenantGateMiddleware } from './tenant-gate';
import { createTurnErrorHandler } from './turn-error-handler';
import { correlationMiddleware } from './turn-scope';
import { createVerbTable } from './verbs';
import { createRotationFeature, rotationNoticeRenderer } from './rotation';

/** botframework-connector's type, reached through CloudAdapter so we depend on botbuilder only. */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

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
  /** Service tuning for tests (short waits, no rotation scheduler, housekeeping interval). */
  serviceOptions: AppServicesDependencies['options'];
  /** How often approvals are expired, reminded and their cards updated. Default one minute. */
  approvalTimerIntervalInMs: number;
}

export interface App {
  readonly config: AppConfig;
  readonly server: Server;
  readonly adapter: CloudAdapter;
  readonly bot: ManagementBot;
  readonly db: SqliteDatabase;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly conversationReferences: ConversationReferenceStore;
  readonly processedActivities: ProcessedActivityStore;
  /** Proactive messages (approval cards, notices) through stored conversation references. */
  readonly notifier: ProactiveNotifier;
  /** Access control: roles, authorization, grants, approvals, audit, and their bot edge. */
  readonly access: AccessServices & Pick<AccessFeature, 'approvalRequests' | 'upkeep'>;
  /** Every service instance (bot/app-services.ts). */
  readonly services: AppServices;
  /** The SDK adapters the services run on (real, sandbox, or the unconfigured stand-ins). */
  readonly adapters: BotAdapters;
  /** Starts listening on the configured host and port (port 0 picks a free one). */
  listen(): Promise<{ url: string; port: number }>;
  /** Stops the server, the pruning timer and (if it opened it) the database. Idempotent. */
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

/** The single place that constructs adapters and wires the bot; tests call it with overrides. */
export async function createApp(config: AppConfig, overrides: Partial<AppDependencies> = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level, destination: overrides.logDestination });
  const ownsDb = !overrides.db;
  const db = overrides.db ?? openDatabase(overrides.databasePath ?? config.storage.databasePath);
  const now = overrides.now ?? (() => new Date());
  const storage = overrides.storage ?? new SqliteStorage(db, now);
  const conversationReferences = overrides.conversationReferences ?? new SqliteConversationReferenceStore(db, now);
  const processedActivities = overrides.processedActivities ?? new SqliteProcessedActivityStore(db, { now: () => now().getTime() });

  const adapter = new CloudAdapter(overrides.botFrameworkAuthentication ?? createBotFrameworkAuthentication(config));
  adapter.use(correlationMiddleware);
  adapter.use(
    new TenantGateMiddleware(
      { mode: config.mode, allowedTenantIds: config.tenants.allowedTenantIds, sandboxTenantId: config.sandbox.tenantId },
      logger.child({ area: 'tenant-gate' }),
    ),
  );
  adapter.onTurnError = createTurnErrorHandler(logger.child({ area: 'bot' }));

  const clock: Clock = { now };
  const notifier = new ProactiveNotifier({ adapter, botAppId: config.bot.appId ?? '', references: conversationReferences, logger: logger.child({ area: 'notifier' }) });
  const ownsAdapters = !overrides.adapters;
  const adapters = overrides.adapters ?? (overrides.directory ? { ...unconfiguredAdapters(), directory: overrides.directory } : createAdapters(config));
  logger.info({ area: 'bot', adapters: adapters.configured }, 'outside-world adapters');
  // Session notices render the tenant's settings; the repository exists once the services do.
  let settingsRepo: AppServices['settingsRepo'] | undefined;
  const sessionNotices = new SessionNoticeSender({
    notifier,
    settingsOf: (tenantId) => settingsRepo?.get(tenantId) ?? { mode: 'none', autoEnable: false },
    logger: logger.child({ area: 'sessions' }),
  });
  // Progress and final cards of approved mode switches; it reads approvals once the services exist.
  const modeSwitchReporter = createModeSwitchReporter({ notifier, getApproval: (tenantId, requestId) => services.approvals.get(tenantId, requestId), logger });
  const hooks: AppServiceHooks = {
    modeSwitchReporter,
    noticeRenderer: rotationNoticeRenderer,
    sessionNotices,
    interruptedActions: { deliver: (notice) => sessionNotices.deliverInterruptedAction(notice) },
  };
  const services = createAppServices({ config, db, clock, logger, notifier, adapters, hooks, options: overrides.serviceOptions });
  settingsRepo = services.settingsRepo;
  const sessions = createSessionsFeature({ services, botAppId: config.bot.appId ?? '', logger: logger.child({ area: 'sessions' }) });
  const accessServices = accessServicesOf(services);
  const access = createAccessFeature({
    ...accessServices,
    notifier,
    storage,
    logger,
    approvalTimerIntervalInMs: overrides.approvalTimerIntervalInMs,
  });

  const rotation = createRotationFeature({
    rotation: services.rotation,
    history: services.rotationHistory,
    serviceAccounts: services.serviceAccountRepo,
    tenantSettings: services.settingsRepo,
    authorization: services.authorization,
    directory: services.directory,
    audit: services.audit,
    notifier,
    processedActivities,
    logger,
  });

  const serviceAccount = createServiceAccountFeature({
    services,
    reporter: modeSwitchReporter,
    journal: new SqliteProvisioningJournal(db),
    botAppId: config.bot.appId ?? '',
    logger,
  });

  const commands = createCommandTable({ access, rotation, serviceAccount, sessions });
  const helpRows = commands.filter((command) => !command.hidden).map(({ usage, description }) => ({ usage, description }));
  const bot = new ManagementBot({
    logger: logger.child({ area: 'bot' }),
    commands,
    invokes: new InvokeRouter(createVerbTable(helpRows, { access, rotation, serviceAccount, sessions }), access.invokeAuthorizer),
    processedActivities,
    conversationReferences,
    conversationState: createTenantConversationState(storage),
    dialogs: access.dialogs,
  });
  const server = createServer({ adapter, bot, logger });

  await processedActivities.prune();
  const pruneTimer = setInterval(() => {
    processedActivities.prune().catch((error: unknown) => logger.warn({ err: error }, 'pruning processed activities failed'));
  }, PRUNE_INTERVAL_IN_MS);
  pruneTimer.unref();
  // Runs once now (expiry holds across restarts), then on its own unref'd timer.
  access.upkeep.start();
  // Settles what the last process left in between before the first turn is served.
  await services.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pruneTimer);
      if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await access.upkeep.stop();
      // Rotations asked for in chat finish (and report) before the services and the database go.
      await rotation.runs.drain();
      await services.stop();
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
    return { url: urlOf(config.server.host, port), port };
  };

  return {
    config,
    server,
    adapter,
    bot,
    db,
    logger,
    storage,
    conversationReferences,
    processedActivities,
    notifier,
    access: { ...accessServices, approvalRequests: access.approvalRequests, upkeep: access.upkeep },
    services,
    adapters,
    listen,
    close,
  };
}

/** The access feature's view of the services (bot/access keeps its own names). */
function accessServicesOf(services: AppServices): AccessServices {
  const { directory, roles, authorization, accessGrants: grants, approvals, approvalHandlers, audit, settingsRepo: tenantSettings, clock } = services;
  return { directory, roles, authorization, grants, approvals, approvalHandlers, audit, tenantSettings, clock };
}
