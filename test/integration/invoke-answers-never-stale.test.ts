/**
 * Issue 12, item 7: a click's answer never goes stale. Teams applies an invoke's answer when it
 * arrives, and every update of the same card when that arrives; a client that got "Management
 * service account created" as an update and the older "Creating…" answer after it stayed on
 * "Creating…" for good. Here each click's answer is held back in the bot for a while after the
 * flow has started its background work (as a slow turn end would), and a Teams-like client
 * (test/support/teams-like-client.ts) shows what a person would see: every flow must end on its
 * final card.
 */
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { setMode, actorOf } from '../support/session-bot-world';
import { TeamsLikeClient } from '../support/teams-like-client';

/** How long each invoke's answer is held back in the bot after its handler returned. */
const ANSWER_DELAY_IN_MS = 2_500;

const textOf = (value: unknown): string => JSON.stringify(value ?? null);

describe('invoke answers never go stale, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let client: TeamsLikeClient;
  const conversationId = (): string => world.as(GLOBAL_ADMIN).conversationId;

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
          // Every slow-able action is answered with its progress card at once, and progress updates are not throttled long.
          invokeBudgetInMs: 1,
          cardUpdates: { minIntervalInMs: 20 },
        },
      },
    });
    client = new TeamsLikeClient(world.bot.connector);
    // The answer leaves the bot only once the turn has ended; hold the turn's end back.
    const bot = world.app.bot as unknown as { onAdaptiveCardInvoke: (...args: unknown[]) => Promise<unknown> };
    const handle = bot.onAdaptiveCardInvoke.bind(bot);
    bot.onAdaptiveCardInvoke = async (...args: unknown[]) => {
      const answer = await handle(...args);
      await new Promise((resolve) => setTimeout(resolve, ANSWER_DELAY_IN_MS));
      return answer;
    };
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function click(activityId: string, verb: string, data: Record<string, unknown> = {}) {
    return client.click(conversationId(), activityId, () => world.send(world.as(GLOBAL_ADMIN).invoke(verb, data, { replyToId: activityId })));
  }

  /** Background work done and every card update sent. */
  async function settled(): Promise<void> {
    await world.app.services.backgroundTasks.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await world.app.services.backgroundTasks.drain();
  }

  it('when Create service account is clicked and the creation ends before the answer leaves, then the card ends on "Management service account created"', async () => {
    const cardId = 'settings-card-create';
    await click(cardId, 'serviceAccount.create');
    await settled();
    const history = client.history(conversationId(), cardId);
    expect(history.length).toBeGreaterThan(0);
    expect(textOf(client.onScreen(conversationId(), cardId))).toContain('Management service account created');
    // No update of the card went out before the answer.
    expect(history[0]?.source).toBe('answer');
  }, 60_000);

  it('when Default sign-in turns management on slower than the budget, then the sign-in card ends on "Management ON"', async () => {
    await world.app.services.sessions.turnOff(actorOf(world, GLOBAL_ADMIN));
    setMode(world, 'default');
    const cardId = 'signin-card-stale';
    await click(cardId, 'session.turnOn', { step: 'signIn', username: GLOBAL_ADMIN.userPrincipalName, password: GLOBAL_ADMIN.password });
    await settled();
    const history = client.history(conversationId(), cardId);
    expect(history[0]?.source).toBe('answer');
    expect(textOf(client.onScreen(conversationId(), cardId))).toContain('Management ON');
    await world.app.services.sessions.turnOff(actorOf(world, GLOBAL_ADMIN));
  }, 60_000);
});
