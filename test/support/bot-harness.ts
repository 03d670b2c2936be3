import { randomUUID } from 'node:crypto';
import { createApp, type App, type AppDependencies } from '../../bot/composition-root';
import { loadConfig } from '../../bot/config';
import { FakeConnector, type ConnectorCall } from './fake-connector';
import { httpRequest, postJson, type HttpResult } from './http-client';
import { MemoryLog } from './memory-log';

export const HARNESS_TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const HARNESS_USER_AAD_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const HARNESS_BOT_ID = '28:management-session-bot';

export interface StartBotHarnessOptions {
  /** Extra environment for loadConfig (PORT, DATABASE_PATH and LOG_LEVEL are preset). */
  env?: NodeJS.ProcessEnv;
  overrides?: Partial<AppDependencies>;
  /** Who the activities come from by default (tenant and user); the harness user otherwise. */
  identity?: HarnessIdentity;
}

/** The tenant and Teams user an activity comes from. */
export interface HarnessIdentity {
  tenantId: string;
  user: { id: string; name: string; aadObjectId: string };
}

export interface BotHarness {
  readonly app: App;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  readonly connector: FakeConnector;
  /** Every JSON log line the app wrote. */
  readonly log: MemoryLog;
  /** A Teams personal-chat message from the harness user, with a fresh id; override any field. */
  message(text: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** An `Action.Execute` (`adaptiveCard/action`) invoke. */
  invoke(verb: string, data?: Record<string, unknown>, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** POSTs an activity to /api/messages and resolves with the HTTP answer (after the turn ran). */
  send(activity: Record<string, unknown>): Promise<HttpResult>;
  /** POSTs an arbitrary body to /api/messages. */
  postRaw(body: string | Buffer, headers?: Record<string, string>): Promise<HttpResult>;
  /** The first `count` activities the bot sent (optionally in one conversation), waiting for them. */
  waitForReplies(count: number, options?: { conversationId?: string; timeoutInMs?: number }): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

/**
 * Starts the real app (composition root, restify, CloudAdapter, SQLite in memory) on a free
 * loopback port in sandbox mode, plus a fake Bot Connector that the activities' `serviceUrl`
 * points at. Call `close()` in afterAll.
 */
export async function startBotHarness(options: StartBotHarnessOptions = {}): Promise<BotHarness> {
  const connector = new FakeConnector();
  await connector.start();
  const log = new MemoryLog();
  const config = loadConfig({ PORT: '0', DATABASE_PATH: ':memory:', LOG_LEVEL: 'info', ...options.env });
  const app = await createApp(config, { logDestination: log, ...options.overrides });
  const { url } = await app.listen();
  const endpoint = `${url}/api/messages`;

  const tenantId = options.identity?.tenantId ?? HARNESS_TENANT_ID;
  const from = options.identity?.user ?? { id: '29:harness-user', name: 'Adele Vance', aadObjectId: HARNESS_USER_AAD_ID };
  const base = (conversationId: string): Record<string, unknown> => ({
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from,
    recipient: { id: HARNESS_BOT_ID, name: 'Management Session Bot' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-US',
  });

  return {
    app,
    baseUrl: url,
    connector,
    log,
    message: (text, overrides = {}) => ({ ...base('a:personal-harness'), type: 'message', text, textFormat: 'plain', ...overrides }),
    invoke: (verb, data = {}, overrides = {}) => ({
      ...base('a:personal-harness'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      ...overrides,
    }),
    send: (activity) => postJson(endpoint, activity),
    postRaw: (body, headers = { 'content-type': 'application/json' }) => httpRequest(endpoint, { method: 'POST', headers, body }),
    waitForReplies: (count, waitOptions) => connector.waitForSent(count, waitOptions),
    close: async () => {
      await app.close();
      await connector.close();
    },
  };
}
