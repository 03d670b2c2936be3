/**
 * The whole bot against the sandbox tenant: `startSandbox` on a temporary directory, the real
 * app (composition root, restify, CloudAdapter, SQLite) with the real Graph / Key Vault / Entra
 * adapters pointed at that sandbox over HTTPS, and the fake Bot Connector of bot-harness.ts.
 * Bot-level tests of issues 5–7 talk HTTP to a real bot that calls the real sandbox.
 *
 *   const world = await startAppWithSandbox();
 *   const admin = world.as(GLOBAL_ADMIN);
 *   const [reply] = await world.exchange(admin.message('status'));
 *   ...
 *   await world.close();
 */
import { GraphConditionalAccess } from '../../services/adapters/graph/graph-conditional-access';
import { GLOBAL_ADMIN, type SeedAccount } from '../../sandbox/directory/seed/contoso-ids';
import type { BotAdapters } from '../../bot/adapters';
import type { App, AppDependencies } from '../../bot/composition-root';
import { GraphUserAdministration } from '../../services/adapters/graph/graph-user-administration';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { GraphBatchClient } from '../../services/adapters/graph/graph-batch';
import { GraphBulkTargetDirectory } from '../../services/adapters/graph/graph-bulk-target-directory';
import { GraphPlaybookDirectory } from '../../services/adapters/graph/graph-playbook-directory';
import type { GraphFetch } from '../../services/adapters/graph/graph-client-factory';
import type { EntraTokenIssuer } from '../../services/adapters/entra/entra-token-issuer';
import type { LogLevel } from '../../services/logger';
import { startBotHarness, type BotHarness } from './bot-harness';
import type { ConnectorCall } from './fake-connector';
import type { HttpResult } from './http-client';
import type { MemoryLog } from './memory-log';
import { startSandboxHarness, type SandboxHarness } from './sandbox-harness';

/** Anyone in the sandbox tenant (a seed account, or a user the test created). */
export interface SandboxPerson {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** Activities from one Teams user, in their own personal chat with the bot. */
export interface UserChannel {
  person: SandboxPerson;
  conversationId: string;
  message(text: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** An `Action.Execute` click on a card, as this user. */
  invoke(verb: string, data?: Record<string, unknown>, overrides?: Record<string, unknown>): Record<string, unknown>;
}

export interface AppWithSandbox {
  readonly sandbox: SandboxHarness;
  readonly bot: BotHarness;
  readonly app: App;
  readonly tenantId: string;
  /** Every JSON log line the bot wrote. */
  readonly log: MemoryLog;
  /** The sandbox token issuer the bot's adapters use (for arranging data as the bot's app). */
  readonly issuer: EntraTokenIssuer;
  as(person: SandboxPerson): UserChannel;
  /** POSTs an activity; an invoke's card is in `body.value`. */
  send(activity: Record<string, unknown>): Promise<HttpResult>;
  /** Sends a message activity and waits for `count` new replies in its conversation. */
  exchange(activity: Record<string, unknown>, count?: number, timeoutInMs?: number): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

export interface StartAppWithSandboxOptions {
  /** Extra environment for loadConfig (PORT, DATABASE_PATH, LOG_LEVEL and the sandbox tenant are preset). */
  env?: NodeJS.ProcessEnv;
  /** Default ':memory:'; a file for restart tests. */
  databasePath?: string;
  /** Default 'debug', so secret-leak scans see everything the bot could log. */
  logLevel?: LogLevel;
  overrides?: Partial<AppDependencies>;
  /** Reuse a running sandbox (a bot restart against the same tenant). */
  sandbox?: SandboxHarness;
}

/** The bot's adapters in sandbox form, against a test sandbox: what bot/adapters.ts builds from SANDBOX_* config. */
export function sandboxAdapters(harness: SandboxHarness, issuer: EntraTokenIssuer = harness.tokenIssuer()): BotAdapters {
  // No Graph SDK retries: the sandbox answers at once, and fault tests want to see the first failure.
  const graph = (getAccessToken: (tenantId: string) => Promise<string>) =>
    new GraphDirectory({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken, fetch: harness.fetch as GraphFetch, retry: { maxRetries: 0 } });
  return {
    directory: graph(async (tenantId) => (await issuer.getAppToken(tenantId)).token),
    userAdministration: new GraphUserAdministration({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: harness.fetch as GraphFetch,
      retry: { maxRetries: 0 },
    }),
    vault: harness.secretVault({ tokenIssuer: issuer }),
    tokenIssuer: issuer,
    directoryForToken: graph,
    userAdministrationForToken: (getAccessToken) =>
      new GraphUserAdministration({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken, fetch: harness.fetch as GraphFetch, retry: { maxRetries: 0 } }),
    bulkDirectory: new GraphBulkTargetDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: harness.fetch as GraphFetch,
      retry: { maxRetries: 0 },
    }),
    playbookDirectory: new GraphPlaybookDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: harness.fetch as GraphFetch,
      retry: { maxRetries: 0 },
    }),
    batchForToken: (getAccessToken) => new GraphBatchClient({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken, fetch: harness.fetch as GraphFetch, retry: { maxRetries: 0 } }),
    conditionalAccess: new GraphConditionalAccess({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: harness.fetch as GraphFetch,
      retry: { maxRetries: 0 },
    }),
    configured: { directory: true, vault: true, tokenIssuer: true },
    close: async () => undefined,
  };
}

export async function startAppWithSandbox(options: StartAppWithSandboxOptions = {}): Promise<AppWithSandbox> {
  const ownsSandbox = options.sandbox === undefined;
  const sandbox = options.sandbox ?? (await startSandboxHarness());
  const tenantId = sandbox.sandbox.tenantId;
  const issuer = sandbox.tokenIssuer();
  let bot: BotHarness;
  try {
    bot = await startBotHarness({
      env: {
        LOG_LEVEL: options.logLevel ?? 'debug',
        DATABASE_PATH: options.databasePath ?? ':memory:',
        SANDBOX_TENANT_ID: tenantId,
        ...options.env,
      },
      overrides: {
        adapters: sandboxAdapters(sandbox, issuer),
        serviceOptions: {
          // Fast sign-in verification and session polling; the rotation scheduler is driven by tests.
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
        },
        ...options.overrides,
      },
      identity: personIdentity(tenantId, GLOBAL_ADMIN),
    });
  } catch (error) {
    if (ownsSandbox) await sandbox.stop();
    throw error;
  }

  const as = (person: SandboxPerson): UserChannel => {
    const conversationId = `a:personal-${person.id}`;
    const { user } = personIdentity(tenantId, person);
    const who = { from: user, conversation: { id: conversationId, conversationType: 'personal', tenantId } };
    return {
      person,
      conversationId,
      message: (text, overrides = {}) => bot.message(text, { ...who, ...overrides }),
      invoke: (verb, data = {}, overrides = {}) => bot.invoke(verb, data, { ...who, ...overrides }),
    };
  };

  return {
    sandbox,
    bot,
    app: bot.app,
    tenantId,
    log: bot.log,
    issuer,
    as,
    send: (activity) => bot.send(activity),
    exchange: async (activity, count = 1, timeoutInMs = 10_000) => {
      const conversationId = (activity['conversation'] as { id: string }).id;
      const before = bot.connector.sent(conversationId).length;
      const result = await bot.send(activity);
      if (result.status >= 300) throw new Error(`The bot answered HTTP ${result.status}: ${JSON.stringify(result.body)}`);
      const replies = await bot.connector.waitForSent(before + count, { conversationId, timeoutInMs });
      return replies.slice(before);
    },
    close: async () => {
      await bot.close();
      if (ownsSandbox) await sandbox.stop();
    },
  };
}

function personIdentity(tenantId: string, person: SandboxPerson | SeedAccount) {
  return { tenantId, user: { id: `29:${person.id}`, name: person.displayName, aadObjectId: person.id } };
}
