import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODE_SWITCH_MESSAGES } from '../../../services/service-account/mode-switch.types';
import { ADMIN, OPERATOR, SECOND_ADMIN, bootProcess, type BotProcess } from './support/bot-process';
import { TENANT_ID, World } from './support/crash-world';
import { MANAGEMENT_UPN, SECRET_NAME, dumpDatabase, expectNoSecretIn, expectOneWorkingAccount } from './support/assertions';

const HOUR = 3_600_000;

describe('ModeSwitchService', () => {
  let dir: string;
  let world: World;
  let bot: BotProcess;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-mode-'));
    world = new World();
    bot = bootProcess(world, join(dir, 'bot.db'));
  });

  afterEach(async () => {
    await bot.tasks.drain();
    bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the first choice of management type (issue 12)', () => {
    it('when the tenant has none, then a tenant admin\'s choice takes effect at once, with no approval, audited as the first choice', async () => {
      expect(bot.settings.get(TENANT_ID).mode).toBe('none');
      await expect(bot.modeSwitch.chooseFirstMode(TENANT_ID, ADMIN, 'default')).resolves.toBe(true);
      expect(bot.settings.get(TENANT_ID).mode).toBe('default');
      expect(await bot.approvals.listPending(TENANT_ID, {})).toEqual([]);
      const chosen = (await bot.auditLog.list(TENANT_ID, { limit: 100 })).records.filter((r) => r.action === 'mode.chosen');
      expect(chosen).toHaveLength(1);
      expect(chosen[0]!.actor.userId).toBe(ADMIN.userId);
    });

    it('when a mode is established, then a second choice changes nothing and the change still needs the approval', async () => {
      await bot.modeSwitch.chooseFirstMode(TENANT_ID, ADMIN, 'default');
      await expect(bot.modeSwitch.chooseFirstMode(TENANT_ID, ADMIN, 'advanced')).resolves.toBe(false);
      expect(bot.settings.get(TENANT_ID).mode).toBe('default');
      const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
      expect(request.state).toBe('pending');
      expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    });

    it('when an operator (not a tenant admin) makes the first choice, then it is refused and nothing changes', async () => {
      await expect(bot.modeSwitch.chooseFirstMode(TENANT_ID, OPERATOR, 'default')).rejects.toMatchObject({ name: expect.stringMatching(/AccessDenied/) });
      expect(bot.settings.get(TENANT_ID).mode).toBe('none');
      expect((await bot.auditLog.list(TENANT_ID, { limit: 100 })).records.filter((r) => r.action === 'mode.chosen')).toEqual([]);
    });
  });

  async function approve(requestId: string): Promise<void> {
    const outcome = await bot.approvals.decide(requestId, SECOND_ADMIN, 'approve');
    expect(outcome.status).toBe('decided');
    await bot.tasks.drain();
  }

  it('when an admin asks for Advanced, then nothing changes until another admin approves', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    expect(request).toMatchObject({ kind: 'mode.change', state: 'pending', payload: { targetMode: 'advanced', fromMode: 'none' }, requester: { userId: ADMIN.userId } });
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    expect(world.directory.users.size).toBe(0);

    await expect(bot.approvals.decide(request.id, ADMIN, 'approve')).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL_FORBIDDEN' });
    expect(world.directory.users.size).toBe(0);
  });

  it('when an admin asks again while a request waits, then no second request is opened and the waiting one is named', async () => {
    const first = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    await expect(bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).rejects.toMatchObject({ code: 'MODE.REQUEST_PENDING', details: { requestId: first.id } });
    expect((await bot.approvals.listPending(TENANT_ID, { kind: 'mode.change' })).map((r) => r.id)).toEqual([first.id]);
    expect((await bot.modeSwitch.pendingRequest(TENANT_ID, 'mode.change'))?.id).toBe(first.id);
  });

  it('when a second admin approves the switch to Advanced, then the account is created with progress, the mode changes and the final message says what next', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    await approve(request.id);

    expect(bot.settings.get(TENANT_ID)).toMatchObject({ mode: 'advanced', updatedBy: ADMIN.userId });
    await expectOneWorkingAccount(world, bot);
    expect(bot.reporter.outcomes).toEqual([
      expect.objectContaining({ status: 'switched', mode: 'advanced', approvalId: request.id, message: MODE_SWITCH_MESSAGES.advancedCreated }),
    ]);
    expect(MODE_SWITCH_MESSAGES.advancedCreated).toBe(
      'The management type was switched and the management account was created; turn the management session on to use it.',
    );
    const finished = bot.reporter.progress.filter((p) => p.state === 'done').map((p) => p.step);
    expect(finished).toEqual(['create-account', 'assign-role', 'store-secret', 'verify-sign-in', 'switch-mode']);
    const stored = await bot.auditLog.list(TENANT_ID, { limit: 100 });
    const actions = stored.records.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['approval.create', 'approval.approve', 'serviceAccount.create', 'mode.change']));
    await expect(bot.auditLog.verify(TENANT_ID)).resolves.toMatchObject({ ok: true });
  });

  it('when the approval invoke is delivered twice at once, then the switch runs once', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    const [one, two] = await Promise.all([bot.approvals.decide(request.id, SECOND_ADMIN, 'approve'), bot.approvals.decide(request.id, SECOND_ADMIN, 'approve')]);
    await bot.tasks.drain();
    expect([one.status, two.status].sort()).toEqual(['alreadyClosed', 'decided']);
    await expectOneWorkingAccount(world, bot);
    expect(bot.reporter.outcomes).toHaveLength(1);
  });

  it('when the approval effect is replayed during and after the switch, then the switch runs once', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    await bot.approvals.decide(request.id, SECOND_ADMIN, 'approve');
    const approved = (await bot.approvals.get(TENANT_ID, request.id))!;
    await bot.modeSwitch.onApproved(approved);
    await bot.tasks.drain();
    await bot.modeSwitch.onApproved(approved);
    await bot.tasks.drain();
    expect(bot.reporter.outcomes).toHaveLength(1);
    await expectOneWorkingAccount(world, bot);
  });

  it('when the request is rejected, then nothing changes', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    await bot.approvals.decide(request.id, SECOND_ADMIN, 'reject');
    await bot.tasks.drain();
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    expect(world.directory.users.size).toBe(0);
    expect(world.vault.versionsOf(SECRET_NAME)).toEqual([]);
    expect(bot.journal.listOpen()).toEqual([]);
    expect(bot.reporter.outcomes).toEqual([]);
  });

  it('when the request expires, then nothing changes and a late approval is refused as closed', async () => {
    const request = await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced');
    bot.clock.advance(25 * HOUR);
    const expired = await bot.approvals.expireDue();
    expect(expired.map((r) => r.id)).toEqual([request.id]);
    const late = await bot.approvals.decide(request.id, SECOND_ADMIN, 'approve');
    await bot.tasks.drain();
    expect(late.status).toBe('alreadyClosed');
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    expect(world.directory.users.size).toBe(0);
  });

  it('when an operator asks, or an admin asks for the current mode or an unknown one, then it is refused', async () => {
    await expect(bot.modeSwitch.requestModeChange(TENANT_ID, OPERATOR, 'advanced')).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
    await expect(bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'turbo')).rejects.toMatchObject({ code: 'MODE.INVALID' });
    bot.settings.update(TENANT_ID, { mode: 'default' });
    await expect(bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'default')).rejects.toMatchObject({ code: 'MODE.UNCHANGED' });
    await expect(bot.modeSwitch.requestModeChange('another-tenant', ADMIN, 'advanced')).rejects.toMatchObject({ code: 'ACCESS.INVALID_ACTOR' });
  });

  it('when Advanced switches back to Default, then the mode changes and the account is kept', async () => {
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'default')).id);
    expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    await expectOneWorkingAccount(world, bot);
    expect(bot.reporter.outcomes.at(-1)).toMatchObject({ status: 'switched', mode: 'default', message: MODE_SWITCH_MESSAGES.defaultKept });
  });

  it('when the tenant switches to Default with no management account, then the message does not claim an account was kept', async () => {
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'default')).id);
    expect(bot.settings.get(TENANT_ID).mode).toBe('default');
    const outcome = bot.reporter.outcomes.at(-1);
    expect(outcome).toMatchObject({ status: 'switched', mode: 'default', message: MODE_SWITCH_MESSAGES.defaultNoAccount });
    expect(outcome?.message).not.toContain('kept');
  });

  it('when the bot lacks a permission, then the switch reports it with Retry, the mode is unchanged, and Retry after granting finishes', async () => {
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    expect(bot.reporter.outcomes[0]).toMatchObject({
      status: 'failed',
      mode: 'none',
      code: 'SERVICE_ACCOUNT.PERMISSION_DENIED',
      retryable: true,
      missingPermission: 'RoleManagement.ReadWrite.Directory',
    });
    expect(bot.reporter.outcomes[0]!.message).toContain("The bot doesn't have permission to create a service account on your tenant");
    await expect(bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'default')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT.OPERATION_IN_PROGRESS' });

    world.directory.granted.add('RoleManagement.ReadWrite.Directory');
    const retried = await bot.modeSwitch.retry(TENANT_ID, ADMIN, bot.onProgress);
    expect(retried).toMatchObject({ status: 'switched', mode: 'advanced', message: MODE_SWITCH_MESSAGES.advancedCreated });
    expect(bot.settings.get(TENANT_ID).mode).toBe('advanced');
    await expectOneWorkingAccount(world, bot);
  });

  it('when the bot dies in the middle of an approved switch, then the next start finishes it', async () => {
    bot.close();
    bot = bootProcess(world, join(dir, 'bot.db'), { crash: { atMethod: 'directory.createRoleAssignment', when: 'after' } });
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    expect(bot.life.dead).toBe(true);
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    bot.close();

    bot = bootProcess(world, join(dir, 'bot.db'));
    const outcomes = await bot.modeSwitch.resumeInterrupted();
    expect(outcomes).toEqual([expect.objectContaining({ status: 'switched', mode: 'advanced' })]);
    await expectOneWorkingAccount(world, bot);
  });

  it('when disabling advanced management is approved, then the account and secret are removed and the final message says so', async () => {
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    const request = await bot.modeSwitch.requestDisableAdvanced(TENANT_ID, ADMIN);
    expect(request).toMatchObject({ kind: 'advanced.disable', payload: { userPrincipalName: MANAGEMENT_UPN } });
    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeDefined();

    await approve(request.id);
    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeUndefined();
    expect(world.vault.isSoftDeleted(SECRET_NAME)).toBe(true);
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    expect(bot.sessions.ended).toEqual([TENANT_ID]);
    expect(bot.reporter.outcomes.at(-1)).toMatchObject({ kind: 'advanced.disable', status: 'switched', message: MODE_SWITCH_MESSAGES.disabled });
    await expect(bot.modeSwitch.requestDisableAdvanced(TENANT_ID, ADMIN)).rejects.toMatchObject({ code: 'MODE.NO_ACCOUNT' });
  });

  it('when disabling is rejected, then the account stays', async () => {
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    const request = await bot.modeSwitch.requestDisableAdvanced(TENANT_ID, ADMIN);
    await bot.approvals.decide(request.id, SECOND_ADMIN, 'reject');
    await bot.tasks.drain();
    await expectOneWorkingAccount(world, bot);
    expect(bot.settings.get(TENANT_ID).mode).toBe('advanced');
  });

  it('when the whole switch ran with debug logs, then no password is in logs, any table (approvals and audit included), progress or outcomes', async () => {
    await approve((await bot.modeSwitch.requestModeChange(TENANT_ID, ADMIN, 'advanced')).id);
    const exported = await bot.auditLog.export(TENANT_ID, { format: 'json' });
    expectNoSecretIn(world, [bot.log.text, ...dumpDatabase(bot), JSON.stringify(bot.reporter), JSON.stringify(exported)]);
  });
});
