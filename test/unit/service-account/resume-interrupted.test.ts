/**
 * Finding 7 of issue 11 for the service-account journals: a creation or a disable that a crash
 * cut off resumes by itself at the next start (BackgroundWork.start runs
 * ModeSwitchService.resumeInterrupted, which now also resumes creations and disables), while a
 * creation that *failed* and was reported with a Retry button waits for that click.
 * Processes are simulated as in the other crash tests of this folder (support/crash-world.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, bootProcess, type BotProcess } from './support/bot-process';
import { SimulatedCrash, TENANT_ID, World } from './support/crash-world';
import { MANAGEMENT_UPN, SECRET_NAME, expectOneWorkingAccount } from './support/assertions';

describe('interrupted service-account changes at start', () => {
  let dir: string;
  let dbPath: string;
  let world: World;
  const processes: BotProcess[] = [];

  const boot = (options: Parameters<typeof bootProcess>[2] = {}): BotProcess => {
    const bot = bootProcess(world, dbPath, options);
    processes.push(bot);
    return bot;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-resume-'));
    dbPath = join(dir, 'bot.db');
    world = new World();
  });

  afterEach(async () => {
    for (const bot of processes.splice(0)) {
      await bot.tasks.drain();
      if (bot.db.open) bot.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a creation was killed after the user was created, then the next start finishes it as the admin who asked, with no click', async () => {
    const crashed = boot({ crash: { atMethod: 'directory.createUser', when: 'after' } });
    await expect(crashed.provisioning.create(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
    crashed.close();
    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeDefined();
    expect(world.directory.roleAssignments).toEqual([]);

    const restarted = boot();
    await restarted.modeSwitch.resumeInterrupted();

    await expectOneWorkingAccount(world, restarted);
    expect(restarted.provisioning.pendingOperation(TENANT_ID)).toBeUndefined();
    expect(restarted.audit.filter((entry) => entry.action === 'serviceAccount.create')).toEqual([
      expect.objectContaining({ result: 'ok', actor: expect.objectContaining({ userId: ADMIN.userId }), details: expect.objectContaining({ resumedAfterRestart: true }) }),
    ]);
  });

  it('when a disable was killed after the role was removed, then the next start finishes it: user, secret and record are gone', async () => {
    const setup = boot();
    await setup.provisioning.create(TENANT_ID, ADMIN);
    setup.settings.update(TENANT_ID, { mode: 'advanced' }, ADMIN.userId);
    setup.close();
    const crashed = boot({ crash: { atMethod: 'directory.deleteRoleAssignment', when: 'after' } });
    await expect(crashed.disabler.disableAdvancedManagement(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
    crashed.close();
    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeDefined();

    const restarted = boot();
    await restarted.modeSwitch.resumeInterrupted();

    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeUndefined();
    expect(world.vault.isSoftDeleted(SECRET_NAME)).toBe(true);
    expect(restarted.accounts.get(TENANT_ID)).toBeUndefined();
    expect(restarted.settings.get(TENANT_ID).mode).toBe('none');
    expect(restarted.journal.listOpen()).toEqual([]);
    expect(restarted.audit.map((entry) => [entry.action, entry.result])).toContainEqual(['advanced.disable', 'ok']);
  });

  it('when a creation failed and was reported with Retry, then a restart leaves it waiting for the click, and the click finishes it', async () => {
    const first = boot();
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');
    await expect(first.provisioning.create(TENANT_ID, ADMIN)).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
    first.close();
    world.directory.granted.add('RoleManagement.ReadWrite.Directory');

    const restarted = boot();
    await restarted.modeSwitch.resumeInterrupted();

    expect(restarted.provisioning.pendingOperation(TENANT_ID)).toMatchObject({ lastErrorCode: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
    expect(restarted.accounts.get(TENANT_ID)).toBeUndefined();
    await expect(restarted.provisioning.create(TENANT_ID, ADMIN)).resolves.toMatchObject({ outcome: 'created' });
    await expectOneWorkingAccount(world, restarted);
  });
});
