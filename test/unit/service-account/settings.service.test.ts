import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsService } from '../../../services/settings/settings.service';
import { ADMIN, OPERATOR, bootProcess, type BotProcess } from './support/bot-process';
import { TENANT_ID, World } from './support/crash-world';
import { MANAGEMENT_UPN } from './support/assertions';

describe('SettingsService', () => {
  let dir: string;
  let world: World;
  let bot: BotProcess;
  let service: SettingsService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-settings-'));
    world = new World();
    bot = bootProcess(world, join(dir, 'bot.db'));
    service = new SettingsService({
      settings: bot.settings,
      accounts: bot.accounts,
      status: { pendingOperation: (t) => bot.provisioning.pendingOperation(t), hasPendingDisable: (t) => bot.disabler.hasPendingDisable(t) },
      authorization: bot.authorization,
      clock: bot.clock,
    });
  });

  afterEach(() => {
    bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a tenant admin opens settings on a fresh tenant, then it shows mode none and offers to create the account', async () => {
    const overview = await service.getOverview(ADMIN);
    expect(overview).toMatchObject({ mode: 'none', switchableTo: ['default', 'advanced'], autoEnable: false, approvalPolicy: 'four-eyes', rotation: { cron: '0 3 * * 1', timeZone: 'UTC' } });
    expect(overview.serviceAccount).toBeUndefined();
    expect(overview.actions).toContain('serviceAccount.create');
    expect(overview.actions).not.toContain('advanced.disable.confirm');
  });

  it('when the account exists, then settings shows it with role, secret name, version and the next rotation, and offers rotate and disable', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN);
    bot.settings.update(TENANT_ID, { mode: 'advanced', rotationTimeZone: 'Europe/Amsterdam' });
    const overview = await service.getOverview(ADMIN);
    expect(overview.serviceAccount).toMatchObject({ userPrincipalName: MANAGEMENT_UPN, roles: [{ name: 'Global Administrator' }], secretName: `mgmt-sa-${TENANT_ID}`, currentSecretVersion: expect.any(String), createdBy: ADMIN.userId });
    // Monday 03:00 in Amsterdam (UTC+1 in January) after Monday 2026-01-05 09:00 UTC.
    expect(overview.rotation.nextRunAt).toBe('2026-01-12T02:00:00.000Z');
    expect(overview.actions).toEqual(expect.arrayContaining(['rotation.rotateNow', 'advanced.disable.confirm']));
    expect(overview.actions).not.toContain('serviceAccount.create');
  });

  it('when a creation was interrupted, then settings shows where it stopped and offers Retry', async () => {
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');
    await bot.provisioning.create(TENANT_ID, ADMIN).catch(() => undefined);
    const overview = await service.getOverview(ADMIN);
    expect(overview.pending).toMatchObject({ kind: 'create', lastErrorCode: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
    expect(overview.actions).toContain('serviceAccount.retry');
  });

  it('when anyone but a tenant admin asks, then they are refused with who can help, and the refusal is audited', async () => {
    await expect(service.getOverview(OPERATOR)).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED', whoCanHelp: expect.any(Array) });
    await expect(service.update(OPERATOR, { autoEnable: true })).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
    expect(bot.settings.get(TENANT_ID).autoEnable).toBe(false);
    const audit = await bot.auditLog.list(TENANT_ID, { limit: 10 });
    expect(audit.records.filter((r) => r.result.outcome === 'denied')).toHaveLength(2);
  });

  it('when an admin changes auto-enable and the schedule, then they are saved; an invalid pattern or zone is refused', async () => {
    const overview = await service.update(ADMIN, { autoEnable: true, rotationCron: '30 4 * * 0', rotationTimeZone: 'America/New_York' });
    expect(overview).toMatchObject({ autoEnable: true, rotation: { cron: '30 4 * * 0', timeZone: 'America/New_York' }, updatedBy: ADMIN.userId });
    await expect(service.update(ADMIN, { rotationCron: 'every monday' })).rejects.toMatchObject({ code: 'SETTINGS.INVALID' });
    await expect(service.update(ADMIN, { rotationTimeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'SETTINGS.INVALID' });
    await expect(service.update(ADMIN, { mode: 'advanced' } as never)).rejects.toMatchObject({ code: 'SETTINGS.INVALID' });
    expect(bot.settings.get(TENANT_ID)).toMatchObject({ mode: 'none', rotationCron: '30 4 * * 0' });
  });
});
