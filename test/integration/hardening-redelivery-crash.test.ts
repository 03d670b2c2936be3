/**
 * Issue 11, finding 6: "A message cut by a crash is lost." A `rotate password now` message whose
 * process is killed (SIGKILL) in the middle of its turn, then redelivered by the channel with the
 * same activity id (as Teams does), must run exactly once: not be dropped as already processed,
 * and not run twice once it has finished.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { killHard, startBotChild, teamsMessage, until } from '../support/crash/child-process';
import { startCrashStage, stopCrashStage, type CrashStage } from '../support/crash/crash-stage';
import { postJson } from '../support/http-client';
import { createServiceAccount, setMode } from '../support/session-bot-world';

/** The turn's claim as the dead process left it, read straight from the file. */
function claimOnDisk(databasePath: string, tenantId: string, activityId: string): { state: string } | undefined {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT state FROM processed_activities WHERE tenant_id = ? AND activity_id = ?').get(tenantId, activityId) as { state: string } | undefined;
  } finally {
    db.close();
  }
}

describe('a message whose turn is cut by a SIGKILL, then redelivered with the same activity id', () => {
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];
  let crash: CrashStage;

  const startApp = async (): Promise<AppWithSandbox> => {
    const app = await startAppWithSandbox({ sandbox: crash.sandbox, databasePath: crash.databasePath, logLevel: 'warn' });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    crash = await startCrashStage();
    // Arrange (not under test): Advanced mode and the service account, on the file.
    const setup = await startApp();
    setMode(setup, 'advanced', false);
    await createServiceAccount(setup, GLOBAL_ADMIN);
    apps.splice(apps.indexOf(setup), 1);
    await setup.close();
  }, 90_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of [...apps]) await app.close();
    crash?.sandbox.sandbox.faults.clear();
    await stopCrashStage(crash);
  }, 30_000);

  it('when the process is killed mid-turn and the channel redelivers the message, then the command runs once, and a later redelivery runs nothing', async () => {
    const { sandbox, connector, databasePath, tenantId } = crash;
    const bot = await startBotChild(databasePath, children, crash.childEnv);
    // Slow Microsoft Graph so the turn is still at the door (resolving the sender) when it is killed.
    sandbox.sandbox.faults.configure({ latency: [{ match: { area: 'graph' }, delayInMs: 8_000 }] });
    const activityId = randomUUID();
    const delivery = teamsMessage(connector.url, tenantId, { id: GLOBAL_ADMIN.id, displayName: GLOBAL_ADMIN.displayName }, 'rotate password now', activityId);
    const firstDelivery = postJson(`${bot.url}/api/messages`, delivery).catch((error: unknown) => error);
    await until(() => claimOnDisk(databasePath, tenantId, activityId) !== undefined, 'the child to claim the turn');
    expect(await killHard(bot.process)).toBe('SIGKILL');
    await firstDelivery; // the socket died with the process
    sandbox.sandbox.faults.clear();
    expect(claimOnDisk(databasePath, tenantId, activityId)).toEqual({ state: 'started' });

    const after = await startApp();
    expect(after.app.services.rotationHistory.list(tenantId, { limit: 10 })).toHaveLength(0);
    // The channel redelivers the same activity (same id) to the restarted bot.
    const redelivery = after.as(GLOBAL_ADMIN).message('rotate password now', { id: activityId });
    const [ack] = await after.exchange(redelivery);
    expect(JSON.stringify(ack?.activity)).toContain('Rotating the management account password');
    await until(() => after.app.services.rotationHistory.list(tenantId, { limit: 10 }).some((entry) => entry.result !== 'running'), 'the rotation to finish', 30_000);
    const [run] = after.app.services.rotationHistory.list(tenantId, { limit: 10 });
    expect(run).toMatchObject({ result: 'succeeded', trigger: 'manual' });
    expect(claimOnDisk(databasePath, tenantId, activityId)).toEqual({ state: 'done' });

    // A further redelivery of the finished turn is ignored: no reply, no second rotation.
    const result = await after.send(redelivery);
    expect(result.status).toBe(200);
    await after.app.services.backgroundTasks.drain();
    expect(after.app.services.rotationHistory.list(tenantId, { limit: 10 })).toHaveLength(1);
    expect(await after.app.access.audit.verify(tenantId)).toMatchObject({ ok: true });
  }, 90_000);
});
