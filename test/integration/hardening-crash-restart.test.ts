/**
 * Finding 7 of issue 11: "A rotation killed after Entra accepted the new password converged only
 * after 326 s: the next process waited out the dead one's 5-minute lease … A service-account
 * creation killed mid-way never resumed by itself."
 *
 * The kill is literal: the bot runs in a child Node process (test/support/crash/kill-after-call-child.ts)
 * on a SQLite file against this test's sandbox tenant, and sends itself SIGKILL right after the
 * named outbound call returned. A new app (this process, the real composition root and sandbox
 * adapters) then starts on the same file, and nobody clicks anything: what must happen, happens
 * by itself, within seconds.
 */
import type { ChildProcess } from 'node:child_process';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { openDatabase } from '../../services/adapters/sqlite/database';
import { SqliteProvisioningJournal } from '../../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteRotationJournal } from '../../services/adapters/sqlite/rotation-journal.sqlite';
import { SqliteRotationLeaseStore } from '../../services/adapters/sqlite/rotation-lease.sqlite';
import { SqliteServiceAccountRepository } from '../../services/adapters/sqlite/service-account.sqlite';
import type { ServiceAccountRecord } from '../../services/ports/service-account.repository.port';
import { SignInError } from '../../services/ports/token-issuer.port';
import type { RotationLease } from '../../services/rotation/rotation-store.port';
import type { RotationRun } from '../../services/rotation/rotation.types';
import type { ProvisioningOperation } from '../../services/service-account/provisioning-journal.port';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { CRASH_CHILDREN, killHard, startBotChild, teamsMessage, type RunningChild } from '../support/crash/child-process';
import { startCrashStage, stopCrashStage, type CrashStage } from '../support/crash/crash-stage';
import { postJson } from '../support/http-client';
import { auditTrail, createServiceAccount, setMode } from '../support/session-bot-world';
import { cardTextOf, latestRotationId, waitForRotation } from './rotation-bot.world';

const GLOBAL_ADMINISTRATOR_ROLE = '62e90394-69f5-4237-9190-012177145e10';
const CONVERGENCE_BUDGET_IN_MS = 30_000;

/** Starts the self-killing bot (its database path is in `env`) and resolves once it listens. */
function startChild(env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<RunningChild> {
  return startBotChild(String(env['CRASH_DATABASE_PATH']), children, env, CRASH_CHILDREN.killAfterCall);
}

function within<T>(promise: Promise<T>, timeoutInMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutInMs} ms waiting for ${what}`)), timeoutInMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(check: () => boolean, what: string, deadline: number): Promise<void> {
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A Teams personal-chat message from the sandbox's Global Admin to the bot at `url`. */
function adminMessage(connectorUrl: string, tenantId: string, text: string): Record<string, unknown> {
  return teamsMessage(connectorUrl, tenantId, { id: GLOBAL_ADMIN.id, displayName: GLOBAL_ADMIN.displayName }, text);
}

/** What the dead process left in the SQLite file, read with the bot's own stores. */
function onDisk(databasePath: string, tenantId: string): { record?: ServiceAccountRecord; openRun?: RotationRun; lease?: RotationLease; openCreation?: ProvisioningOperation } {
  const db = openDatabase(databasePath);
  try {
    const record = new SqliteServiceAccountRepository(db).get(tenantId);
    const openRun = new SqliteRotationJournal(db).findOpen(tenantId);
    const lease = new SqliteRotationLeaseStore(db).current(tenantId);
    const openCreation = new SqliteProvisioningJournal(db).findOpen(tenantId, 'serviceAccount.create');
    return { ...(record ? { record } : {}), ...(openRun ? { openRun } : {}), ...(lease ? { lease } : {}), ...(openCreation ? { openCreation } : {}) };
  } finally {
    db.close();
  }
}

/** The restarted bot: this process, the same file and sandbox; the rotation scheduler runs as in production. */
function restartApp(crash: CrashStage): Promise<AppWithSandbox> {
  return startAppWithSandbox({
    sandbox: crash.sandbox,
    databasePath: crash.databasePath,
    logLevel: 'warn',
    overrides: {
      serviceOptions: {
        serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
        sessions: { pollIntervalInMs: 20 },
        background: { rotationScheduler: true },
        rotation: { verifyDelayInMs: 50 },
      },
    },
  });
}

async function signsIn(crash: CrashStage, userPrincipalName: string, secretName: string, version: string): Promise<boolean> {
  const { value } = await crash.sandbox.secretVault().getSecret(secretName, version);
  try {
    await crash.sandbox.tokenIssuer().getUserTokenWithPassword(crash.tenantId, userPrincipalName, value);
    return true;
  } catch (error) {
    if (error instanceof SignInError && error.code === 'SIGNIN.WRONG_PASSWORD') return false;
    throw error;
  }
}

describe('a rotation killed with SIGKILL right after Entra accepted the new password (sandbox tenant)', () => {
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];
  let crash: CrashStage;

  beforeAll(async () => {
    crash = await startCrashStage();
    // Arrange (not under test): Advanced mode and the service account, on the file.
    const setup = await startAppWithSandbox({ sandbox: crash.sandbox, databasePath: crash.databasePath, logLevel: 'warn' });
    setMode(setup, 'advanced', false);
    await createServiceAccount(setup, GLOBAL_ADMIN);
    await setup.close();
  }, 60_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of apps) await app.close();
    await stopCrashStage(crash);
  }, 30_000);

  it('when the bot restarts, then within 30 s the run is settled, the current vault version signs in, and "rotate password now" is not refused as in progress', async () => {
    const bot = await startChild({ ...crash.childEnv, CRASH_KILL_AFTER: 'directory.setPassword' }, children);
    const asked = await postJson(`${bot.url}/api/messages`, adminMessage(crash.connector.url, crash.tenantId, 'rotate password now'));
    expect(asked.status).toBe(200);
    expect(await within(bot.exited, 30_000, 'the child to kill itself after setting the password')).toBe('SIGKILL');

    // What the dead process left: an open run past step 2, Entra holding the pending password, the vault's current one refused, its lease.
    const dead = onDisk(crash.databasePath, crash.tenantId);
    const record = dead.record!;
    expect(dead.openRun).toMatchObject({ status: 'running', step: 'pending-stored' });
    const pendingVersion = dead.openRun!.pendingVersion!;
    expect(record.pendingSecretVersion).toBe(pendingVersion);
    expect(await signsIn(crash, record.userPrincipalName, record.secretName, record.currentSecretVersion)).toBe(false);
    expect(await signsIn(crash, record.userPrincipalName, record.secretName, pendingVersion)).toBe(true);
    expect(dead.lease?.owner?.pid).toBe(bot.pid);
    expect(Date.parse(dead.lease!.expiresAt)).toBeGreaterThan(Date.now() + 60_000);

    const restartedAt = Date.now();
    const after = await restartApp(crash);
    apps.push(after);
    const history = () => after.app.services.rotationHistory.list(crash.tenantId, { limit: 5 });
    await until(() => history().some((entry) => entry.rotationId === dead.openRun!.rotationId && entry.result === 'succeeded'), 'the interrupted run to be settled', restartedAt + CONVERGENCE_BUDGET_IN_MS);
    expect(Date.now() - restartedAt).toBeLessThan(CONVERGENCE_BUDGET_IN_MS);

    expect(history().find((entry) => entry.rotationId === dead.openRun!.rotationId)).toMatchObject({ result: 'succeeded', settledByRecovery: true, newVersion: pendingVersion });
    const settled = after.app.services.serviceAccountRepo.get(crash.tenantId)!;
    expect(settled.currentSecretVersion).toBe(pendingVersion);
    expect(settled.pendingSecretVersion).toBeUndefined();
    expect(await signsIn(crash, settled.userPrincipalName, settled.secretName, settled.currentSecretVersion)).toBe(true);

    // An admin asks right away: a new rotation runs, nobody is told one is already running.
    const previous = latestRotationId(after);
    const admin = after.as(GLOBAL_ADMIN);
    const [ack] = await after.exchange(admin.message('rotate password now'));
    expect(cardTextOf(ack!)).not.toContain('already running');
    const next = await waitForRotation(after, previous, 20_000);
    expect(next).toMatchObject({ result: 'succeeded', trigger: 'manual', previousVersion: pendingVersion });
    const final = after.app.services.serviceAccountRepo.get(crash.tenantId)!;
    expect(await signsIn(crash, final.userPrincipalName, final.secretName, final.currentSecretVersion)).toBe(true);
    const followUps = after.bot.connector.sent(admin.conversationId).map((call) => cardTextOf(call));
    expect(followUps.filter((text) => text.includes('A password rotation is already running'))).toEqual([]);
    expect(await after.app.access.audit.verify(crash.tenantId)).toMatchObject({ ok: true });
  });
});

describe('a service-account creation killed with SIGKILL mid-way (sandbox tenant)', () => {
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];
  let crash: CrashStage;

  beforeAll(async () => {
    crash = await startCrashStage();
  }, 60_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of apps) await app.close();
    await stopCrashStage(crash);
  }, 30_000);

  const managementAccounts = () => crash.sandbox.sandbox.state().directory.users.filter((user) => user.userPrincipalName.startsWith('mgmt-bot.admin@'));

  it('when the bot restarts, then the creation finishes by itself with no click: the account exists with its role, its secret is current in the vault and signs in, and the record is saved', async () => {
    const bot = await startChild({ ...crash.childEnv, CRASH_KILL_AFTER: 'directory.createUser' }, children);
    const asked = await postJson(`${bot.url}/api/messages`, adminMessage(crash.connector.url, crash.tenantId, 'create service account'));
    expect(asked.status).toBe(200);
    expect(await within(bot.exited, 30_000, 'the child to kill itself after creating the user')).toBe('SIGKILL');

    // What the dead process left: a user without a role, a creation still "running", no record.
    const dead = onDisk(crash.databasePath, crash.tenantId);
    expect(dead.openCreation).toMatchObject({ status: 'running', startedBy: { userId: GLOBAL_ADMIN.id } });
    expect(dead.record).toBeUndefined();
    expect(managementAccounts()).toHaveLength(1);
    const account = managementAccounts()[0]!;
    expect(crash.sandbox.sandbox.state().directory.roleAssignments.filter((assignment) => assignment.principalId === account.id)).toEqual([]);

    const restartedAt = Date.now();
    const after = await restartApp(crash);
    apps.push(after);
    const { serviceAccountRepo, provisioning } = after.app.services;
    await until(
      () => serviceAccountRepo.get(crash.tenantId) !== undefined && provisioning.pendingOperation(crash.tenantId) === undefined,
      'the interrupted creation to finish',
      restartedAt + CONVERGENCE_BUDGET_IN_MS,
    );

    // Exactly the account the dead process created, now with its role, its password current and proven.
    expect(managementAccounts().map((user) => user.id)).toEqual([account.id]);
    const roles = crash.sandbox.sandbox.state().directory.roleAssignments.filter((assignment) => assignment.principalId === account.id);
    expect(roles.map((assignment) => assignment.roleDefinitionId)).toEqual([GLOBAL_ADMINISTRATOR_ROLE]);
    const record = serviceAccountRepo.get(crash.tenantId)!;
    expect(record).toMatchObject({ objectId: account.id, userPrincipalName: account.userPrincipalName, createdBy: GLOBAL_ADMIN.id });
    const versions = await crash.sandbox.secretVault().listVersions(record.secretName);
    expect(versions.filter((version) => version.enabled).map((version) => version.version)).toEqual([record.currentSecretVersion]);
    expect(versions.filter((version) => version.enabled && version.tags['state'] === 'current').map((version) => version.version)).toEqual([record.currentSecretVersion]);
    expect(await signsIn(crash, record.userPrincipalName, record.secretName, record.currentSecretVersion)).toBe(true);

    // Audited as the admin's creation, finished after the restart; nobody sent the restarted bot anything.
    const created = (await auditTrail(after)).filter((entry) => entry.action === 'serviceAccount.create' && entry.result.outcome === 'ok');
    expect(created).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: GLOBAL_ADMIN.id }), details: expect.objectContaining({ resumedAfterRestart: true }) })]);
    expect(after.bot.connector.calls.filter((call) => call.kind === 'send')).toEqual([]);
    expect(await after.app.access.audit.verify(crash.tenantId)).toMatchObject({ ok: true });
  });
});
