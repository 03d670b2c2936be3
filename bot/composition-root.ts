import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type { Server } from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Storage,
} from 'botbuilder';
import {
  SqliteConversationReferenceStore,
  type ConversationReferenceStore,
} from '../services/adapters/sqlite/conversation-reference.store';
import { openDatabase, type SqliteDatabase } from '../services/adapters/sqlite/database';
import { SqliteProcessedActivityStore, type ProcessedActivityStore } from '../services/adapters/sqlite/processed-activity.store';
import { SqliteStorage } from '../services/adapters/sqlite/sqlite-storage';
import { createLogger, type Logger } from '../services/logger';
import { AccessGrantService } from '../services/access/access-grant.service';
import { AuthorizationService } from '../services/access/authorization.service';
import { RoleService } from '../services/access/role.service';
import { SqliteAccessGrantRepository } from '../services/adapters/sqlite/access-grant.sqlite-repository';
import { SqliteApprovalRepository } from '../services/adapters/sqlite/approval.sqlite-repository';
import { SqliteAuditRecordRepository } from '../services/adapters/sqlite/audit-record.sqlite-repository';
import { SqliteTenantSettingsRepository } from '../services/adapters/sqlite/tenant-settings-repository';
import { ApprovalHandlerRegistry } from '../services/approvals/approval-handler.registry';
import { ApprovalService } from '../services/approvals/approval.service';
import { AuditLogService } from '../services/audit/audit-log.service';
import type { Clock } from '../services/ports/clock.port';
import type { Directory } from '../services/ports/directory.port';
import { createAccessFeature, UnconfiguredDirectory, type AccessFeature, type AccessServices } from './access';
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
   * Entra through Microsoft Graph. Tests pass the in-memory fake; the Graph adapter is wired by
   * the lead. Without one, every directory read fails, so access fails closed: tenant admins come
   * from BOOTSTRAP_TENANT_ADMIN_IDS only and no user can be resolved.
   */
  directory: Directory;
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
  const accessServices = createAccessServices(config, db, clock, overrides.directory ?? new UnconfiguredDirectory());
  const access = createAccessFeature({
    ...accessServices,
    notifier,
    storage,
    logger,
    approvalTimerIntervalInMs: overrides.approvalTimerIntervalInMs,
  });

  const commands = createCommandTable({ access });
  const helpRows = commands.filter((command) => !command.hidden).map(({ usage, description }) => ({ usage, description }));
  const bot = new ManagementBot({
    logger: logger.child({ area: 'bot' }),
    commands,
    invokes: new InvokeRouter(createVerbTable(helpRows, { access }), access.invokeAuthorizer),
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

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pruneTimer);
      if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await access.upkeep.stop();
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
    listen,
    close,
  };
}

/** Roles, authorization, grants, approvals and the audit, on the app's SQLite database. */
function createAccessServices(config: AppConfig, db: SqliteDatabase, clock: Clock, directory: Directory): AccessServices {
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const grantRepository = new SqliteAccessGrantRepository(db);
  const roles = new RoleService(directory, grantRepository, clock, { bootstrapTenantAdminIds: config.tenants.bootstrapTenantAdminIds });
  const authorization = new AuthorizationService(roles, directory, audit);
  const grants = new AccessGrantService(authorization, grantRepository, directory, audit, clock);
  const approvalHandlers = new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(db), approvalHandlers, authorization, roles, audit, clock);
  const tenantSettings = new SqliteTenantSettingsRepository(db, clock);
  return { directory, roles, authorization, grants, approvals, approvalHandlers, audit, tenantSettings, clock };
}
