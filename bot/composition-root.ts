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
import { createCommandTable } from './commands';
import type { AppConfig } from './config';
import { InvokeRouter } from './invoke-router';
import { ManagementBot } from './management-bot';
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

  const commands = createCommandTable();
  const helpRows = commands.filter((command) => !command.hidden).map(({ usage, description }) => ({ usage, description }));
  const bot = new ManagementBot({
    logger: logger.child({ area: 'bot' }),
    commands,
    invokes: new InvokeRouter(createVerbTable(helpRows)),
    processedActivities,
    conversationReferences,
    conversationState: createTenantConversationState(storage),
  });
  const server = createServer({ adapter, bot, logger });

  await processedActivities.prune();
  const pruneTimer = setInterval(() => {
    processedActivities.prune().catch((error: unknown) => logger.warn({ err: error }, 'pruning processed activities failed'));
  }, PRUNE_INTERVAL_IN_MS);
  pruneTimer.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pruneTimer);
      if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
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

  return { config, server, adapter, bot, db, logger, storage, conversationReferences, processedActivities, listen, close };
}
