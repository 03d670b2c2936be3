/**
 * Crash-resume of "create service account" against the sandbox tenant with the real adapters:
 * the process is killed right after each outbound call that changes something (vault writes,
 * POST /users, the role assignment, the verifying sign-in), then a fresh process on the same
 * SQLite file runs create again. The sandbox must end with exactly one account, one role
 * assignment and one current secret version that signs in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findApplication } from '../../sandbox/directory/model';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import type { ExternalPorts } from '../unit/service-account/support/crash-world';
import { SimulatedCrash, World } from '../unit/service-account/support/crash-world';
import { bootProcess } from '../unit/service-account/support/bot-process';
import type { Actor } from '../../services/access/actor';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const SIDE_EFFECTS = new Set(['vault.setSecret', 'vault.updateVersion', 'directory.createUser', 'directory.createRoleAssignment', 'tokens.getUserTokenWithPassword']);

interface SandboxDirectoryView {
  users: Array<{ id: string; userPrincipalName: string }>;
  roleAssignments: Array<{ principalId: string; roleDefinitionId: string }>;
}

describe('create service account resumes after a crash, against the sandbox', () => {
  let harness: SandboxHarness;
  let dir: string;
  let admin: Actor;

  beforeAll(async () => {
    harness = await startSandboxHarness();
    dir = mkdtempSync(join(tmpdir(), 'sa-sandbox-crash-'));
    admin = { tenantId: harness.sandbox.tenantId, userId: 'sandbox-admin' };
  }, 60_000);

  afterAll(async () => {
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function realPorts(): ExternalPorts {
    const issuer = harness.tokenIssuer();
    return {
      directory: new GraphDirectory({
        baseUrl: harness.sandbox.graphBaseUrl,
        getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
        fetch: (url, init) => harness.fetch(url, init as Parameters<SandboxHarness['fetch']>[1]),
        retry: { maxRetries: 1, delayInSeconds: 0 },
      }),
      vault: harness.secretVault(),
      tokens: issuer,
    };
  }

  /** Seed state again; the bot's app keeps "Allow public client flows" for the password grant. */
  async function resetSandbox(): Promise<void> {
    const { sandbox } = harness;
    await sandbox.reset();
    const app = findApplication(sandbox.state().directory, sandbox.botApp.clientId);
    if (app) app.isFallbackPublicClient = true;
    await sandbox.persist();
  }

  async function expectOneWorkingAccountInSandbox(dbPath: string): Promise<void> {
    const directory = harness.sandbox.state().directory as unknown as SandboxDirectoryView;
    const accounts = directory.users.filter((u) => u.userPrincipalName.startsWith('mgmt-bot.admin@'));
    expect(accounts).toHaveLength(1);
    const account = accounts[0]!;
    expect(directory.roleAssignments.filter((a) => a.principalId === account.id).map((a) => a.roleDefinitionId)).toEqual([GLOBAL_ADMINISTRATOR]);
    const check = bootProcess(new World(), dbPath, { external: realPorts() });
    try {
      const record = check.accounts.get(admin.tenantId)!;
      expect(record.objectId).toBe(account.id);
      const vault = harness.secretVault();
      const versions = await vault.listVersions(record.secretName);
      expect(versions.filter((v) => v.enabled).map((v) => v.version)).toEqual([record.currentSecretVersion]);
      expect(versions.filter((v) => v.tags['state'] === 'current')).toHaveLength(1);
      const { value } = await vault.getSecret(record.secretName, record.currentSecretVersion);
      await expect(harness.tokenIssuer().getUserTokenWithPassword(admin.tenantId, account.userPrincipalName, value)).resolves.toMatchObject({ claims: { oid: account.id } });
      expect(check.journal.listOpen()).toEqual([]);
    } finally {
      check.close();
    }
  }

  it('when killed after each changing call and rerun by a fresh process, then every run converges to one working account', async () => {
    await resetSandbox();
    const probe = bootProcess(new World(), join(dir, 'probe.db'), { external: realPorts() });
    await probe.provisioning.create(admin.tenantId, admin);
    const calls = [...probe.life.calls];
    probe.close();
    const crashPoints = calls.map((call, index) => ({ call, atCall: index + 1 })).filter(({ call }) => SIDE_EFFECTS.has(call));
    expect(crashPoints.map((p) => p.call)).toEqual([
      'vault.setSecret',
      'directory.createUser',
      'vault.updateVersion',
      'directory.createRoleAssignment',
      'vault.updateVersion',
      'tokens.getUserTokenWithPassword',
    ]);

    for (const { call, atCall } of crashPoints) {
      await resetSandbox();
      const dbPath = join(dir, `after-${atCall}.db`);
      const crashed = bootProcess(new World(), dbPath, { external: realPorts(), crash: { atCall, when: 'after' } });
      await expect(crashed.provisioning.create(admin.tenantId, admin)).rejects.toBeInstanceOf(SimulatedCrash);
      crashed.close();

      const restarted = bootProcess(new World(), dbPath, { external: realPorts() });
      try {
        const result = await restarted.provisioning.create(admin.tenantId, admin);
        expect({ call, outcome: result.outcome, readiness: result.readiness.status }).toEqual({ call, outcome: 'created', readiness: 'ready' });
      } finally {
        restarted.close();
      }
      await expectOneWorkingAccountInSandbox(dbPath);
    }
  }, 180_000);
});
