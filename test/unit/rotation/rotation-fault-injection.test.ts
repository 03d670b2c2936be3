/**
 * Issue 7 "Done when — fault injection": the rotation is killed after each step, or fails with
 * the vault unavailable, Entra throttled (429 + Retry-After) and Entra failing. For every case:
 *   1. the service account can still sign in with the vault's current or pending version;
 *   2. the next run — a fresh process on the same SQLite file — converges to exactly one current
 *      version that signs in (and a rotation after that works too);
 *   3. no password appears outside the vault (logs, every SQLite table, notices, audit, history, errors).
 */
import { DirectoryError } from '../../../services/ports/directory.port';
import { VaultError } from '../../../services/ports/secret-vault.port';
import { SignInError } from '../../../services/ports/token-issuer.port';
import type { RotationTrigger } from '../../../services/rotation/rotation.types';
import { RotationWorld, SECRET_NAME, TENANT_ID, type BootOptions } from '../../support/fakes/fake-rotation-world';
import { FaultPlan, SimulatedCrash, withFaults } from '../../support/fakes/flaky-ports';

const SCHEDULED: RotationTrigger = { kind: 'schedule', slot: '2026-01-12T02:00:00.000Z' };

/** Which version must be current once the world settles: the one before the run, or the run's new one. */
type Winner = 'old' | 'new';

interface CrashCase {
  name: string;
  boot: BootOptions;
  winner: Winner;
  /** Proves the kill left the intermediate state the case is about. */
  atCrash: (world: RotationWorld, before: string) => void;
}

const entraHas = (world: RotationWorld, version: string): boolean => {
  const stored = world.vault.versionsOf(SECRET_NAME).find((candidate) => candidate.version === version);
  return stored !== undefined && world.directory.passwordMatches(world.accountId, stored.value);
};
const newest = (world: RotationWorld): string => world.vault.versionsOf(SECRET_NAME).at(-1)!.version;
const entraUnchanged = (world: RotationWorld, before: string) => expect(entraHas(world, before)).toBe(true);
const entraChanged = (world: RotationWorld, before: string) => {
  expect(entraHas(world, before)).toBe(false);
  expect(entraHas(world, newest(world))).toBe(true);
};

const isAdvanceTo = (step: string) => (args: unknown[]) => args[1] === step;

const crashCases: CrashCase[] = [
  {
    name: 'step 2: after the pending version was written to the vault',
    boot: { crash: { port: 'vault', point: { method: 'setSecret' } } },
    winner: 'old',
    atCrash: (world, before) => {
      entraUnchanged(world, before);
      expect(world.versionsIn('pending')).toHaveLength(1);
      expect(world.record().pendingSecretVersion).toBeUndefined();
    },
  },
  {
    name: 'step 2: after the pending version was recorded in the store',
    boot: { crash: { port: 'serviceAccounts', point: { method: 'save' } } },
    winner: 'old',
    atCrash: (world, before) => {
      entraUnchanged(world, before);
      expect(world.record().pendingSecretVersion).toBe(newest(world));
    },
  },
  {
    name: 'step 3: after Entra accepted the new password',
    boot: { crash: { port: 'directory', point: { method: 'setPassword' } } },
    winner: 'new',
    atCrash: (world, before) => {
      entraChanged(world, before);
      expect(world.versionsIn('current')).toEqual([before]);
    },
  },
  {
    name: 'step 4: after the verifying sign-in succeeded',
    boot: { crash: { port: 'tokens', point: { method: 'getUserTokenWithPassword' } } },
    winner: 'new',
    atCrash: entraChanged,
  },
  {
    name: 'step 4: after the journal recorded the verification',
    boot: { crash: { port: 'journal', point: { method: 'advance', when: isAdvanceTo('verified') } } },
    winner: 'new',
    atCrash: entraChanged,
  },
  {
    name: 'step 5: after the new version was tagged current (two current tags)',
    boot: { crash: { port: 'vault', point: { method: 'updateVersion', nth: 1 } } },
    winner: 'new',
    atCrash: (world, before) => {
      entraChanged(world, before);
      expect(world.versionsIn('current')).toEqual([newest(world), before]);
    },
  },
  {
    name: 'step 5: after the old version was tagged previous',
    boot: { crash: { port: 'vault', point: { method: 'updateVersion', nth: 2 } } },
    winner: 'new',
    atCrash: (world, before) => {
      expect(world.versionsIn('current')).toEqual([newest(world)]);
      expect(world.record()).toMatchObject({ currentSecretVersion: before, pendingSecretVersion: newest(world) });
    },
  },
  {
    name: 'step 5: after the store moved to the new version',
    boot: { crash: { port: 'serviceAccounts', point: { method: 'save', nth: 2 } } },
    winner: 'new',
    atCrash: (world, before) => {
      expect(world.record().currentSecretVersion).toBe(newest(world));
      expect(world.vault.versionsOf(SECRET_NAME).find((version) => version.version === before)?.enabled).toBe(true);
    },
  },
  {
    name: 'step 5: after the old version was disabled',
    boot: { crash: { port: 'vault', point: { method: 'updateVersion', nth: 3 } } },
    winner: 'new',
    atCrash: (world, before) => expect(world.vault.versionsOf(SECRET_NAME).find((version) => version.version === before)?.enabled).toBe(false),
  },
  {
    name: 'step 5: after cached tokens were dropped',
    boot: { crash: { port: 'tokenCache', point: { method: 'notifyRotated' } } },
    winner: 'new',
    atCrash: (world) => expect(world.process.tokenDrops).toEqual([TENANT_ID]),
  },
  {
    name: 'step 5: after the journal recorded the promotion',
    boot: { crash: { port: 'journal', point: { method: 'advance', when: isAdvanceTo('promoted') } } },
    winner: 'new',
    atCrash: (world) => expect(world.convergedState().currentTagged).toEqual([newest(world)]),
  },
];

interface FailureCase {
  name: string;
  /** Faults for the first process; the restarted process runs without them. */
  faults: (world: RotationWorld) => BootOptions;
  /** What rotate does: resolves (the change landed despite the fault) or rejects with this code. */
  expect: { resolves: true } | { code: string };
  winner: Winner;
  /** Whether admins got a failure notice with the Retry rotation button. */
  failureNotice: boolean;
}

const vaultPlan = (rule: ConstructorParameters<typeof Object>[0] & Parameters<FaultPlan['add']>[0]): BootOptions => {
  const plan = new FaultPlan().add(rule);
  return { wrapVault: (vault) => withFaults(vault, plan) };
};
const directoryPlan = (rule: Parameters<FaultPlan['add']>[0]): BootOptions => {
  const plan = new FaultPlan().add(rule);
  return { wrapDirectory: (directory) => withFaults(directory, plan) };
};
const vaultDown = () => new VaultError('VAULT.UNAVAILABLE', 'Service Unavailable', { status: 503 });
const throttled = (retryAfterInMs: number) => () => new DirectoryError('DIRECTORY.THROTTLED', 'Too Many Requests', { status: 429, retryAfterInMs });
const entraDown = () => new DirectoryError('DIRECTORY.UNAVAILABLE', 'Service Unavailable', { status: 503 });
const signInDown = () => new SignInError('SIGNIN.UNAVAILABLE', 'Entra token endpoint unavailable');

const failureCases: FailureCase[] = [
  {
    name: 'the vault is unavailable from the start',
    faults: () => vaultPlan({ method: 'listVersions', error: vaultDown }),
    expect: { code: 'ROTATION.VAULT_UNAVAILABLE' },
    winner: 'old',
    failureNotice: true,
  },
  {
    name: 'the vault rejects the new version (step 2)',
    faults: () => vaultPlan({ method: 'setSecret', error: vaultDown }),
    expect: { code: 'ROTATION.VAULT_UNAVAILABLE' },
    winner: 'old',
    failureNotice: true,
  },
  {
    name: 'the vault becomes unavailable after step 2 (reads fail)',
    faults: () => vaultPlan({ method: 'getSecret', error: vaultDown }),
    expect: { code: 'ROTATION.VAULT_UNAVAILABLE' },
    winner: 'old',
    failureNotice: true,
  },
  {
    name: 'the vault becomes unavailable at step 4 (the verifying read fails)',
    faults: () => vaultPlan({ method: 'getSecret', error: vaultDown, skip: 1 }),
    expect: { code: 'ROTATION.VAULT_UNAVAILABLE' },
    winner: 'new',
    failureNotice: true,
  },
  {
    name: 'the vault becomes unavailable at step 5 (tag updates fail)',
    faults: () => vaultPlan({ method: 'updateVersion', error: vaultDown }),
    expect: { code: 'ROTATION.VAULT_UNAVAILABLE' },
    winner: 'new',
    failureNotice: true,
  },
  {
    name: 'Entra answers 429 with Retry-After once',
    faults: () => directoryPlan({ method: 'setPassword', error: throttled(2_000), times: 1 }),
    expect: { resolves: true },
    winner: 'new',
    failureNotice: false,
  },
  {
    name: 'Entra keeps answering 429 with Retry-After',
    faults: () => directoryPlan({ method: 'setPassword', error: throttled(30_000) }),
    expect: { code: 'ROTATION.ENTRA_THROTTLED' },
    winner: 'old',
    failureNotice: true,
  },
  {
    name: 'Entra keeps failing the password change with 503',
    faults: () => directoryPlan({ method: 'setPassword', error: entraDown }),
    expect: { code: 'ROTATION.ENTRA_UNAVAILABLE' },
    winner: 'old',
    failureNotice: true,
  },
  {
    name: 'Entra applies the password change but every answer is a 503',
    faults: () => directoryPlan({ method: 'setPassword', error: entraDown, afterCall: true }),
    expect: { resolves: true },
    winner: 'new',
    failureNotice: false,
  },
  {
    name: "Entra's sign-in endpoint fails after the change (verification impossible)",
    faults: () => {
      const plan = new FaultPlan().add({ method: 'getUserTokenWithPassword', error: signInDown });
      return { wrapTokens: (tokens) => withFaults(tokens, plan) };
    },
    expect: { code: 'ROTATION.ENTRA_UNAVAILABLE' },
    winner: 'new',
    failureNotice: true,
  },
  {
    name: 'Entra is down entirely (Graph and sign-in)',
    faults: () => {
      const directory = new FaultPlan().add({ method: 'setPassword', error: entraDown });
      const tokens = new FaultPlan().add({ method: 'getUserTokenWithPassword', error: signInDown });
      return { wrapDirectory: (d) => withFaults(d, directory), wrapTokens: (t) => withFaults(t, tokens) };
    },
    expect: { code: 'ROTATION.ENTRA_UNAVAILABLE' },
    winner: 'old',
    failureNotice: true,
  },
];

/** Assertions 1–3 after the fault, then a restart and the convergence checks. */
async function expectSafeAndConverging(world: RotationWorld, before: string, winner: Winner): Promise<string[]> {
  // 1. someone can still sign in with what the vault marks current or pending
  expect(world.workingVaultVersions().length).toBeGreaterThanOrEqual(1);

  // 2. a fresh process on the same SQLite file converges to exactly one working current version
  const restarted = world.restart();
  const noticesBefore = world.notifier.delivered.length;
  await restarted.service.recover(TENANT_ID);
  const recoveryNotices = world.notifier.delivered.slice(noticesBefore).map((entry) => entry.message.summary);
  const settled = world.convergedState();
  expect(settled.currentTagged).toEqual([settled.storeCurrent]);
  expect(settled.currentSignsIn).toBe(true);
  expect(settled.storePending).toBeUndefined();
  expect(settled.pendingTagged).toEqual([]);
  if (winner === 'old') expect(settled.storeCurrent).toBe(before);
  else expect(settled.storeCurrent).not.toBe(before);
  expect(restarted.history.list(TENANT_ID, { limit: 10 }).filter((entry) => entry.result === 'running' || entry.result === 'unresolved')).toEqual([]);
  expect(restarted.service.needsRecovery(TENANT_ID)).toBe(false);

  // …and the next rotation works from there
  const next = await restarted.service.rotate(TENANT_ID, { kind: 'manual', actor: { userId: 'admin-ada' } });
  expect(world.convergedState()).toEqual({ currentTagged: [next.newVersion], storeCurrent: next.newVersion, currentSignsIn: true, pendingTagged: [] });

  // 3. no password outside the vault
  expect(world.leakScan()).toEqual([]);
  return recoveryNotices;
}

describe('rotation fault injection', () => {
  let world: RotationWorld;
  afterEach(() => world.close());

  describe.each(crashCases)('when the process is killed $name', ({ boot, winner, atCrash }) => {
    it(`then a sign-in still works and the restart converges on the ${winner} version`, async () => {
      world = await RotationWorld.create({ boot });
      const before = world.record().currentSecretVersion;

      const failure = await world.process.service.rotate(TENANT_ID, SCHEDULED).catch((error: unknown) => error);
      world.caught.push(failure);

      expect(failure).toBeInstanceOf(SimulatedCrash);
      expect(world.process.power.dead).toBe(true);
      atCrash(world, before);
      const recoveryNotices = await expectSafeAndConverging(world, before, winner);
      // The run that died is reported once recovery settles it: success when its password was live, a failure with Retry otherwise.
      if (winner === 'new') expect(recoveryNotices.some((summary) => summary.startsWith('Password rotated at'))).toBe(true);
      else expect(recoveryNotices.some((summary) => summary.startsWith('Password rotation failed'))).toBe(true);
    });
  });

  describe.each(failureCases)('when $name', ({ faults, expect: expected, winner, failureNotice }) => {
    it(`then a sign-in still works, admins are told, and the next run converges on the ${winner} version`, async () => {
      world = await RotationWorld.create();
      world.boot(faults(world));
      const before = world.record().currentSecretVersion;

      const outcome = await world.process.service.rotate(TENANT_ID, SCHEDULED).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (!outcome.ok) world.caught.push(outcome.error);

      if ('resolves' in expected) {
        expect(outcome.ok).toBe(true);
      } else {
        expect(outcome).toMatchObject({ ok: false, error: { code: expected.code } });
      }
      const failed = world.notifier.delivered.filter((entry) => entry.message.summary.startsWith('Password rotation failed'));
      if (failureNotice) {
        expect(failed.length).toBeGreaterThan(0);
        expect(JSON.stringify(failed[0]?.message.card)).toContain('"verb":"rotation.retry"');
      } else {
        expect(failed).toEqual([]);
      }
      await expectSafeAndConverging(world, before, winner);
    });
  });

  it('when Entra answers 429 with Retry-After, then the rotation waits at least that long before retrying', async () => {
    world = await RotationWorld.create();
    world.boot(directoryPlan({ method: 'setPassword', error: throttled(2_000), times: 2 }));

    await world.process.service.rotate(TENANT_ID, SCHEDULED);

    expect(world.process.sleeps.slice(0, 2)).toEqual([2_000, 2_000]);
  });
});
