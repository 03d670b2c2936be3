/**
 * Crash tests for "create service account": the happy path's outbound calls are recorded,
 * then for every call the process is killed just before it and just after it, and a fresh
 * process on the same SQLite file runs create again. Every run must end with exactly one
 * account, one role assignment, one current secret version that signs in, no open journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootProcess } from './support/bot-process';
import { ADMIN } from './support/bot-process';
import { SimulatedCrash, TENANT_ID, World, type CrashPlan } from './support/crash-world';
import { SECRET_NAME, dumpDatabase, expectNoSecretIn, expectOneWorkingAccount } from './support/assertions';

function happyPathCalls(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-calls-'));
  const bot = bootProcess(new World(), join(dir, 'bot.db'));
  return bot.provisioning
    .create(TENANT_ID, ADMIN)
    .then(() => bot.life.calls)
    .finally(() => {
      bot.close();
      rmSync(dir, { recursive: true, force: true });
    });
}

describe('create service account after a crash at any call', () => {
  let calls: string[] = [];
  let dir: string;

  beforeAll(async () => {
    calls = await happyPathCalls();
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-crash-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when recorded, then the happy path stages the secret before the account exists and verifies last', () => {
    expect(calls.indexOf('vault.setSecret')).toBeLessThan(calls.indexOf('directory.createUser'));
    expect(calls.indexOf('directory.createUser')).toBeLessThan(calls.indexOf('directory.createRoleAssignment'));
    expect(calls.at(-1)).toBe('tokens.getUserTokenWithPassword');
  });

  const cases = (): Array<[string, CrashPlan]> =>
    calls.flatMap((call, index) => [
      [`before #${index + 1} ${call}`, { atCall: index + 1, when: 'before' } as CrashPlan],
      [`after #${index + 1} ${call}`, { atCall: index + 1, when: 'after' } as CrashPlan],
    ]);

  it('when killed at every call in turn and rerun by a fresh process, then each converges to one working account', async () => {
    expect(calls.length).toBeGreaterThan(8);
    const failures: string[] = [];
    for (const [label, crash] of cases()) {
      const world = new World();
      const dbPath = join(dir, `${crash.when}-${crash.atCall}.db`);
      const crashed = bootProcess(world, dbPath, { crash });
      await expect(crashed.provisioning.create(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
      crashed.close();

      const restarted = bootProcess(world, dbPath);
      try {
        const result = await restarted.provisioning.create(TENANT_ID, ADMIN, restarted.onProgress);
        expect(result.readiness.status).toBe('ready');
        await expectOneWorkingAccount(world, restarted);
        expectNoSecretIn(world, [restarted.log.text, crashed.log.text, ...dumpDatabase(restarted), JSON.stringify(restarted.audit), JSON.stringify(crashed.audit)]);
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      } finally {
        restarted.close();
      }
    }
    expect(failures).toEqual([]);
  });

  it('when killed twice in a row at successive calls, then the third process still converges', async () => {
    const failures: string[] = [];
    for (let first = 1; first < calls.length; first += 1) {
      const world = new World();
      const dbPath = join(dir, `double-${first}.db`);
      const one = bootProcess(world, dbPath, { crash: { atCall: first, when: 'after' } });
      await expect(one.provisioning.create(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
      one.close();
      // The second process dies on its own second outbound call, wherever the resume took it.
      const two = bootProcess(world, dbPath, { crash: { atCall: 2, when: 'after' } });
      await two.provisioning.create(TENANT_ID, ADMIN).catch(() => undefined);
      two.close();
      const three = bootProcess(world, dbPath);
      try {
        await three.provisioning.create(TENANT_ID, ADMIN);
        await expectOneWorkingAccount(world, three);
      } catch (error) {
        failures.push(`after #${first} then #2: ${(error as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      } finally {
        three.close();
      }
    }
    expect(failures).toEqual([]);
  });

  it('when killed right after the secret was staged, then the rerun reuses that version instead of writing a second one', async () => {
    const world = new World();
    const dbPath = join(dir, 'staged.db');
    const atCall = calls.indexOf('vault.setSecret') + 1;
    const crashed = bootProcess(world, dbPath, { crash: { atCall, when: 'after' } });
    await expect(crashed.provisioning.create(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
    crashed.close();
    expect(world.vault.versionsOf(SECRET_NAME)).toHaveLength(1);
    expect(world.directory.users.size).toBe(0);

    const restarted = bootProcess(world, dbPath);
    await restarted.provisioning.create(TENANT_ID, ADMIN);
    expect(world.vault.versionsOf(SECRET_NAME)).toHaveLength(1);
    await expectOneWorkingAccount(world, restarted);
    restarted.close();
  });

  it('when killed right after POST /users, then the rerun proves the account is its own by the staged password and adopts it', async () => {
    const world = new World();
    const dbPath = join(dir, 'created.db');
    const atCall = calls.indexOf('directory.createUser') + 1;
    const crashed = bootProcess(world, dbPath, { crash: { atCall, when: 'after' } });
    await expect(crashed.provisioning.create(TENANT_ID, ADMIN)).rejects.toBeInstanceOf(SimulatedCrash);
    crashed.close();

    const restarted = bootProcess(world, dbPath);
    await restarted.provisioning.create(TENANT_ID, ADMIN);
    expect(restarted.audit.find((a) => a.action === 'serviceAccount.adopted')?.details).toEqual({ evidence: 'password-proof' });
    expect(restarted.audit.map((a) => a.action)).not.toContain('serviceAccount.passwordSet');
    await expectOneWorkingAccount(world, restarted);
    restarted.close();
  });
});
