/**
 * Issue 14, "Workflow crash: a workflow killed (SIGKILL) between two steps resumes after restart
 * from the last finished step and repeats none (checked against the sandbox's state and the audit)."
 *
 * The real bot runs in a child process (test/support/crash/kill-after-call-child.ts) in sandbox
 * mode on a SQLite file, in Advanced mode with the session ON. A tenant admin starts
 * `remediate compromised <user>` (block sign-in → revoke sessions → reset password → notice) over
 * HTTP, as Teams would, and the child sends itself SIGKILL:
 * - between two steps: block sign-in's call returned and its result was stored, and the process
 *   dies before the next step makes its first call;
 * - inside a step: right after Microsoft Graph accepted block sign-in, before the bot recorded it.
 * A new app (this process, the real composition root and sandbox adapters) then starts on the same
 * file, and nobody clicks anything. The sandbox's traffic and state, and the audit, say that every
 * step took effect exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { SandboxUser } from '../../sandbox/directory/model';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { messageIdOf } from '../support/bulk/bulk-world';
import { CRASH_CHILDREN, killHard, startBotChild, teamsMessage, until } from '../support/crash/child-process';
import { startCrashStage, stopCrashStage, type CrashStage } from '../support/crash/crash-stage';
import { postJson } from '../support/http-client';
import { auditTrail, createServiceAccount, setMode, type Card } from '../support/session-bot-world';
import { CARD } from './access-bot.world';

const STEPS = ['blockSignIn', 'revokeSessions', 'resetPassword', 'tellAdmins'] as const;

interface StepRow {
  step_id: string;
  status: string;
}

function stepsOnDisk(databasePath: string, targetId: string): { run?: { id: string; state: string }; steps: StepRow[] } {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const run = db.prepare('SELECT id, state FROM workflow_runs WHERE target_user_id = ?').get(targetId) as { id: string; state: string } | undefined;
    if (!run) return { steps: [] };
    const steps = db.prepare('SELECT step_id, status FROM workflow_run_steps WHERE run_id = ? ORDER BY position').all(run.id) as StepRow[];
    return { run, steps };
  } finally {
    db.close();
  }
}

describe('a workflow killed with SIGKILL (sandbox tenant, the real bot)', () => {
  const children: ChildProcess[] = [];
  const apps: AppWithSandbox[] = [];
  let stage: CrashStage;
  let targets: SandboxUser[];

  beforeAll(async () => {
    stage = await startCrashStage();
    // Arrange (not under test): Advanced mode, the service account, the session ON, two users.
    const setup = await startAppWithSandbox({ sandbox: stage.sandbox, databasePath: stage.databasePath, logLevel: 'warn' });
    setMode(setup, 'advanced', false);
    await createServiceAccount(setup, GLOBAL_ADMIN);
    await setup.exchange(setup.as(GLOBAL_ADMIN).message('turn on management'), 1, 20_000);
    await setup.close();
    targets = await stage.sandbox.sandbox.addUsers(2, { department: 'Crash', prefix: 'wfcrash' });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    for (const app of apps) await app.close();
    await stopCrashStage(stage);
  }, 30_000);

  const userState = (id: string) => stage.sandbox.sandbox.state().directory.users.find((user) => user.id === id)!;

  /** Starts the self-killing bot, asks for the remediation of `target` and clicks Start; resolves once the child died. */
  async function startAndDie(target: SandboxUser, env: NodeJS.ProcessEnv): Promise<void> {
    const bot = await startBotChild(stage.databasePath, children, { ...stage.childEnv, ...env }, CRASH_CHILDREN.killAfterCall);
    const conversationId = `a:personal-${GLOBAL_ADMIN.id}`;
    const before = stage.connector.sent(conversationId).length;
    const asked = await postJson(`${bot.url}/api/messages`, teamsMessage(stage.connector.url, stage.tenantId, GLOBAL_ADMIN, `remediate compromised ${target.userPrincipalName}`));
    expect(asked.status).toBe(200);
    const [reply] = (await stage.connector.waitForSent(before + 1, { conversationId, timeoutInMs: 60_000 })).slice(before);
    const card = ((reply!.activity?.['attachments'] as Array<{ contentType: string; content: Card }>) ?? []).find((a) => a.contentType === CARD)!.content;
    const start = card.actions!.find((action) => action['title'] === 'Start remediation')!;
    expect(start).toBeDefined();

    stage.sandbox.sandbox.traffic.clear();
    const base = teamsMessage(stage.connector.url, stage.tenantId, GLOBAL_ADMIN, '');
    const invoke = { ...base, type: 'invoke', name: 'adaptiveCard/action', text: undefined, replyToId: messageIdOf(stage.connector.calls, reply!), value: { action: { type: 'Action.Execute', verb: start['verb'], data: start['data'] }, trigger: 'manual' } };
    // The answer may or may not arrive before the process dies: the kill is what matters.
    void postJson(`${bot.url}/api/messages`, invoke).catch(() => undefined);
    expect(await bot.exited).toBe('SIGKILL');
  }

  /** The restarted bot: this process, the same file; it resumes unfinished runs on start. */
  async function restart(): Promise<AppWithSandbox> {
    const app = await startAppWithSandbox({
      sandbox: stage.sandbox,
      databasePath: stage.databasePath,
      logLevel: 'warn',
      overrides: { serviceOptions: { sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } },
    });
    apps.push(app);
    return app;
  }

  /** What the sandbox and the audit say about the whole remediation of `target`, once the resumed run ended. */
  async function expectEachStepOnce(app: AppWithSandbox, target: SandboxUser, before: SandboxUser): Promise<void> {
    await until(() => ['succeeded', 'completed-with-failures', 'failed'].includes(stepsOnDisk(stage.databasePath, target.id).run?.state ?? ''), 'the resumed run to end', 60_000);
    await app.app.services.workflows.drain();
    const { run, steps } = stepsOnDisk(stage.databasePath, target.id);
    expect(steps.map((step) => [step.step_id, step.status])).toEqual(STEPS.map((id) => [id, 'succeeded']));
    expect(run!.state).toBe('succeeded');

    // The sandbox saw each change once, across both processes: block and reset are one PATCH each, revoke one POST.
    const calls = stage.sandbox.sandbox.traffic.entries().filter((entry) => entry.kind === 'http' && entry.status < 400);
    const userPath = `/v1.0/users/${target.id}`.toLowerCase();
    expect(calls.filter((call) => call.method === 'PATCH' && call.path.toLowerCase() === userPath)).toHaveLength(2);
    expect(calls.filter((call) => call.method === 'POST' && call.path.toLowerCase() === `${userPath}/revokesigninsessions`)).toHaveLength(1);
    const after = userState(target.id);
    expect(after.accountEnabled).toBe(false);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(after.forceChangePasswordNextSignIn).toBe(true);
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(before.signInSessionsValidFromDateTime));

    // The audit: one settled record per action and one per step, and the chain intact across both processes.
    const trail = (await auditTrail(app)).filter((record) => record.target?.id === target.id);
    for (const action of ['user.blockSignIn', 'user.revokeSessions', 'user.resetPassword']) {
      expect(trail.filter((record) => record.action === action).map((record) => record.result.outcome)).toEqual(['ok']);
    }
    const stepRecords = trail.filter((record) => record.action === 'workflow.step').map((record) => [record.details?.['stepId'], record.result.outcome]);
    expect(stepRecords).toEqual(STEPS.map((id) => [id, 'ok']));
    expect(trail.filter((record) => record.action === 'workflow.run.end')).toHaveLength(1);
    expect(await app.app.access.audit.verify(stage.tenantId)).toMatchObject({ ok: true });
  }

  it('when the process dies between two steps, then the restart goes on from the next step and repeats none', async () => {
    const target = targets[0]!;
    const before = structuredClone(userState(target.id));
    // Dies right before the first call the bot makes after block sign-in was accepted: the next step's target lookup.
    await startAndDie(target, { CRASH_KILL_AFTER: 'session.updateUser', CRASH_KILL_BEFORE_NEXT: 'directory.*' });

    const atKill = stepsOnDisk(stage.databasePath, target.id);
    expect(atKill.run!.state).toBe('running');
    expect(atKill.steps[0]).toEqual({ step_id: 'blockSignIn', status: 'succeeded' });
    expect(['pending', 'running']).toContain(atKill.steps[1]!.status);
    expect(atKill.steps.slice(2).map((step) => step.status)).toEqual(['pending', 'pending']);
    expect(userState(target.id).accountEnabled).toBe(false);
    expect(userState(target.id).signInSessionsValidFromDateTime).toBe(before.signInSessionsValidFromDateTime);

    const app = await restart();
    await expectEachStepOnce(app, target, before);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  }, 180_000);

  it('when the process dies inside a step, after Graph accepted it and before the bot recorded it, then the restart reads it back and does not send it again', async () => {
    const target = targets[1]!;
    const before = structuredClone(userState(target.id));
    await startAndDie(target, { CRASH_KILL_AFTER: 'session.updateUser' });

    const atKill = stepsOnDisk(stage.databasePath, target.id);
    expect(atKill.steps.map((step) => step.status)).toEqual(['running', 'pending', 'pending', 'pending']);
    expect(userState(target.id).accountEnabled).toBe(false);

    const app = await restart();
    await expectEachStepOnce(app, target, before);
    const blocked = (await auditTrail(app)).find((record) => record.action === 'user.blockSignIn' && record.target?.id === target.id)!;
    expect(blocked.details).toMatchObject({ reconciled: true });
  }, 180_000);
});
