/**
 * Issue 13: "a bulk killed (SIGKILL) halfway resumes after restart and acts on no user twice".
 * The bot runs in a child process (test/support/crash/bot-child.ts, sandbox mode) on a SQLite
 * file; it is killed with SIGKILL while batches are in flight. A new app on the same file
 * resumes the job: items settled before the kill are left alone, items in flight are read back
 * (accountEnabled) before anything is sent again, the rest are sent once.
 */
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { killHard, startBotChild, teamsMessage, until } from '../support/crash/child-process';
import { startCrashStage, stopCrashStage, type CrashStage } from '../support/crash/crash-stage';
import { postJson } from '../support/http-client';
import { auditTrail, createServiceAccount, setMode, type Card } from '../support/session-bot-world';
import { messageIdOf, successfulWritesPerUser } from '../support/bulk/bulk-world';
import { CARD } from './access-bot.world';

const N = 400;

function itemStates(databasePath: string): Record<string, number> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM bulk_job_items GROUP BY state').all() as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  } catch {
    return {};
  } finally {
    db.close();
  }
}

describe('a bulk action killed with SIGKILL halfway (sandbox tenant)', () => {
  let stage: CrashStage;
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];

  beforeAll(async () => {
    stage = await startCrashStage();
    // Arrange (not under test): Advanced mode, the service account, the session ON, N users.
    const setup = await startAppWithSandbox({ sandbox: stage.sandbox, databasePath: stage.databasePath, logLevel: 'warn' });
    setMode(setup, 'advanced', false);
    await createServiceAccount(setup, GLOBAL_ADMIN);
    await setup.exchange(setup.as(GLOBAL_ADMIN).message('turn on management'), 1, 20_000);
    await setup.close();
    await stage.sandbox.sandbox.addUsers(N, { department: 'Crash', prefix: 'crash' });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of apps) await app.close();
    stage?.sandbox.sandbox.faults.clear();
    await stopCrashStage(stage);
  }, 30_000);

  it('when the process is killed with batches in flight, then the restart finishes the job and no user is written twice', async () => {
    const bot = await startBotChild(stage.databasePath, children, { ...stage.childEnv, CRASH_SANDBOX: '1' });
    const conversationId = `a:personal-${GLOBAL_ADMIN.id}`;
    const before = stage.connector.sent(conversationId).length;
    const prepared = await postJson(`${bot.url}/api/messages`, teamsMessage(stage.connector.url, stage.tenantId, GLOBAL_ADMIN, 'block sign-in for department Crash'));
    expect(prepared.status).toBe(200);
    const [reply] = (await stage.connector.waitForSent(before + 1, { conversationId, timeoutInMs: 60_000 })).slice(before);
    const card = ((reply!.activity?.['attachments'] as Array<{ contentType: string; content: Card }>) ?? []).find((a) => a.contentType === CARD)!.content;
    const confirm = card.actions![0]!;
    expect(confirm['title']).toBe('Block sign-in');

    // Slow batches, so the kill lands with some users done, some in flight and some not sent.
    stage.sandbox.sandbox.faults.configure({ latency: [{ match: { pathPrefix: '/v1.0/$batch' }, delayInMs: 150 }] });
    stage.sandbox.sandbox.traffic.clear();
    const base = teamsMessage(stage.connector.url, stage.tenantId, GLOBAL_ADMIN, '');
    const invoke = { ...base, type: 'invoke', name: 'adaptiveCard/action', text: undefined, replyToId: messageIdOf(stage.connector.calls, reply!), value: { action: { type: 'Action.Execute', verb: confirm['verb'], data: confirm['data'] }, trigger: 'manual' } };
    const answer = await postJson(`${bot.url}/api/messages`, invoke);
    expect(answer.status).toBe(200);

    await until(() => (itemStates(stage.databasePath)['succeeded'] ?? 0) >= N / 2, 'half the users to be done', 60_000);
    expect(await killHard(bot.process)).toBe('SIGKILL');
    const atKill = itemStates(stage.databasePath);
    expect(atKill['succeeded']).toBeLessThan(N);
    // Some users were in flight when the process died: their outcome is unknown until read back.
    expect(atKill['sending'] ?? 0).toBeGreaterThan(0);
    stage.sandbox.sandbox.faults.clear();

    // A new app on the same file resumes the job on start-up.
    // Users whose batch was in flight are read back only once the dead process's requests can no longer be running (3 s here).
    const after = await startAppWithSandbox({
      sandbox: stage.sandbox,
      databasePath: stage.databasePath,
      logLevel: 'warn',
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
          bulk: { runner: { inFlightGraceInMs: 3_000 } },
        },
      },
    });
    apps.push(after);
    await until(() => (itemStates(stage.databasePath)['succeeded'] ?? 0) === N, 'the resumed job to finish', 60_000);
    await after.app.services.backgroundTasks.drain();

    const writes = successfulWritesPerUser(stage.sandbox.sandbox.traffic.entries());
    const crashUsers = stage.sandbox.sandbox.state().directory.users.filter((u) => u.department === 'Crash');
    expect(crashUsers.map((u) => writes.get(u.id.toLowerCase()) ?? 0)).toEqual(crashUsers.map(() => 1));
    expect(crashUsers.filter((u) => u.accountEnabled)).toEqual([]);
    const perUser = (await auditTrail(after)).filter((r) => r.action === 'user.blockSignIn');
    expect(new Set(perUser.map((r) => r.target?.id)).size).toBe(N);
    expect(await after.app.access.audit.verify(stage.tenantId)).toMatchObject({ ok: true });
  }, 180_000);
});
