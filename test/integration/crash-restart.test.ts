/**
 * Issue 4: "A test kills the bot with a pending request and restarts it. The request is still
 * pending, expires on time, and its card is updated." The kill here is literal: the bot runs in
 * a child Node process (test/support/crash/bot-child.ts) on a SQLite file, is driven
 * over HTTP like Teams would, and gets SIGKILL — no close(), no shutdown hooks, no flush. A new
 * app on the same file then has to find the request, expire it on time and update the card
 * copies the dead process sent, through the Bot Connector (this test's fake) that outlived it.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { killHard, startBotChild, teamsMessage, until as waitUntil, type RunningChild } from '../support/crash/child-process';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';
import { cardOf as sessionCardOf, createServiceAccount, setMode, textOf as cardText } from '../support/session-bot-world';
import { ManualClock } from '../../services/ports/clock.port';
import { FakeConnector, type ConnectorCall } from '../support/fake-connector';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';
import { postJson } from '../support/http-client';
import { HARNESS_BOT_ID } from '../support/bot-harness';
import { CARD, people, seedDirectory, startWorld, tempDatabasePath, textOf, TENANT, type Person, type World } from './access-bot.world';

const STARTED_AT = '2026-03-02T09:00:00.000Z';
const DAY = 24 * 3_600_000;

/** Starts the bot in a child process at the fixed start instant. */
function startChild(databasePath: string, children: ChildProcess[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningChild> {
  return startBotChild(databasePath, children, { CRASH_NOW: STARTED_AT, ...extraEnv });
}

function cardOf(call: ConnectorCall): Record<string, unknown> | undefined {
  const attachments = (call.activity?.['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? [];
  return attachments.find((attachment) => attachment.contentType === CARD)?.content;
}

describe('a bot killed with SIGKILL while an approval request is pending', () => {
  const connector = new FakeConnector();
  const children: ChildProcess[] = [];
  const worlds: World[] = [];
  let databasePath: string;
  let cleanup: () => void;

  const personalChat = (who: Person): string => `a:personal-${who.key}`;

  /** A Teams personal-chat message from `who` to the child, as the Bot Connector would post it. */
  const say = async (bot: RunningChild, who: Person, text: string): Promise<ConnectorCall[]> => {
    const conversationId = personalChat(who);
    const before = connector.sent(conversationId).length;
    const result = await postJson(`${bot.url}/api/messages`, {
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${who.key}`, name: who.displayName, aadObjectId: who.id },
      recipient: { id: HARNESS_BOT_ID, name: 'Management Session Bot' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      locale: 'en-US',
      text,
      textFormat: 'plain',
    });
    if (result.status !== 200) throw new Error(`"${text}" answered ${result.status}; child stderr: ${bot.stderr().slice(-2000)}`);
    return connector.sent(conversationId).slice(before);
  };

  beforeAll(async () => {
    ({ databasePath, cleanup } = tempDatabasePath());
    await connector.start();
  });
  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const world of worlds) await world.close();
    await connector.close();
    cleanup();
  });

  it('when the process is killed after the approval cards went out, then after a restart the request is still pending, expires on time, its cards are updated in place and the requester is told', async () => {
    // 1. The bot, in its own process, on the SQLite file.
    const bot = await startChild(databasePath, children);
    // Each admin talks to the bot once: a personal chat reference exists and the admin role is confirmed.
    for (const admin of [people.ada, people.adam, people.ava]) await say(bot, admin, 'operators');
    // The tenant's first choice of mode takes effect at once; changing it afterwards needs a second admin.
    const [firstChoice] = await say(bot, people.ada, 'switch to default');
    expect(textOf(cardOf(firstChoice!))).toContain('Management type set to Default');
    const [requestReply] = await say(bot, people.ada, 'switch to advanced');
    expect(textOf(cardOf(requestReply!))).toContain('Approval requested: switch to Advanced');

    // The POST answers after the turn ran, so the approval cards are already at the connector.
    const approvalCopies = [people.adam, people.ava].map((approver) => {
      const copies = connector.sent(personalChat(approver)).filter((call) => textOf(cardOf(call)).includes('Approval needed: Change management type'));
      expect(copies).toHaveLength(1);
      // The fake connector answers the n-th call with id `sent-n`: the id Teams gave this copy.
      return { conversationId: personalChat(approver), activityId: `sent-${connector.calls.indexOf(copies[0]!) + 1}`, call: copies[0]! };
    });
    const requestId = /"requestId":"([0-9a-f-]{36})"/.exec(textOf(cardOf(approvalCopies[0]!.call)))?.[1];
    expect(requestId).toBeDefined();

    // 2. The kill: no graceful close, no pending writes flushed by the app.
    expect(await killHard(bot.process)).toBe('SIGKILL');
    const callsBeforeRestart = connector.calls.length;

    // 3. A new app (this process) on the same file, with a clock standing where the dead one's stood.
    const clock = new ManualClock(STARTED_AT);
    const directory = new InMemoryDirectory();
    seedDirectory(directory);
    const world = await startWorld({ databasePath, clock, directory });
    worlds.push(world);
    const { app } = world.harness;

    const pending = await app.access.approvals.get(TENANT, requestId!);
    expect(pending).toMatchObject({ state: 'pending', kind: 'mode.change', requester: expect.objectContaining({ userId: people.ada.id }) });
    expect(pending!.expiresAt).toBe(new Date(new Date(STARTED_AT).getTime() + DAY).toISOString());
    // The card copies the dead process sent are on record, with the ids the connector gave them:
    // the approvers' and the requester's own "approval requested" card, which closes with them.
    const requesterCopy = { conversationId: personalChat(people.ada), activityId: `sent-${connector.calls.indexOf(requestReply!) + 1}` };
    const copyKeys = [...approvalCopies, requesterCopy].map((copy) => `${copy.conversationId}|${copy.activityId}`).sort();
    expect(pending!.cards.map((card) => `${card.conversationId}|${card.activityId}`).sort()).toEqual(copyKeys);

    // One second before expiry: still pending, nothing updated.
    clock.set(new Date(new Date(pending!.expiresAt).getTime() - 1000));
    await app.access.upkeep.runOnce();
    expect((await app.access.approvals.get(TENANT, requestId!))?.state).toBe('pending');
    expect(connector.calls.slice(callsBeforeRestart).filter((call) => call.kind === 'update')).toEqual([]);

    // At expiry: expired, exactly on time.
    clock.set(pending!.expiresAt);
    await app.access.upkeep.runOnce();
    await app.access.upkeep.idle();
    const expired = await app.access.approvals.get(TENANT, requestId!);
    expect(expired).toMatchObject({ state: 'expired', decidedAt: pending!.expiresAt });

    // Every copy sent by the killed process was updated in place (same conversation, same activity id),
    // as was every copy the new process added (the reminders it sent before expiry): exactly the stored copies.
    const updates = connector.calls.slice(callsBeforeRestart).filter((call) => call.kind === 'update');
    const updatedKeys = updates.map((call) => `${call.conversationId}|${call.activityId}`).sort();
    expect(updatedKeys).toEqual(expect.arrayContaining(copyKeys));
    expect(updatedKeys).toEqual(expired!.cards.map((card) => `${card.conversationId}|${card.activityId}`).sort());
    for (const update of updates) expect(textOf(cardOf(update))).toContain('Expired: Change management type');

    // The requester is told, in their personal chat.
    const notice = connector.calls.slice(callsBeforeRestart).filter((call) => call.kind === 'send' && call.conversationId === personalChat(people.ada));
    expect(textOf(notice)).toContain('Your request expired');
    // Nothing changed (still the first choice, Default), and the decision is audited once; the hash chain, written by two processes, still verifies.
    expect(app.services.settingsRepo.get(TENANT).mode).toBe('default');
    const records = await world.auditRecords();
    expect(records.filter((record) => record.action === 'approval.expire' && record.target?.id === requestId)).toHaveLength(1);
    expect(await app.access.audit.verify(TENANT)).toMatchObject({ ok: true });
  });
});

/** A Teams personal-chat message from a sandbox person, posted to a bot at `url`. */
function sandboxMessage(connectorUrl: string, tenantId: string, person: { id: string; displayName: string }, text: string): Record<string, unknown> {
  return teamsMessage(connectorUrl, tenantId, person, text);
}

/** The session row as the dead process left it, read straight from the file. */
function sessionStateOnDisk(databasePath: string, tenantId: string): string | undefined {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT state FROM management_sessions WHERE tenant_id = ?').get(tenantId) as { state?: string } | undefined;
    return row?.state;
  } finally {
    db.close();
  }
}

describe('a bot killed with SIGKILL while a management session is ON or ENABLING (Advanced mode, sandbox tenant)', () => {
  const connector = new FakeConnector();
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];
  let sandbox: SandboxHarness;
  let databasePath: string;
  let cleanup: () => void;
  let childEnv: NodeJS.ProcessEnv;
  let tenantId: string;

  /** A new app in this process on the same file and sandbox (startAppWithSandbox, as the other restart tests). */
  const restart = async (): Promise<AppWithSandbox> => {
    const app = await startAppWithSandbox({ sandbox, databasePath, logLevel: 'warn' });
    apps.push(app);
    return app;
  };
  const stopApp = async (app: AppWithSandbox): Promise<void> => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };
  const until = waitUntil;

  beforeAll(async () => {
    ({ databasePath, cleanup } = tempDatabasePath());
    await connector.start();
    sandbox = await startSandboxHarness();
    tenantId = sandbox.sandbox.tenantId;
    const caCertPath = path.join(path.dirname(databasePath), 'sandbox-ca.pem');
    writeFileSync(caCertPath, sandbox.sandbox.caCertPem);
    childEnv = {
      CRASH_SANDBOX: '1',
      SANDBOX_URL: sandbox.sandbox.url,
      SANDBOX_TENANT_ID: tenantId,
      SANDBOX_CA_CERT_PATH: caCertPath,
      AZURE_CLIENT_ID: sandbox.sandbox.botApp.clientId,
      AZURE_CLIENT_SECRET: sandbox.sandbox.botApp.clientSecret,
    };
    // Arrange (not under test): Advanced mode, no auto-enable, and the service account, on the file.
    const setup = await restart();
    setMode(setup, 'advanced', false);
    await createServiceAccount(setup, GLOBAL_ADMIN);
    await stopApp(setup);
  }, 60_000);
  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of [...apps]) await app.close();
    sandbox?.sandbox.faults.clear();
    await sandbox?.stop();
    await connector.close();
    cleanup();
  }, 30_000);

  it('when the process is killed while the session is ENABLING, then the restart settles it: resumed ON, and status shows it', async () => {
    const bot = await startChild(databasePath, children, childEnv);
    // A first turn warms the child up (app token, admin role check), so only the turn-on's vault read is slowed.
    const warm = await postJson(`${bot.url}/api/messages`, sandboxMessage(connector.url, tenantId, GLOBAL_ADMIN, 'status'));
    expect(warm.status).toBe(200);
    // Slow the vault so the turn-on sits in ENABLING long enough to be killed there.
    sandbox.sandbox.faults.configure({ latency: [{ match: { area: 'vault' }, delayInMs: 8_000 }] });
    const turningOn = postJson(`${bot.url}/api/messages`, sandboxMessage(connector.url, tenantId, GLOBAL_ADMIN, 'turn on management')).catch((error: unknown) => error);
    await until(() => sessionStateOnDisk(databasePath, tenantId) === 'ENABLING', 'the child to write ENABLING');
    expect(await killHard(bot.process)).toBe('SIGKILL');
    await turningOn; // the socket died with the process
    sandbox.sandbox.faults.clear();
    expect(sessionStateOnDisk(databasePath, tenantId)).toBe('ENABLING');

    const after = await restart();
    await until(() => sessionStateOnDisk(databasePath, tenantId) !== 'ENABLING', 'the restart to settle ENABLING');
    const session = (await after.app.services.sessions.getStatus(tenantId)).session;
    expect(session).toMatchObject({ state: 'ON', enabledBy: { userId: GLOBAL_ADMIN.id }, lastChangeReason: 'restart-resumed' });
    const [status] = await after.exchange(after.as(GLOBAL_ADMIN).message('status'));
    expect(cardText(sessionCardOf(status))).toContain('Management ON');
    expect(await after.app.access.audit.verify(tenantId)).toMatchObject({ ok: true });
    // Leave it OFF for the next case, the way a person would.
    const [off] = await after.exchange(after.as(GLOBAL_ADMIN).message('turn off management'));
    expect(cardText(sessionCardOf(off))).toMatch(/OFF|off/);
    await until(() => sessionStateOnDisk(databasePath, tenantId) === 'OFF', 'the session to be OFF');
    await stopApp(after);
  });

  it('when the process is killed while the session is ON, then after a restart status still shows Management ON', async () => {
    const bot = await startChild(databasePath, children, childEnv);
    const conversationId = `a:personal-${GLOBAL_ADMIN.id}`;
    const before = connector.sent(conversationId).length;
    const result = await postJson(`${bot.url}/api/messages`, sandboxMessage(connector.url, tenantId, GLOBAL_ADMIN, 'turn on management'));
    expect(result.status).toBe(200);
    const [reply] = await connector.waitForSent(before + 1, { conversationId, timeoutInMs: 15_000 }).then((calls) => calls.slice(before));
    expect(cardText(sessionCardOf(reply))).toContain('Management ON');
    expect(sessionStateOnDisk(databasePath, tenantId)).toBe('ON');

    expect(await killHard(bot.process)).toBe('SIGKILL');

    const after = await restart();
    const [status] = await after.exchange(after.as(GLOBAL_ADMIN).message('status'));
    expect(cardText(sessionCardOf(status))).toContain('Management ON');
    expect((await after.app.services.sessions.getStatus(tenantId)).session).toMatchObject({ state: 'ON', enabledBy: { userId: GLOBAL_ADMIN.id } });
    expect(await after.app.access.audit.verify(tenantId)).toMatchObject({ ok: true });
  });
});
