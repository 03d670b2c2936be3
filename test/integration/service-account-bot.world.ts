/**
 * The bot-level world of issue 5: the real app over HTTP against a real sandbox tenant over
 * HTTPS (test/support/app-harness.ts), with helpers to read what the fake Bot Connector saw
 * (sent cards and in-place updates), to click buttons as a given person, and to change the bot
 * app's consented permissions the way an admin would (a fresh app token picks them up).
 */
import { grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import type { EntraTokenIssuer } from '../../services/adapters/entra/entra-token-issuer';
import type { Clock } from '../../services/ports/clock.port';
import { sandboxAdapters, startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

export const CARD = 'application/vnd.microsoft.card.adaptive';

/** Real time plus an offset: time moves as usual (waits and polls work), and a test can jump ahead. */
export class JumpingClock implements Clock {
  private offsetInMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetInMs);
  }
  advance(ms: number): void {
    this.offsetInMs += ms;
  }
}
export type Card = Record<string, unknown>;

export interface ServiceAccountWorld {
  app: AppWithSandbox;
  sandbox: SandboxHarness;
  clock: JumpingClock;
  /** Every card answered to an invoke (they never pass the connector). */
  invokeCards: Card[];
  as(person: SandboxPerson): UserChannel;
  /** Sends a message and returns the cards of its replies. */
  say(person: SandboxPerson, text: string, replies?: number): Promise<Array<{ card: Card; activityId: string }>>;
  /** Clicks a card button (Action.Execute) on the message `replyToId`; returns the invoke's card. */
  click(person: SandboxPerson, verb: string, data?: Record<string, unknown>, replyToId?: string, activityId?: string): Promise<Card>;
  /** Updates the bot made to one message, oldest first. */
  updatesOf(conversationId: string, activityId: string): Card[];
  /** Waits until an update of the message contains `text`; returns it. */
  waitForUpdate(conversationId: string, activityId: string, text: string, timeoutInMs?: number): Promise<Card>;
  /** Waits for a card sent to the conversation containing `text`, among those after the first `after` sent. */
  waitForSent(conversationId: string, text: string, options?: { after?: number; timeoutInMs?: number }): Promise<{ card: Card; activityId: string }>;
  /** How many activities the bot has sent to the conversation so far. */
  sentCount(conversationId: string): number;
  /** Admin consent on the bot's sandbox app; the bot's next app token carries it. */
  setBotPermission(permission: string, granted: boolean): Promise<void>;
  close(): Promise<void>;
}

export function textOf(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function cardOf(call: ConnectorCall): Card | undefined {
  const attachments = (call.activity?.['attachments'] as Array<{ contentType: string; content: Card }> | undefined) ?? [];
  return attachments.find((attachment) => attachment.contentType === CARD)?.content;
}

/** The Action.Execute buttons of a card (root actions and action sets), by title. */
export function buttonsOf(card: Card): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Action.Execute') {
      found.push({ title: String(record['title']), verb: String(record['verb']), data: (record['data'] as Record<string, unknown> | undefined) ?? {} });
    }
    Object.values(record).forEach(visit);
  };
  visit(card['body']);
  visit(card['actions']);
  return found;
}

export function button(card: Card, title: string): { verb: string; data: Record<string, unknown> } {
  const found = buttonsOf(card).find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no "${title}" button on ${textOf(card).slice(0, 400)}`);
  return found;
}

async function poll<T>(find: () => T | undefined, timeoutInMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startServiceAccountWorld(): Promise<ServiceAccountWorld> {
  const sandbox = await startSandboxHarness();
  let issuer = sandbox.tokenIssuer();
  // The bot's adapters always use the current issuer: a new one is a fresh app token after a consent change.
  const current = new Proxy({} as EntraTokenIssuer, {
    get: (_target, property) => {
      const value = (issuer as unknown as Record<PropertyKey, unknown>)[property];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(issuer) : value;
    },
  });
  const clock = new JumpingClock();
  let app: AppWithSandbox;
  try {
    app = await startAppWithSandbox({ sandbox, overrides: { adapters: sandboxAdapters(sandbox, current), now: () => clock.now(), approvalTimerIntervalInMs: 3_600_000 } });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const connector = app.bot.connector;
  const invokeCards: Card[] = [];
  const idOf = (call: ConnectorCall): string => `sent-${connector.calls.indexOf(call) + 1}`;

  const world: ServiceAccountWorld = {
    app,
    sandbox,
    clock,
    invokeCards,
    as: (person) => app.as(person),
    say: async (person, text, replies = 1) => {
      const calls = await app.exchange(app.as(person).message(text), replies, 20_000);
      return calls.map((call) => ({ card: cardOf(call) ?? { text: call.activity?.['text'] }, activityId: idOf(call) }));
    },
    click: async (person, verb, data = {}, replyToId, activityId) => {
      const overrides: Record<string, unknown> = {};
      if (replyToId) overrides['replyToId'] = replyToId;
      if (activityId) overrides['id'] = activityId;
      const result = await app.send(app.as(person).invoke(verb, data, overrides));
      const body = result.body as { type?: string; value?: Card };
      if (result.status !== 200 || body.type !== CARD || !body.value) throw new Error(`invoke ${verb} answered ${result.status} ${textOf(body).slice(0, 300)}`);
      invokeCards.push(body.value);
      return body.value;
    },
    updatesOf: (conversationId, activityId) =>
      connector.calls
        .filter((call) => call.kind === 'update' && call.conversationId === conversationId && call.activityId === activityId)
        .map((call) => cardOf(call))
        .filter((card): card is Card => card !== undefined),
    waitForUpdate: (conversationId, activityId, text, timeoutInMs = 20_000) =>
      poll(
        () => world.updatesOf(conversationId, activityId).find((card) => textOf(card).includes(text)),
        timeoutInMs,
        () => `an update of ${activityId} saying "${text}"; updates: ${world.updatesOf(conversationId, activityId).map((card) => textOf(card).slice(0, 200)).join(' | ')}`,
      ),
    sentCount: (conversationId) => connector.sent(conversationId).length,
    waitForSent: (conversationId, text, options = {}) =>
      poll(
        () => {
          const call = connector
            .sent(conversationId)
            .slice(options.after ?? 0)
            .find((candidate) => textOf(cardOf(candidate)).includes(text));
          const card = call ? cardOf(call) : undefined;
          return call && card ? { card, activityId: idOf(call) } : undefined;
        },
        options.timeoutInMs ?? 20_000,
        () => `a card in ${conversationId} saying "${text}"`,
      ),
    setBotPermission: async (permission, granted) => {
      const change = granted ? grantApplicationPermission : revokeApplicationPermission;
      change(sandbox.sandbox.state().directory, sandbox.sandbox.botApp.clientId, permission);
      await sandbox.sandbox.persist();
      issuer = sandbox.tokenIssuer();
    },
    close: async () => {
      await app.close();
      await sandbox.stop();
    },
  };
  return world;
}
