/**
 * Session notices through the proactive notifier to the person who enabled the session: the
 * time-to-live expiry (the app's own housekeeping timer, on a controllable clock) and the loss
 * of a Default-mode sign-in when the bot restarts (a second app on the same SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { ManualClock } from '../../services/ports/clock.port';
import { startAppWithSandbox, type AppWithSandbox, type StartAppWithSandboxOptions } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { cardOf, createServiceAccount, invokeCard, setMode, textOf } from '../support/session-bot-world';

const HOUR_IN_MS = 3_600_000;

describe('session notices to the enabler', () => {
  const clock = new ManualClock(new Date());
  let dir: string;
  let world: AppWithSandbox;
  let restarted: AppWithSandbox | undefined;

  const options = (): StartAppWithSandboxOptions => ({
    databasePath: join(dir, 'bot.db'),
    overrides: {
      now: () => clock.now(),
      serviceOptions: {
        serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
        sessions: { pollIntervalInMs: 20 },
        background: { rotationScheduler: false, housekeepingIntervalInMs: 50 },
      },
    },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-notices-'));
    world = await startAppWithSandbox(options());
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
  }, 60_000);

  afterAll(async () => {
    await restarted?.close();
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The next proactive message (not a reply) in the admin's chat. */
  async function nextProactive(target: AppWithSandbox, conversationId: string, after: number): Promise<ConnectorCall> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = target.bot.connector.calls.slice(after).find((call) => call.kind === 'send' && call.conversationId === conversationId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no proactive message arrived');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('when the session reaches its time-to-live, then it turns off by itself and the admin who enabled it is told', async () => {
    const admin = world.as(GLOBAL_ADMIN);
    const [on] = await world.exchange(admin.message('turn on management'));
    expect(textOf(cardOf(on))).toContain('Management ON');

    const before = world.bot.connector.calls.length;
    clock.advance(9 * HOUR_IN_MS);
    const notice = await nextProactive(world, admin.conversationId, before);
    expect(textOf(cardOf(notice))).toContain('reached its time limit');
    expect(textOf(cardOf(notice))).toContain('Management OFF');
    expect((await world.app.services.sessions.getStatus(world.tenantId)).session.state).toBe('OFF');
  });

  it('when the bot restarts with a Default-mode session on, then the session goes off and the admin is told the sign-in was lost', async () => {
    // Back to real time: the sandbox's tokens expire an hour after *its* now, which Default mode's session follows.
    clock.set(new Date());
    setMode(world, 'default');
    const admin = world.as(GLOBAL_ADMIN);
    const form = await world.send(admin.invoke('session.turnOn', { step: 'signIn', username: GLOBAL_ADMIN.userPrincipalName, password: GLOBAL_ADMIN.password }));
    expect(textOf(invokeCard(form))).toContain('Management ON');

    // The first process stops; its fake connector (where the admin's chat lives) stays up.
    await world.app.close();
    const before = world.bot.connector.calls.length;
    restarted = await startAppWithSandbox({ ...options(), sandbox: world.sandbox });
    const notice = await nextProactive(world, admin.conversationId, before);
    expect(textOf(cardOf(notice))).toContain('Default-mode sign-in is kept in memory only');
    expect((await restarted.app.services.sessions.getStatus(world.tenantId)).session.state).toBe('OFF');
  });
});
