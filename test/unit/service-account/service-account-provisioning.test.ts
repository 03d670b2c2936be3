import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isServiceAccountError, type ServiceAccountError } from '../../../services/service-account/service-account.errors';
import { ADMIN, bootProcess, type BotProcess } from './support/bot-process';
import { TENANT_ID, World } from './support/crash-world';
import { GLOBAL_ADMIN, MANAGEMENT_UPN, SECRET_NAME, dumpDatabase, expectNoSecretIn, expectOneWorkingAccount } from './support/assertions';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

async function failureOf(promise: Promise<unknown>): Promise<ServiceAccountError> {
  try {
    await promise;
  } catch (error) {
    if (isServiceAccountError(error)) return error;
    throw error;
  }
  throw new Error('expected a ServiceAccountError');
}

describe('ServiceAccountProvisioningService.create', () => {
  let dir: string;
  let world: World;
  let bot: BotProcess;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-create-'));
    world = new World();
    bot = bootProcess(world, join(dir, 'bot.db'));
  });

  afterEach(() => {
    bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when an admin creates the account, then Entra holds one enabled Global Administrator account and the vault one current, tagged secret that signs in', async () => {
    const result = await bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress);

    expect(result).toMatchObject({ outcome: 'created', adoptedExistingAccount: false, readiness: { status: 'ready' } });
    expect(result.account).toMatchObject({ userPrincipalName: MANAGEMENT_UPN, secretName: SECRET_NAME, roles: [{ roleDefinitionId: GLOBAL_ADMIN, name: 'Global Administrator' }] });
    await expectOneWorkingAccount(world, bot);
    const user = world.directory.findUser(MANAGEMENT_UPN)!;
    expect(user).toMatchObject({ accountEnabled: true, usageLocation: 'US' });
    expect(user.displayName).toMatch(/management account/i);
    const [version] = world.vault.versionsOf(SECRET_NAME);
    expect(version!.contentType).toBe(bot.config.secretContentType);
    expect(version!.tags).toMatchObject({ managedBy: 'management-session-bot', createdAt: expect.any(String), userPrincipalName: MANAGEMENT_UPN });
    expect(Object.values(version!.tags)).not.toContain(version!.value);
    expect(version!.value.length).toBeGreaterThanOrEqual(16);
  });

  it('when it runs, then the progress card sees every step pending, then running and done in order', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress);
    const steps = ['create-account', 'assign-role', 'store-secret', 'verify-sign-in'];
    expect(bot.progress).toEqual([
      ...steps.map((step) => ({ step, state: 'pending' })),
      ...steps.flatMap((step) => [{ step, state: 'running' }, { step, state: 'done' }]),
    ]);
  });

  it('when the progress card update throws, then the account is still created', async () => {
    const result = await bot.provisioning.create(TENANT_ID, ADMIN, () => {
      throw new Error('Teams said 429');
    });
    expect(result.outcome).toBe('created');
  });

  it('when create is called again (double click, redelivery), then nothing new is made and the sign-in is re-checked', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN);
    const again = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(again).toMatchObject({ outcome: 'already-exists', readiness: { status: 'ready' } });
    expect(world.vault.versionsOf(SECRET_NAME)).toHaveLength(1);
    await expectOneWorkingAccount(world, bot);
  });

  it('when two creates race in one process, then the second is refused as in progress and one account exists', async () => {
    const results = await Promise.allSettled([bot.provisioning.create(TENANT_ID, ADMIN), bot.provisioning.create(TENANT_ID, ADMIN)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((rejected.reason as ServiceAccountError).code).toBe('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS');
    await expectOneWorkingAccount(world, bot);
  });

  it('when the role list is configured, then the account gets exactly those roles', async () => {
    bot.close();
    bot = bootProcess(world, join(dir, 'bot.db'), { config: { roleDefinitionIds: [USER_ADMIN, GLOBAL_ADMIN] } });
    await bot.provisioning.create(TENANT_ID, ADMIN);
    await expectOneWorkingAccount(world, bot, [USER_ADMIN, GLOBAL_ADMIN]);
  });

  it('when the bot lacks RoleManagement.ReadWrite.Directory, then it says so and Retry after granting it finishes with one account', async () => {
    world.directory.granted.delete('RoleManagement.ReadWrite.Directory');

    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress));
    expect(error.code).toBe('SERVICE_ACCOUNT.PERMISSION_DENIED');
    expect(error.missingPermission).toBe('RoleManagement.ReadWrite.Directory');
    expect(error.userMessage).toContain("The bot doesn't have permission to create a service account on your tenant");
    expect(error.userMessage).toContain('RoleManagement.ReadWrite.Directory');
    expect(error.correlationId).toEqual(expect.any(String));
    expect(bot.progress.filter((p) => p.state !== 'pending' && p.state !== 'running')).toEqual([
      { step: 'create-account', state: 'done' },
      { step: 'assign-role', state: 'failed', detail: { code: 'SERVICE_ACCOUNT.PERMISSION_DENIED', message: error.userMessage } },
    ]);
    expect(bot.provisioning.pendingOperation(TENANT_ID)).toMatchObject({ lastErrorCode: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
    expect(bot.audit.at(-1)).toMatchObject({ action: 'serviceAccount.create', result: 'failed', code: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });

    world.directory.granted.add('RoleManagement.ReadWrite.Directory');
    const retried = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(retried.outcome).toBe('created');
    await expectOneWorkingAccount(world, bot);
    expect(world.vault.versionsOf(SECRET_NAME)).toHaveLength(1);
  });

  it('when the bot lacks User.ReadWrite.All, then the error names it and nothing is created in Entra', async () => {
    world.directory.granted.delete('User.ReadWrite.All');
    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN));
    expect(error).toMatchObject({ code: 'SERVICE_ACCOUNT.PERMISSION_DENIED', missingPermission: 'User.ReadWrite.All' });
    expect(world.directory.users.size).toBe(0);
  });

  it('when Graph throttles, then the error carries the retry hint and Retry finishes', async () => {
    world.directory.throttleNext.set('createRoleAssignment', 1);
    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN));
    expect(error).toMatchObject({ code: 'SERVICE_ACCOUNT.THROTTLED', retryAfterInMs: 7_000, retryable: true });
    expect(error.nextStep).toContain('7 seconds');
    await bot.provisioning.create(TENANT_ID, ADMIN);
    await expectOneWorkingAccount(world, bot);
  });

  it('when Key Vault is unavailable, then it fails closed before anything exists in Entra, and Retry later succeeds', async () => {
    world.vault.failWith = 'VAULT.UNAVAILABLE';
    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN));
    expect(error.code).toBe('SERVICE_ACCOUNT.VAULT_UNAVAILABLE');
    expect(world.directory.users.size).toBe(0);

    world.vault.failWith = undefined;
    await bot.provisioning.create(TENANT_ID, ADMIN);
    await expectOneWorkingAccount(world, bot);
  });

  it('when the UPN belongs to an account the bot did not create, then it refuses, explains, and leaves that account and the vault untouched', async () => {
    const foreign = world.directory.seedForeignUser(MANAGEMENT_UPN, 'Mallory');
    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress));

    expect(error.code).toBe('SERVICE_ACCOUNT.UPN_TAKEN');
    expect(error.userMessage).toContain(MANAGEMENT_UPN);
    expect(error.userMessage).toContain('cannot prove it created it');
    expect(error.nextStep).toMatch(/Rename or delete/);
    expect(world.directory.roleAssignments).toEqual([]);
    expect(world.directory.findUser(MANAGEMENT_UPN)?.id).toBe(foreign.id);
    expect(world.vault.versionsOf(SECRET_NAME).filter((v) => v.enabled)).toEqual([]);
    expect(bot.journal.listOpen()).toEqual([]);
    expect(bot.accounts.get(TENANT_ID)).toBeUndefined();
  });

  it('when the bot database was lost but the vault names the account, then the account is adopted, not duplicated', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN);
    const original = world.directory.findUser(MANAGEMENT_UPN)!;
    bot.close();
    rmSync(join(dir, 'bot.db'));
    bot = bootProcess(world, join(dir, 'bot.db'));

    const result = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(result).toMatchObject({ outcome: 'created', adoptedExistingAccount: true });
    expect(result.account.objectId).toBe(original.id);
    await expectOneWorkingAccount(world, bot);
  });

  it('when an adopted account no longer accepts any vault password, then a new one is staged in the vault first and set on it', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN);
    const original = world.directory.findUser(MANAGEMENT_UPN)!;
    await world.directory.setPassword(TENANT_ID, original.id, 'Someone-Reset-It-42!');
    bot.close();
    rmSync(join(dir, 'bot.db'));
    bot = bootProcess(world, join(dir, 'bot.db'));

    await bot.provisioning.create(TENANT_ID, ADMIN);
    await expectOneWorkingAccount(world, bot);
    expect(world.vault.versionsOf(SECRET_NAME).map((v) => v.tags['state'])).toEqual(['retired', 'current']);
    expect(bot.audit.map((a) => a.action)).toContain('serviceAccount.passwordSet');
  });

  it('when the recorded account was deleted in Entra, then create makes a new one and retires the old secret version', async () => {
    await bot.provisioning.create(TENANT_ID, ADMIN);
    const old = world.directory.findUser(MANAGEMENT_UPN)!;
    await world.directory.deleteUser(TENANT_ID, old.id);

    const result = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(result.outcome).toBe('created');
    expect(result.account.objectId).not.toBe(old.id);
    await expectOneWorkingAccount(world, bot);
  });

  it('when a conditional-access policy requires MFA, then the account is created and the result names the policy and what to change', async () => {
    world.directory.policies.push({ id: 'ca-1', displayName: 'Require MFA for admins', state: 'enabled', userIds: 'all', grant: 'mfa' });
    const result = await bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress);

    expect(result.outcome).toBe('created');
    expect(result.readiness).toMatchObject({
      status: 'mfa-required',
      signInCode: 'SIGNIN.MFA_REQUIRED',
      evaluationSource: 'whatIf',
      blockingPolicies: [{ id: 'ca-1', displayName: 'Require MFA for admins' }],
    });
    expect(result.readiness.requiredChanges.join(' ')).toMatch(/exclude it from the conditional-access policy that requires MFA \("Require MFA for admins"\)/);
    expect(bot.progress.at(-1)).toMatchObject({ step: 'verify-sign-in', state: 'failed', detail: { code: 'SIGNIN.MFA_REQUIRED' } });
    expect(bot.journal.listOpen()).toEqual([]);
  });

  it('when a conditional-access policy blocks the sign-in, then readiness names it, and after an exclusion the check says ready', async () => {
    world.directory.policies.push({ id: 'ca-2', displayName: 'Block outside office', state: 'enabled', userIds: 'all', grant: 'block' });
    const result = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(result.readiness).toMatchObject({ status: 'blocked-by-conditional-access', blockingPolicies: [{ displayName: 'Block outside office' }] });
    expect(result.readiness.requiredChanges.join(' ')).toMatch(/exclude this account from that policy.*allowed IPs/);

    world.directory.policies[0]!.excludeUserIds = [result.account.objectId];
    await expect(bot.provisioning.checkReadiness(TENANT_ID)).resolves.toMatchObject({ status: 'ready', requiredChanges: [] });
  });

  it('when the policy evaluation itself is forbidden, then readiness still reports the block and the missing permission code', async () => {
    world.directory.policies.push({ id: 'ca-1', displayName: 'MFA', state: 'enabled', userIds: 'all', grant: 'mfa' });
    world.directory.granted.delete('Policy.Read.All');
    const result = await bot.provisioning.create(TENANT_ID, ADMIN);
    expect(result.readiness).toMatchObject({ status: 'mfa-required', blockingPolicies: [], evaluationErrorCode: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });
  });

  it('when the actor belongs to another tenant, then nothing is attempted', async () => {
    await expect(bot.provisioning.create(TENANT_ID, { ...ADMIN, tenantId: 'other-tenant' })).rejects.toMatchObject({ code: 'ACCESS.INVALID_ACTOR' });
    await expect(bot.disabler.disableAdvancedManagement(TENANT_ID, { ...ADMIN, tenantId: 'other-tenant' })).rejects.toMatchObject({ code: 'ACCESS.INVALID_ACTOR' });
    expect(bot.life.calls).toEqual([]);
  });

  it('when readiness is asked for a tenant without an account, then it says there is none', async () => {
    await expect(bot.provisioning.checkReadiness(TENANT_ID)).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT.NOT_FOUND' });
  });

  it('when Entra is unreachable at the verify step, then the creation stays open and Retry finishes it', async () => {
    world.tokens.unavailable = true;
    const error = await failureOf(bot.provisioning.create(TENANT_ID, ADMIN));
    expect(error.code).toBe('SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE');
    expect(bot.provisioning.pendingOperation(TENANT_ID)).toBeDefined();
    world.tokens.unavailable = false;
    await bot.provisioning.create(TENANT_ID, ADMIN);
    await expectOneWorkingAccount(world, bot);
  });

  it('when the whole flow ran with debug logging, then no password is in a log line, stored row, progress message, audit record or error', async () => {
    world.directory.throttleNext.set('createRoleAssignment', 1);
    const errors: string[] = [];
    try {
      await bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress);
    } catch (error) {
      errors.push(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack }));
    }
    const result = await bot.provisioning.create(TENANT_ID, ADMIN, bot.onProgress);
    expect(bot.log.lines.length).toBeGreaterThan(0);
    expectNoSecretIn(world, [bot.log.text, ...dumpDatabase(bot), JSON.stringify(bot.progress), JSON.stringify(bot.audit), JSON.stringify(result), ...errors]);
  });
});
