/**
 * The local stack behind `npm start` and the end-to-end tests:
 *
 *   browser ──▶ Agents Playground (child process, 127.0.0.1) ──POST /api/messages──▶ bot (in-process, 127.0.0.1)
 *                        ▲                                                            │
 *                        └───────────── replies to the Playground's service URL ◀─────┘
 *                                                                                     │ Graph / Entra / Key Vault
 *                                                                                     ▼
 *                                                                    sandbox tenant (in-process, HTTPS, 127.0.0.1)
 *
 * The bot and the sandbox run in this process: they are our own TypeScript, start in well under
 * a second, and tests can reach into them. The Playground is a separate process because it is a
 * bundled CLI that patches the global console and must not share our event loop.
 *
 * The bot is configured from an explicit sandbox environment, never from the caller's
 * environment or `.env`: real Azure settings must never mix with the sandbox (DESIGN §4).
 *
 * Every start makes a fresh endpoint secret that only the bot and the Playground process hold:
 * the bot refuses POST /api/messages without it, so no other local process (and no web page,
 * which is refused anyway) can post activities as the sandbox Global Admin. It is never logged,
 * written to a file or put in a URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../../bot/composition-root';
import { loadConfig, type AppConfig } from '../../bot/config';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { CONTOSO_SEED_PATH, readSeedDocument } from '../../sandbox/directory/seed';
import { BOT_APP, GLOBAL_ADMIN, GROUPS, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN, type SeedAccount } from '../../sandbox/directory/seed/contoso-ids';
import type { LogLevel } from '../../services/logger';
import { PLAYGROUND_CONFIG_FILE_NAME, playgroundInputFromSeed, writePlaygroundConfig, type PlaygroundConfigInput } from '../playground-config';
import { choosePort } from './ports';
import { startPlayground, type RunningPlayground } from './playground-process';
import { waitForHttp } from './wait';

/** Where `npm start` keeps its state: the bot's SQLite file, sandbox keys and state, logs. */
export const DEFAULT_DATA_DIR = resolve(__dirname, '..', '..', 'data');
/** The ports a developer sees by default (the Bot Framework and Playground conventions). */
export const DEFAULT_PORTS = { bot: 3978, playground: 56150, sandbox: 0 } as const;
/** The bot's display name in the Playground (at most 42 characters). */
export const BOT_DISPLAY_NAME = 'Management Session Bot';

export interface LocalStackOptions {
  /** Everything the stack writes goes under here; a temporary directory in tests. */
  dataDir?: string;
  /**
   * Preferred ports; 0 picks a free one. A busy preferred port falls back to a free one, except
   * the sandbox's, which is handed to startSandbox as is.
   */
  ports?: Partial<{ bot: number; playground: number; sandbox: number }>;
  /** Bot log level; the bot's JSON log goes to `<dataDir>/logs/bot.log`, not the terminal. */
  logLevel?: LogLevel;
  /** Per component. */
  startupTimeoutMs?: number;
  /** Called when a Playground process dies while the stack is up (not during stop()). */
  onUnexpectedExit?: (component: 'playground', detail: string) => void;
  /**
   * Who gets a Playground of their own, each on its own port (the first on `ports.playground`,
   * the next ones on the following ports). Default: the Global Admin only.
   */
  personas?: readonly PersonaKey[];
}

/** The people a newcomer can play locally, one Playground each. */
export type PersonaKey = 'admin' | 'approver' | 'operator';

export interface PersonaDefinition {
  key: PersonaKey;
  account: SeedAccount;
  /** What this person is, in the words the start line and the README use. */
  role: string;
}

/** In start order: the Global Admin's Playground is always the first (`playgroundUrl`). */
export const PERSONAS: readonly PersonaDefinition[] = [
  { key: 'admin', account: GLOBAL_ADMIN, role: 'Global Admin' },
  { key: 'approver', account: SECOND_GLOBAL_ADMIN, role: 'second Global Admin, who approves four-eyes requests' },
  { key: 'operator', account: HELP_DESK_USERS[1]!, role: 'help-desk operator, once an admin grants it' },
];
export const ALL_PERSONAS: readonly PersonaKey[] = PERSONAS.map((persona) => persona.key);

export interface RunningPersona extends LocalStackUser {
  key: PersonaKey;
  role: string;
  playgroundUrl: string;
}

export interface LocalStackUser {
  aadObjectId: string;
  userPrincipalName: string;
  displayName: string;
}

export interface LocalStack {
  /** The address to open in a browser: the Playground's web UI. */
  playgroundUrl: string;
  /** e.g. http://127.0.0.1:3978 — the bot's base URL (`/api/messages`, `/healthz`). */
  botUrl: string;
  botEndpoint: string;
  /** The sandbox tenant (Entra, Graph under /v1.0, Key Vault), HTTPS on 127.0.0.1. */
  sandboxUrl: string;
  tenantId: string;
  /** The Playground's current user: the sandbox Global Admin. */
  currentUser: LocalStackUser;
  /** The Playground's other users: the five help-desk users. */
  otherUsers: readonly LocalStackUser[];
  /** Every Playground started, the Global Admin's first; each is that person's own Teams client. */
  personas: readonly RunningPersona[];
  dataDir: string;
  files: { playgroundConfig: string; botLog: string; playgroundLog: string; playgroundOutput: string };
  /** For tests that look inside; do not close these directly, call stop(). */
  app: App;
  sandbox: RunningSandbox;
  /** Stops the Playground (its whole process group), the bot and the sandbox. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds a Playground's config input from the contoso seed, bot app id included. The Global
 * Admin's Playground shows the five help-desk users; another persona's shows the Global Admin and
 * the help-desk users other than themselves, and gets conversation ids of its own.
 */
export function contosoPlaygroundInput(seedPath: string = CONTOSO_SEED_PATH, persona: PersonaKey = 'admin'): PlaygroundConfigInput {
  const definition = PERSONAS.find((candidate) => candidate.key === persona)!;
  const others =
    persona === 'admin'
      ? HELP_DESK_USERS.map((user) => user.id)
      : [GLOBAL_ADMIN.id, ...HELP_DESK_USERS.map((user) => user.id).filter((id) => id !== definition.account.id)].slice(0, HELP_DESK_USERS.length);
  const input = playgroundInputFromSeed(readSeedDocument(seedPath), {
    globalAdminId: definition.account.id,
    helpDeskUserIds: others,
    // Teams addresses a bot as "28:<app id>".
    bot: { id: `28:${BOT_APP.appId}`, name: BOT_DISPLAY_NAME },
    teamGroupId: GROUPS.itSupport,
  });
  return persona === 'admin' ? input : { ...input, conversationSuffix: persona };
}

/**
 * The bot's sandbox configuration, parsed by the same loadConfig() as production: the sandbox's
 * URL (Entra authority, Graph under /v1.0, Key Vault), its CA (trusted by the bot's own SDK
 * clients only) and the bot's sandbox app registration from the seed. No BOOTSTRAP admins: the
 * Playground user is a real Global Admin in the sandbox, found through Graph.
 */
export function sandboxBotConfig(options: {
  port: number;
  databasePath: string;
  sandbox: RunningSandbox;
  sandboxDataDir: string;
  logLevel: LogLevel;
  /** See newEndpointSecret(). Required: the local stack never runs an open endpoint. */
  endpointSecret: string;
}): AppConfig {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATABASE_PATH: options.databasePath,
    LOG_LEVEL: options.logLevel,
    SANDBOX_URL: options.sandbox.url,
    SANDBOX_TENANT_ID: options.sandbox.tenantId,
    SANDBOX_CA_CERT_PATH: join(options.sandboxDataDir, 'tls', 'ca-cert.pem'),
    AZURE_CLIENT_ID: options.sandbox.botApp.clientId,
    AZURE_CLIENT_SECRET: options.sandbox.botApp.clientSecret,
    SANDBOX_ENDPOINT_SECRET: options.endpointSecret,
  });
  if (config.mode !== 'sandbox') throw new Error('The local stack must run the bot in sandbox mode.');
  return config;
}

/** 32 random bytes (43 base64url characters), fresh at every start. */
export function newEndpointSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Starts the sandbox tenant, the bot and the Agents Playground, each waited on until healthy.
 * On any failure, whatever was already started is stopped before the error is rethrown.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  const logDir = join(dataDir, 'logs');
  const playgroundDir = join(dataDir, 'playground');
  mkdirSync(logDir, { recursive: true });
  const botLog = join(logDir, 'bot.log');

  const cleanups: Array<() => Promise<void>> = [];
  const runCleanups = async (): Promise<void> => {
    const errors: unknown[] = [];
    // Reverse start order: the Playground first, so nothing calls the bot while it closes.
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'The local stack did not stop cleanly');
  };

  try {
    const sandboxDataDir = join(dataDir, 'sandbox');
    const sandbox = await startSandbox({ dataDir: sandboxDataDir, port: ports.sandbox });
    cleanups.push(() => sandbox.close());

    const botPort = await choosePort(ports.bot);
    const endpointSecret = newEndpointSecret();
    const config = sandboxBotConfig({
      port: botPort,
      databasePath: join(dataDir, 'bot.db'),
      sandbox,
      sandboxDataDir,
      logLevel: options.logLevel ?? 'info',
      endpointSecret,
    });
    // The terminal shows one line; the bot's JSON log goes to a file (sync: no lost lines on Ctrl-C).
    const logDestination = pino.destination({ dest: botLog, mkdir: true, sync: true, append: true });
    cleanups.push(async () => logDestination.end());
    const app = await createApp(config, { logDestination });
    cleanups.push(() => app.close());
    const { url: botUrl } = await app.listen();
    app.logger.info({ area: 'local-stack', url: botUrl, sandboxUrl: sandbox.url, tenantId: sandbox.tenantId }, 'bot listening in sandbox mode');
    await waitForHttp(`${botUrl}/healthz`, { what: `the bot at ${botUrl}/healthz`, timeoutMs });
    const botEndpoint = `${botUrl}/api/messages`;

    const toUser = (person: PlaygroundConfigInput['currentUser']): LocalStackUser => ({
      aadObjectId: person.aadObjectId,
      userPrincipalName: person.userPrincipalName,
      displayName: person.displayName,
    });
    let stopped = false;
    const wanted = PERSONAS.filter((persona) => (options.personas ?? ['admin']).includes(persona.key) || persona.key === 'admin');
    // Ports are chosen one after another (so no two take the same), the Playgrounds start together.
    const planned: Array<{ persona: PersonaDefinition; input: PlaygroundConfigInput; configPath: string; workDir: string; port: number }> = [];
    for (const [index, persona] of wanted.entries()) {
      const input = contosoPlaygroundInput(CONTOSO_SEED_PATH, persona.key);
      if (input.tenantId.toLowerCase() !== sandbox.tenantId.toLowerCase()) {
        throw new Error(`The Playground tenant ${input.tenantId} is not the sandbox tenant ${sandbox.tenantId}.`);
      }
      // The Global Admin's Playground keeps the directory it always had; the others get their own.
      const workDir = persona.key === 'admin' ? playgroundDir : `${playgroundDir}-${persona.key}`;
      const configPath = join(workDir, PLAYGROUND_CONFIG_FILE_NAME);
      writePlaygroundConfig(configPath, input);
      const taken = new Set(planned.map((plan) => plan.port));
      let port = await choosePort(ports.playground === 0 ? 0 : ports.playground + index);
      while (taken.has(port)) port = await choosePort(0);
      planned.push({ persona, input, configPath, workDir, port });
    }
    const starts = planned.map(async (plan) => {
      const playground: RunningPlayground = await startPlayground({
        port: plan.port,
        botEndpoint,
        endpointSecret,
        configPath: plan.configPath,
        workDir: plan.workDir,
        timeoutMs,
        onUnexpectedExit: (code, signal) => {
          if (!stopped) options.onUnexpectedExit?.('playground', `${plan.persona.account.displayName}'s Playground: exit code ${String(code)}, signal ${String(signal)}`);
        },
      });
      cleanups.push(() => playground.stop());
      return { ...plan, playground };
    });
    const settled = await Promise.allSettled(starts);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const started = settled.map((result) => (result as PromiseFulfilledResult<Awaited<(typeof starts)[number]>>).value);
    const [first] = started;
    const { input: playgroundInput, playground, configPath: playgroundConfig } = first!;

    let stopping: Promise<void> | undefined;
    return {
      playgroundUrl: playground.url,
      botUrl,
      botEndpoint,
      sandboxUrl: sandbox.url,
      tenantId: sandbox.tenantId,
      currentUser: toUser(playgroundInput.currentUser),
      otherUsers: playgroundInput.users.map(toUser),
      personas: started.map(({ persona, input, playground: own }) => ({ ...toUser(input.currentUser), key: persona.key, role: persona.role, playgroundUrl: own.url })),
      dataDir,
      files: { playgroundConfig, botLog, playgroundLog: playground.logFile, playgroundOutput: playground.outputFile },
      app,
      sandbox,
      stop: () => {
        stopped = true;
        stopping ??= runCleanups();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanups().catch(() => undefined);
    throw error;
  }
}
