import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, bootProcess, type BotProcess } from './support/bot-process';
import { SimulatedCrash, TENANT_ID, World } from './support/crash-world';
import { MANAGEMENT_UPN, SECRET_NAME, dumpDatabase, expectNoSecretIn, expectOneWorkingAccount } from './support/assertions';

/** Nothing of the management account is left: no user, no role, the secret soft-deleted, no record, no open journal. */
function expectAllGone(world: World, bot: BotProcess): void {
  expect(world.directory.findUser(MANAGEMENT_UPN)).toBeUndefined();
  expect(world.directory.roleAssignments).toEqual([]);
  expect(world.vault.versionsOf(SECRET_NAME)).toEqual([]);
  expect(world.vault.isSoftDeleted(SECRET_NAME)).toBe(true);
  expect(bot.accounts.get(TENANT_ID)).toBeUndefined();
  expect(bot.journal.listOpen()).toEqual([]);
}

describe('AdvancedManagementDisableService.disableAdvancedManagement', () => {
  let dir: string;
  let world: World;
  let bot: BotProcess;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-disable-'));
    world = new World();
    bot = bootProcess(world, join(dir, 'bot.db'));
    await bot.provisioning.create(TENANT_ID, ADMIN);
    bot.settings.update(TENANT_ID, { mode: 'advanced' }, ADMIN.userId);
  });

  afterEach(() => {
    bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when advanced management is disabled, then the session is ended, the role, user and secret are gone, and the mode is none', async () => {
    bot.progress.length = 0;
    const result = await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN, bot.onProgress);

    expect(result).toMatchObject({ outcome: 'disabled', removedRoleAssignments: 1, secretName: SECRET_NAME, mode: 'none', removedAccount: { userPrincipalName: MANAGEMENT_UPN } });
    expect(bot.sessions.ended).toEqual([TENANT_ID]);
    expectAllGone(world, bot);
    expect(bot.settings.get(TENANT_ID).mode).toBe('none');
    const steps = ['end-session', 'remove-role', 'delete-account', 'delete-secret'];
    expect(bot.progress).toEqual([...steps.map((step) => ({ step, state: 'pending' })), ...steps.flatMap((step) => [{ step, state: 'running' }, { step, state: 'done' }])]);
    expect(bot.audit.map((a) => a.action).slice(-4)).toEqual(['serviceAccount.roleRemoved', 'serviceAccount.userDeleted', 'serviceAccount.secretDeleted', 'advanced.disable']);
  });

  it('when disabled twice, then the second run changes nothing and succeeds', async () => {
    await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    const again = await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    expect(again).toMatchObject({ outcome: 'nothing-to-remove', removedRoleAssignments: 0 });
    expectAllGone(world, bot);
  });

  it('when the user and role were already removed by hand, then disable still finishes', async () => {
    const user = world.directory.findUser(MANAGEMENT_UPN)!;
    await world.directory.deleteUser(TENANT_ID, user.id);
    await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    expectAllGone(world, bot);
  });

  it('when the bot lacks RoleManagement.ReadWrite.Directory, then it stops before deleting anything and names the permission; Retry finishes', async () => {
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');
    await expect(bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN)).rejects.toMatchObject({
      code: 'SERVICE_ACCOUNT.PERMISSION_DENIED',
      missingPermission: 'RoleManagement.ReadWrite.Directory',
    });
    expect(world.directory.findUser(MANAGEMENT_UPN)).toBeDefined();
    expect(world.vault.versionsOf(SECRET_NAME).filter((v) => v.enabled)).toHaveLength(1);
    expect(bot.disabler.hasPendingDisable(TENANT_ID)).toBe(true);
    await expect(bot.provisioning.create(TENANT_ID, ADMIN)).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT.DISABLE_UNFINISHED' });

    world.directory.granted.add('RoleManagement.ReadWrite.Directory');
    await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    expectAllGone(world, bot);
  });

  it('when disabled and created again, then the soft-deleted secret is recovered and a single new current version signs in', async () => {
    await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    const result = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(result.outcome).toBe('created');
    await expectOneWorkingAccount(world, bot);
    expect(world.vault.versionsOf(SECRET_NAME).filter((v) => v.tags['state'] === 'retired')).toHaveLength(1);
  });

  it('when a creation was interrupted and then advanced management is disabled, then the half-made account is removed and the creation never resumes', async () => {
    bot.close();
    rmSync(join(dir, 'bot.db'));
    for (const user of [...world.directory.users.values()]) await world.directory.deleteUser(TENANT_ID, user.id);
    await world.vault.deleteSecret(SECRET_NAME);
    await world.vault.purgeDeletedSecret(SECRET_NAME);
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');
    bot = bootProcess(world, join(dir, 'bot.db'));
    await expect(bot.provisioning.create(TENANT_ID, ADMIN)).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
    world.directory.granted.add('RoleManagement.ReadWrite.Directory');

    const result = await bot.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    expect(result.outcome).toBe('disabled');
    expectAllGone(world, bot);
    expect(bot.provisioning.pendingOperation(TENANT_ID)).toBeUndefined();
  });

  it('when killed at every call in turn and rerun by a fresh process, then each run ends with everything removed', async () => {
    // Record the disable's own call sequence in a separate world.
    const probeWorld = new World();
    const probe = bootProcess(probeWorld, join(dir, 'probe-seq.db'));
    await probe.provisioning.create(TENANT_ID, ADMIN);
    const before = probe.life.calls.length;
    await probe.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
    const disableCalls = probe.life.calls.slice(before);
    probe.close();
    expect(disableCalls).toContain('directory.deleteRoleAssignment');

    const failures: string[] = [];
    for (let index = 1; index <= disableCalls.length; index += 1) {
      for (const when of ['before', 'after'] as const) {
        const w = new World();
        const dbPath = join(dir, `d-${when}-${index}.db`);
        const setup = bootProcess(w, dbPath);
        await setup.provisioning.create(TENANT_ID, ADMIN);
        setup.close();
        const crashed = bootProcess(w, dbPath, { crash: { atCall: index, when } });
        await expect(crashed.disabler.disableAdvancedManagement(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
        crashed.close();
        const restarted = bootProcess(w, dbPath);
        try {
          await restarted.disabler.disableAdvancedManagement(TENANT_ID, ADMIN);
          expectAllGone(w, restarted);
          expectNoSecretIn(w, [restarted.log.text, ...dumpDatabase(restarted), JSON.stringify(restarted.audit)]);
        } catch (error) {
          failures.push(`${when} #${index} ${disableCalls[index - 1]}: ${(error as Error).message.split('\n').slice(0, 4).join(' | ')}`);
        } finally {
          restarted.close();
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
