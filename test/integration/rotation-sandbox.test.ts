/**
 * Issue 7 against the sandbox tenant over HTTPS, with the bot's real adapters (Graph client,
 * Key Vault SecretClient, @azure/identity) and the real service-account provisioning to create
 * the account. The fault-injection suite kills the rotation after steps 2–5 (a wrapper around
 * the ports throws a simulated crash and every in-process collaborator dies with it) and fails
 * it with the sandbox's own faults: Key Vault unavailable, Graph 429 with Retry-After, Graph 5xx,
 * Entra's token endpoint down. For every case:
 *   1. the service account signs in at the sandbox with the vault's current or pending version;
 *   2. a fresh process on the same SQLite file converges to exactly one current version that
 *      signs in, and the next rotation works;
 *   3. no password appears in the logs, any SQLite table, the notices, the audit or the history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultConfig } from '../../sandbox';
import type { Actor } from '../../services/access/actor';
import type { EntraTokenIssuer } from '../../services/adapters/entra/entra-token-issuer';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { openDatabase } from '../../services/adapters/sqlite/database';
import { SqliteAuditRecordRepository } from '../../services/adapters/sqlite/audit-record.sqlite';
import { SqliteProvisioningJournal } from '../../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteServiceAccountRepository } from '../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../services/adapters/sqlite/tenant-settings.sqlite';
import { AuditLogService } from '../../services/audit/audit-log.service';
import { createLogger, type Logger } from '../../services/logger';
import { ManualClock, systemClock } from '../../services/ports/clock.port';
import type { ServiceAccountRecord } from '../../services/ports/service-account.repository.port';
import { SignInError } from '../../services/ports/token-issuer.port';
import { versionState } from '../../services/rotation/rotation-vault-tags';
import type { RotationTrigger } from '../../services/rotation/rotation.types';
import { PasswordGenerator } from '../../services/service-account/password-generator';
import { AuditWriterSink } from '../../services/service-account/service-account-audit.adapter';
import { resolveServiceAccountConfig } from '../../services/service-account/service-account.config';
import { ServiceAccountProvisioningService } from '../../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../../services/service-account/tenant-operation-lock';
import { ADMIN_CHANNEL, buildRotationProcess, scanForSecrets, type BootOptions, type RotationProcess } from '../support/fakes/fake-rotation-process';
import { FakeRotationNotifier } from '../support/fakes/fake-rotation-notifier';
import { SimulatedCrash, afterCall } from '../support/fakes/flaky-ports';
import { MemoryLog } from '../support/memory-log';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const LEASE_IN_MS = 5 * 60_000;
const MANUAL: RotationTrigger = { kind: 'manual', actor: { userId: 'sandbox-admin', upn: 'admin@contoso', displayName: 'Sandbox Admin' } };
const USERS_PATCH = { area: 'graph' as const, method: 'PATCH', pathPrefix: '/v1.0/users/' };

describe('password rotation against the sandbox tenant', () => {
  let harness: SandboxHarness;
  let dir: string;
  let dbPath: string;
  let tenantId: string;
  let issuer: EntraTokenIssuer;
  let directory: GraphDirectory;
  const clock = new ManualClock('2026-01-07T10:00:00Z');
  const log = new MemoryLog();
  let logger: Logger;
  const notifier = new FakeRotationNotifier();
  const generator = new PasswordGenerator();
  const secrets: string[] = [];
  const caught: unknown[] = [];
  let current: RotationProcess | undefined;

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
    dir = mkdtempSync(join(tmpdir(), 'rotation-sandbox-'));
    dbPath = join(dir, 'bot.sqlite');
    logger = createLogger({ level: 'debug', destination: log });
    issuer = harness.tokenIssuer();
    directory = new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenant) => (await issuer.getAppToken(tenant)).token,
      fetch: (url, init) => harness.fetch(url, init as Parameters<SandboxHarness['fetch']>[1]),
      // The rotation does its own bounded, Retry-After-honouring retry; the SDK's would hide the 429.
      retry: { maxRetries: 0, delayInSeconds: 0 },
    });

    // The account is created by the real provisioning flow (issue 5), so rotation starts from its tags and record.
    const db = openDatabase(dbPath);
    const admin: Actor = { tenantId, userId: 'sandbox-admin', upn: 'admin@contoso', displayName: 'Sandbox Admin' };
    const provisioning = new ServiceAccountProvisioningService({
      directory,
      vault: harness.secretVault(),
      tokens: issuer,
      accounts: new SqliteServiceAccountRepository(db),
      journal: new SqliteProvisioningJournal(db),
      clock: systemClock,
      config: resolveServiceAccountConfig({ signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 }),
      locks: new TenantOperationLock(),
      audit: new AuditWriterSink(new AuditLogService(new SqliteAuditRecordRepository(db), systemClock)),
      logger: logger.child({ area: 'service-account' }),
    });
    await provisioning.create(tenantId, admin, () => undefined);
    new SqliteTenantSettingsRepository(db, clock).update(tenantId, { mode: 'advanced', rotationTimeZone: 'Europe/Amsterdam', adminChannelConversationId: ADMIN_CHANNEL });
    const record = new SqliteServiceAccountRepository(db).get(tenantId)!;
    secrets.push((await harness.secretVault().getSecret(record.secretName, record.currentSecretVersion)).value);
    db.close();
  }, 60_000);

  afterAll(async () => {
    current?.scheduler.dispose();
    current?.db.close();
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => harness.sandbox.faults.clear());
  // Each case starts after any lease a killed process left behind has expired, so one failure cannot cascade.
  beforeEach(() => clock.advance(LEASE_IN_MS + 1_000));

  function boot(options: BootOptions = {}): RotationProcess {
    current?.scheduler.dispose();
    if (current?.db.open) current.db.close();
    current = buildRotationProcess({
      dbPath,
      clock,
      vault: harness.secretVault(),
      directory,
      tokens: issuer,
      notifier,
      logger,
      passwords: {
        generate: () => {
          const password = generator.generate();
          secrets.push(password);
          return password;
        },
      },
      advanceClockOnSleep: false,
      botAppId: harness.sandbox.botApp.clientId,
      ...options,
      rotationOptions: { verifyDelayInMs: 20, entraRetry: { maxAttempts: 4, maxTotalWaitInMs: 3_000, baseDelayInMs: 50 }, ...options.rotationOptions },
    });
    return current;
  }

  /** A restart after a kill: the dead holder's lease expires, a new process opens the same file. */
  function restart(): RotationProcess {
    clock.advance(LEASE_IN_MS + 1_000);
    return boot();
  }

  /** Read without the process's (crashable) wrappers, as an inspector would. */
  function record(): ServiceAccountRecord {
    return new SqliteServiceAccountRepository(current!.db).get(tenantId)!;
  }

  async function signsIn(password: string): Promise<boolean> {
    try {
      await issuer.getUserTokenWithPassword(tenantId, record().userPrincipalName, password);
      return true;
    } catch (error) {
      if (error instanceof SignInError && error.code === 'SIGNIN.WRONG_PASSWORD') return false;
      throw error;
    }
  }

  /** The vault's enabled versions with their state tag and whether each signs in at the sandbox now. */
  async function vaultView(): Promise<Array<{ version: string; state?: string; signsIn: boolean }>> {
    const vault = harness.secretVault();
    const name = new SqliteServiceAccountRepository(current!.db).get(tenantId)!.secretName;
    const view: Array<{ version: string; state?: string; signsIn: boolean }> = [];
    for (const version of await vault.listVersions(name)) {
      if (!version.enabled) continue;
      const { value } = await vault.getSecret(name, version.version);
      view.push({ version: version.version, ...(versionState(version) ? { state: versionState(version) } : {}), signsIn: await signsIn(value) });
    }
    return view;
  }

  async function expectSafeAndConverging(before: string, winner: 'old' | 'new'): Promise<void> {
    // 1. the vault's current or pending version signs in at the sandbox
    const atFault = await vaultView();
    expect(atFault.some((version) => (version.state === 'current' || version.state === 'pending') && version.signsIn)).toBe(true);

    // 2. a fresh process converges on exactly one working current version…
    const restarted = restart();
    await restarted.service.recover(tenantId);
    const settled = await vaultView();
    const store = new SqliteServiceAccountRepository(restarted.db).get(tenantId)!;
    expect(settled.filter((version) => version.state === 'current')).toEqual([{ version: store.currentSecretVersion, state: 'current', signsIn: true }]);
    expect(settled.filter((version) => version.state === 'pending')).toEqual([]);
    expect(store.pendingSecretVersion).toBeUndefined();
    expect(winner === 'old' ? store.currentSecretVersion === before : store.currentSecretVersion !== before).toBe(true);

    // …from which the next rotation works
    const next = await restarted.service.rotate(tenantId, MANUAL);
    expect((await vaultView()).filter((version) => version.state === 'current')).toEqual([{ version: next.newVersion, state: 'current', signsIn: true }]);

    // 3. no password outside the vault
    expect(scanForSecrets(restarted, secrets, { logs: log.text, notices: JSON.stringify(notifier.delivered), caught })).toEqual([]);
  }

  it('when an admin rotates, then the new password signs in at the sandbox, the old one no longer does, and admins get the notice', async () => {
    const process = boot();
    const oldPassword = secrets[0]!;
    expect(await signsIn(oldPassword)).toBe(true);

    const result = await process.service.rotate(tenantId, MANUAL);

    expect(await signsIn(oldPassword)).toBe(false);
    expect((await vaultView()).map(({ version, state, signsIn: works }) => ({ version, state, works }))).toEqual([{ version: result.newVersion, state: 'current', works: true }]);
    expect(record()).toMatchObject({ currentSecretVersion: result.newVersion, lastRotationAt: clock.now().toISOString() });
    expect(notifier.summariesFor(ADMIN_CHANNEL).at(-1)).toMatch(new RegExp(`^Password rotated at .*, version ${result.newVersion.slice(0, 8)}, next rotation Mon, 12 Jan 2026, 03:00 \\(Europe/Amsterdam\\)\\.$`));
    const audit = await process.audit.list(tenantId, { limit: 5 });
    expect(audit.records[0]).toMatchObject({ action: 'rotation.succeeded', principal: { id: harness.sandbox.botApp.clientId }, result: { outcome: 'ok' } });
  }, 60_000);

  const crashCases: Array<{ name: string; options: BootOptions; winner: 'old' | 'new' }> = [
    { name: 'after the pending version was written to Key Vault', options: { crash: { port: 'vault', point: { method: 'setSecret' } } }, winner: 'old' },
    { name: 'after the pending version was recorded in the store', options: { crash: { port: 'serviceAccounts', point: { method: 'save' } } }, winner: 'old' },
    { name: 'after Graph accepted the new password', options: { crash: { port: 'directory', point: { method: 'setPassword' } } }, winner: 'new' },
    { name: 'after the verifying sign-in', options: { crash: { port: 'tokens', point: { method: 'getUserTokenWithPassword' } } }, winner: 'new' },
    { name: 'after the new version was tagged current', options: { crash: { port: 'vault', point: { method: 'updateVersion', nth: 1 } } }, winner: 'new' },
    { name: 'after the store moved to the new version', options: { crash: { port: 'serviceAccounts', point: { method: 'save', nth: 2 } } }, winner: 'new' },
  ];

  it.each(crashCases)('when the process is killed $name, then a sign-in works and the restart converges on the $winner version', async ({ options, winner }) => {
    const process = boot(options);
    const before = record().currentSecretVersion;

    const failure = await process.service.rotate(tenantId, MANUAL).catch((error: unknown) => error);
    caught.push(failure);

    expect(failure).toBeInstanceOf(SimulatedCrash);
    await expectSafeAndConverging(before, winner);
  }, 60_000);

  const faults = (config: FaultConfig) => () => harness.sandbox.faults.configure(config);

  const failureCases: Array<{ name: string; arrange: () => BootOptions; expected: { code: string } | { resolves: true }; winner: 'old' | 'new' }> = [
    {
      name: 'Key Vault answers 503 to everything',
      arrange: () => {
        harness.sandbox.faults.configure({ vaultUnavailable: true });
        return {};
      },
      expected: { code: 'ROTATION.VAULT_UNAVAILABLE' },
      winner: 'old',
    },
    {
      name: 'Key Vault goes down right after step 2',
      arrange: () => ({ wrapVault: (vault) => afterCall(vault, 'setSecret', faults({ vaultUnavailable: true })) }),
      expected: { code: 'ROTATION.VAULT_UNAVAILABLE' },
      winner: 'old',
    },
    {
      name: 'Graph answers the password change with 429 and Retry-After once',
      arrange: () => {
        harness.sandbox.faults.configure({ throttle: [{ match: USERS_PATCH, retryAfterInSeconds: 1, nextRequests: 1 }] });
        return {};
      },
      expected: { resolves: true },
      winner: 'new',
    },
    {
      name: 'Graph keeps answering 429 with Retry-After',
      arrange: () => {
        harness.sandbox.faults.configure({ throttle: [{ match: USERS_PATCH, retryAfterInSeconds: 1 }] });
        return {};
      },
      expected: { code: 'ROTATION.ENTRA_THROTTLED' },
      winner: 'old',
    },
    {
      name: 'Graph fails the password change with 503',
      arrange: () => {
        harness.sandbox.faults.configure({ serverErrors: [{ match: USERS_PATCH, status: 503 }] });
        return {};
      },
      expected: { code: 'ROTATION.ENTRA_UNAVAILABLE' },
      winner: 'old',
    },
    {
      name: "Entra's token endpoint goes down right after the change",
      arrange: () => ({ wrapDirectory: (graph) => afterCall(graph, 'setPassword', faults({ entraUnavailable: true })) }),
      expected: { code: 'ROTATION.ENTRA_UNAVAILABLE' },
      winner: 'new',
    },
  ];

  it.each(failureCases)('when $name, then a sign-in works, admins are told, and the next run converges on the $winner version', async ({ arrange, expected, winner }) => {
    boot();
    const before = record().currentSecretVersion;
    const process = boot(arrange());
    const noticesBefore = notifier.delivered.length;

    const outcome = await process.service.rotate(tenantId, MANUAL).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (!outcome.ok) caught.push(outcome.error);
    harness.sandbox.faults.clear();

    if ('resolves' in expected) {
      expect(outcome.ok).toBe(true);
      expect(process.sleeps.filter((ms) => ms >= 1_000)).toEqual([1_000]);
    } else {
      expect(outcome).toMatchObject({ ok: false, error: { code: expected.code } });
      const sent = notifier.delivered.slice(noticesBefore).filter((entry) => entry.target.id === ADMIN_CHANNEL);
      expect(sent.map((entry) => entry.message.summary)).toEqual([expect.stringMatching(/^Password rotation failed while /)]);
    }
    await expectSafeAndConverging(before, winner);
  }, 60_000);
});
