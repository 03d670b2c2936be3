/**
 * Finding 5 of issue 11: "After the switch, an operator's action still ran as the Global-Admin
 * service account for the rest of the 8-hour session." An approved switch to Default must end
 * the Advanced session it found running, and the audit must say so.
 *
 * The real session service, token broker, action guard, approvals, audit log and journal on one
 * SQLite database, over the in-memory tenant of the session tests (fake-session-world); the
 * mode switch is wired to the session service exactly as the disable already is in
 * bot/composition-root.ts (`endSession` of the session service as its SessionTerminator).
 */
import type { Actor } from '../../../services/access/actor';
import { silentLogger } from '../../../services/ports/area-logger.port';
import { SqliteApprovalRepository } from '../../../services/adapters/sqlite/approval.sqlite';
import { SqliteProvisioningJournal } from '../../../services/adapters/sqlite/provisioning-journal.sqlite';
import { ApprovalHandlerRegistry } from '../../../services/approvals/approval-handler.registry';
import { ApprovalService } from '../../../services/approvals/approval.service';
import { AdvancedManagementDisableService } from '../../../services/service-account/advanced-management-disable.service';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import { ModeSwitchService } from '../../../services/service-account/mode-switch.service';
import { MODE_SWITCH_MESSAGES, type ModeSwitchOutcome, type ModeSwitchReporter } from '../../../services/service-account/mode-switch.types';
import { AuditWriterSink } from '../../../services/service-account/service-account-audit.adapter';
import type { SessionTerminator } from '../../../services/service-account/service-account.collaborators.port';
import { resolveServiceAccountConfig } from '../../../services/service-account/service-account.config';
import { ServiceAccountProvisioningService } from '../../../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../../../services/service-account/tenant-operation-lock';
import { actorOf, auditRecords, createSessionCloud, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

class RecordingReporter implements ModeSwitchReporter {
  readonly outcomes: ModeSwitchOutcome[] = [];
  progressFor() {
    return () => undefined;
  }
  async finished(outcome: ModeSwitchOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }
}

interface SwitchWorld {
  cloud: SessionCloud;
  bot: SessionProcess;
  approvals: ApprovalService;
  modeSwitch: ModeSwitchService;
  tasks: BackgroundTasks;
  reporter: RecordingReporter;
  journal: SqliteProvisioningJournal;
}

/** The service-account area on the session process's database, wired like the composition root. */
async function startSwitchWorld(options: { autoEnable?: boolean; sessions?: (bot: SessionProcess) => SessionTerminator } = {}): Promise<SwitchWorld> {
  const cloud = await createSessionCloud();
  const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: options.autoEnable ?? false });
  const clock = cloud.clock;
  const journal = new SqliteProvisioningJournal(bot.db);
  const audit = new AuditWriterSink(bot.audit);
  const locks = new TenantOperationLock();
  const config = resolveServiceAccountConfig({ signInVerifyAttempts: 1, signInVerifyDelayInMs: 0 });
  const sessions: SessionTerminator = options.sessions?.(bot) ?? { endSession: (tenantId, endOptions) => bot.sessions.endSession(tenantId, endOptions) };
  const provisioning = new ServiceAccountProvisioningService({ directory: bot.appDirectory, vault: cloud.vault, tokens: cloud.issuer, accounts: bot.serviceAccounts, journal, clock, config, locks, audit });
  const disabler = new AdvancedManagementDisableService({ directory: bot.appDirectory, vault: cloud.vault, accounts: bot.serviceAccounts, settings: bot.settings, journal, sessions, clock, config, locks, audit });
  const registry = new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(bot.db), registry, bot.authorization, bot.roles, bot.audit, clock);
  const tasks = new BackgroundTasks(silentLogger);
  const reporter = new RecordingReporter();
  const modeSwitch = new ModeSwitchService({ settings: bot.settings, accounts: bot.serviceAccounts, provisioning, disabler, approvals, journal, clock, tasks, reporter, audit, sessions });
  for (const handler of modeSwitch.approvalHandlers()) registry.register(handler);
  return { cloud, bot, approvals, modeSwitch, tasks, reporter, journal };
}

async function switchToDefault(world: SwitchWorld, requester: Actor, approver: Actor): Promise<void> {
  const request = await world.modeSwitch.requestModeChange(TENANT_ID, requester, 'default');
  expect((await world.approvals.decide(request.id, approver, 'approve')).status).toBe('decided');
  await world.tasks.drain();
}

describe('an approved switch to Default while an Advanced session is ON', () => {
  it('when the switch is approved, then the session is OFF, no action runs as the service account any more, and the audit names the session it ended', async () => {
    const world = await startSwitchWorld({ autoEnable: true });
    const { cloud, bot } = world;
    const ada = actorOf(cloud.people.ada);
    const operator = actorOf(cloud.people.operators[0]!);
    await bot.sessions.turnOn(ada);
    const before = await bot.guard.requireActiveSession(TENANT_ID, operator);
    expect(before.principal).toMatchObject({ kind: 'serviceAccount', objectId: cloud.people.serviceAccount.id });
    await before.directory.updateUser(TENANT_ID, cloud.people.adele.id, { accountEnabled: false });
    const asServiceAccount = () => cloud.tenant.calls.filter((call) => call.callerId === cloud.people.serviceAccount.id);
    expect(asServiceAccount()).toHaveLength(1);

    await switchToDefault(world, ada, actorOf(cloud.people.mfaAdmin));

    expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    const { session } = await bot.sessions.getStatus(TENANT_ID);
    expect(session).toMatchObject({ state: 'OFF', lastChangeReason: 'ended', lastError: { code: 'SESSION.ENDED_MODE_CHANGED' } });
    expect(session.principal).toBeUndefined();
    // The next action: an operator is refused (no auto-enable in Default mode), an admin is asked to sign in as themself.
    await expect(bot.guard.requireActiveSession(TENANT_ID, operator)).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
    await expect(bot.sessions.turnOn(ada)).rejects.toMatchObject({ code: 'SESSION.CREDENTIALS_REQUIRED' });
    expect(asServiceAccount()).toHaveLength(1);

    // The person who turned the session on is told why it ended.
    expect(bot.delivered).toEqual([expect.objectContaining({ recipient: expect.objectContaining({ userId: ada.userId }), kind: 'turned-off', code: 'SESSION.ENDED_MODE_CHANGED' })]);
    expect(world.reporter.outcomes).toEqual([
      expect.objectContaining({ status: 'switched', mode: 'default', message: `${MODE_SWITCH_MESSAGES.defaultKept} ${MODE_SWITCH_MESSAGES.sessionEnded}` }),
    ]);

    // The audit: the switch names the session it ended, and the session's own record carries the service account and the reason, under the same correlation id.
    const records = await auditRecords(bot);
    const switched = records.filter((record) => record.action === 'mode.change');
    expect(switched).toHaveLength(1);
    expect(switched[0]).toMatchObject({
      result: { outcome: 'ok' },
      details: {
        targetMode: 'default',
        sessionEnded: true,
        endedSessionMode: 'advanced',
        endedSessionPrincipalKind: 'serviceAccount',
        endedSessionPrincipalId: cloud.people.serviceAccount.id,
        endedSessionPrincipal: cloud.people.serviceAccount.userPrincipalName,
      },
    });
    const ended = records.filter((record) => record.action === 'session.turnOff' && record.result.code === 'SESSION.ENDED_MODE_CHANGED');
    expect(ended).toEqual([
      expect.objectContaining({
        correlationId: switched[0]!.correlationId,
        principal: expect.objectContaining({ id: cloud.people.serviceAccount.id, upn: cloud.people.serviceAccount.userPrincipalName }),
        details: expect.objectContaining({ mode: 'advanced', previousState: 'ON' }),
      }),
    ]);
    expect(await bot.audit.verify(TENANT_ID)).toMatchObject({ ok: true });
  });

  it('when no session is running, then the switch changes the mode and its audit record says no session was ended', async () => {
    const world = await startSwitchWorld();
    const { cloud, bot } = world;

    await switchToDefault(world, actorOf(cloud.people.ada), actorOf(cloud.people.mfaAdmin));

    expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    expect(world.reporter.outcomes).toEqual([expect.objectContaining({ status: 'switched', message: MODE_SWITCH_MESSAGES.defaultKept })]);
    const [switched] = (await auditRecords(bot)).filter((record) => record.action === 'mode.change');
    expect(switched?.details).toMatchObject({ targetMode: 'default', sessionEnded: false });
    expect(bot.delivered).toEqual([]);
  });

  it('when ending the session fails once, then the switch stays open with the mode already Default, and Retry ends the session without a new approval', async () => {
    let failures = 1;
    const world = await startSwitchWorld({
      sessions: (bot) => ({
        endSession: async (tenantId, endOptions) => {
          if (failures-- > 0) throw new Error('session store unavailable');
          return bot.sessions.endSession(tenantId, endOptions);
        },
      }),
    });
    const { cloud, bot } = world;
    const ada = actorOf(cloud.people.ada);
    await bot.sessions.turnOn(ada);

    await switchToDefault(world, ada, actorOf(cloud.people.mfaAdmin));

    expect(world.reporter.outcomes).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    expect(world.modeSwitch.openSwitch(TENANT_ID)).toMatchObject({ kind: 'mode.change', targetMode: 'default' });
    // Until the switch finishes, the old session is still there to be ended: Retry must not forget it.
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('ON');

    const retried = await world.modeSwitch.retry(TENANT_ID, ada);

    expect(retried).toMatchObject({ status: 'switched', mode: 'default' });
    expect((await bot.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'OFF', lastError: { code: 'SESSION.ENDED_MODE_CHANGED' } });
    expect(world.modeSwitch.openSwitch(TENANT_ID)).toBeUndefined();
    const switched = (await auditRecords(bot)).filter((record) => record.action === 'mode.change');
    expect(switched.map((record) => [record.result.outcome, record.details['sessionEnded']])).toEqual([
      ['failed', undefined],
      ['ok', true],
    ]);
  });
});

describe('ending the session of the old mode', () => {
  it('when the session already runs in the mode to keep, then it is left ON; a session of another mode is turned off', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    const ada = actorOf(cloud.people.ada);
    await bot.sessions.turnOn(ada);
    const person = { userId: ada.userId };

    const kept = await bot.sessions.endSession(TENANT_ID, { reason: 'mode-changed', actor: person, correlationId: 'c-1', keepMode: 'advanced' });
    expect(kept).toEqual({ outcome: 'kept' });
    expect((await bot.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'ON', mode: 'advanced' });

    const ended = await bot.sessions.endSession(TENANT_ID, { reason: 'mode-changed', actor: person, correlationId: 'c-2', keepMode: 'default' });
    expect(ended).toMatchObject({ outcome: 'turned-off', ended: { mode: 'advanced', principal: { kind: 'serviceAccount', objectId: cloud.people.serviceAccount.id } } });
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });
});
