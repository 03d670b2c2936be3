/**
 * "Create service account" end to end against the sandbox tenant over HTTPS, with the bot's
 * real adapters (Graph client, Key Vault SecretClient, @azure/identity): create → verify,
 * the 403 → Retry path with RoleManagement.ReadWrite.Directory removed from the bot's app,
 * disable, and the secret-leak scan over logs, every SQLite row, progress and audit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findApplication, findUser, grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import type { Actor } from '../../services/access/actor';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteAuditRecordRepository } from '../../services/adapters/sqlite/audit-record.sqlite';
import { SqliteProvisioningJournal } from '../../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteServiceAccountRepository } from '../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../services/adapters/sqlite/tenant-settings.sqlite';
import { AuditLogService } from '../../services/audit/audit-log.service';
import { createLogger } from '../../services/logger';
import { systemClock } from '../../services/ports/clock.port';
import { AdvancedManagementDisableService } from '../../services/service-account/advanced-management-disable.service';
import type { ProgressListener } from '../../services/service-account/provisioning-progress';
import { AuditWriterSink } from '../../services/service-account/service-account-audit.adapter';
import { resolveServiceAccountConfig } from '../../services/service-account/service-account.config';
import { isServiceAccountError, type ServiceAccountError } from '../../services/service-account/service-account.errors';
import { ServiceAccountProvisioningService } from '../../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../../services/service-account/tenant-operation-lock';
import type { EntraTokenIssuer } from '../../services/adapters/entra/entra-token-issuer';
import { MemoryLog } from '../support/memory-log';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const ROLE_PERMISSION = 'RoleManagement.ReadWrite.Directory';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

describe('service account against the sandbox tenant', () => {
  let harness: SandboxHarness;
  let dir: string;
  let db: SqliteDatabase;
  let log: MemoryLog;
  let progress: string[];
  let issuer: EntraTokenIssuer;
  let provisioning: ServiceAccountProvisioningService;
  let disabler: AdvancedManagementDisableService;
  let accounts: SqliteServiceAccountRepository;
  let auditLog: AuditLogService;
  const errors: string[] = [];
  let admin: Actor;

  beforeAll(async () => {
    harness = await startSandboxHarness();
    dir = mkdtempSync(join(tmpdir(), 'sa-sandbox-'));
    db = openDatabase(join(dir, 'bot.db'));
    log = new MemoryLog();
    progress = [];
    admin = { tenantId: harness.sandbox.tenantId, userId: 'sandbox-admin', upn: 'admin@contoso', displayName: 'Sandbox Admin' };
    // The bot's app token carries its permissions (`roles`), as in Entra: a permission granted
    // or revoked applies from the next token. `issuer` is rebuilt after each consent change,
    // which is what a fresh token after the admin's change amounts to.
    issuer = harness.tokenIssuer();
    const logger = createLogger({ level: 'debug', destination: log }).child({ area: 'service-account' });
    const directory = new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: (url, init) => harness.fetch(url, init as Parameters<SandboxHarness['fetch']>[1]),
      retry: { maxRetries: 1, delayInSeconds: 0 },
    });
    const vault = harness.secretVault();
    const config = resolveServiceAccountConfig({ signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 });
    const journal = new SqliteProvisioningJournal(db);
    accounts = new SqliteServiceAccountRepository(db);
    auditLog = new AuditLogService(new SqliteAuditRecordRepository(db), systemClock);
    const audit = new AuditWriterSink(auditLog);
    const locks = new TenantOperationLock();
    provisioning = new ServiceAccountProvisioningService({
      directory,
      vault,
      tokens: { getAppToken: (t, s) => issuer.getAppToken(t, s), getUserTokenWithPassword: (t, u, p, s) => issuer.getUserTokenWithPassword(t, u, p, s) },
      accounts,
      journal,
      clock: systemClock,
      config,
      locks,
      audit,
      logger,
    });
    disabler = new AdvancedManagementDisableService({
      directory,
      vault,
      accounts,
      settings: new SqliteTenantSettingsRepository(db),
      journal,
      sessions: { endSession: async () => undefined },
      clock: systemClock,
      config,
      locks,
      audit,
      logger,
    });
  }, 60_000);

  afterAll(async () => {
    db?.close();
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const onProgress: ProgressListener = (step, state, detail) => {
    progress.push(JSON.stringify({ step: step.id, label: step.label, state, detail }));
  };

  /** Admin consent granted or revoked on the bot's sandbox app registration (what no Graph call may change). */
  async function setAppPermission(permission: string, granted: boolean): Promise<void> {
    const { sandbox } = harness;
    const change = granted ? grantApplicationPermission : revokeApplicationPermission;
    change(sandbox.state().directory, sandbox.botApp.clientId, permission);
    await sandbox.persist();
    expect(findApplication(sandbox.state().directory, sandbox.botApp.clientId)?.roles.includes(permission)).toBe(granted);
    issuer = harness.tokenIssuer();
  }

  function roleAssignmentsOf(objectId: string): Array<{ roleDefinitionId: string }> {
    const directory = harness.sandbox.state().directory as unknown as { roleAssignments: Array<{ principalId: string; roleDefinitionId: string }> };
    return directory.roleAssignments.filter((a) => a.principalId === objectId);
  }

  it('when the bot lacks RoleManagement.ReadWrite.Directory, then creation stops at the role step naming it, and Retry after granting it creates a working account', async () => {
    await setAppPermission(ROLE_PERMISSION, false);
    let failure: ServiceAccountError | undefined;
    try {
      await provisioning.create(admin.tenantId, admin, onProgress);
    } catch (error) {
      if (!isServiceAccountError(error)) throw error;
      failure = error;
      errors.push(JSON.stringify({ ...error, message: error.message, stack: error.stack }));
    }
    expect(failure).toMatchObject({ code: 'SERVICE_ACCOUNT.PERMISSION_DENIED', missingPermission: ROLE_PERMISSION });
    expect(failure?.userMessage).toContain("The bot doesn't have permission to create a service account on your tenant");
    expect(provisioning.pendingOperation(admin.tenantId)).toMatchObject({ lastErrorCode: 'SERVICE_ACCOUNT.PERMISSION_DENIED' });

    await setAppPermission(ROLE_PERMISSION, true);
    const result = await provisioning.create(admin.tenantId, admin, onProgress);

    expect(result.outcome).toBe('created');
    expect(result.readiness).toMatchObject({ status: 'ready', requiredChanges: [] });
    const record = accounts.get(admin.tenantId)!;
    expect(record.userPrincipalName).toMatch(/^mgmt-bot\.admin@/);
    expect(roleAssignmentsOf(record.objectId).map((a) => a.roleDefinitionId)).toEqual([GLOBAL_ADMINISTRATOR]);

    const vault = harness.secretVault();
    const versions = await vault.listVersions(record.secretName);
    expect(versions.filter((v) => v.enabled)).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: record.currentSecretVersion, tags: { state: 'current', objectId: record.objectId, tenantId: admin.tenantId } });
    const { value } = await vault.getSecret(record.secretName, record.currentSecretVersion);
    await expect(issuer.getUserTokenWithPassword(admin.tenantId, record.userPrincipalName, value)).resolves.toMatchObject({ claims: { oid: record.objectId } });
  }, 60_000);

  it('when create is pressed again, then nothing new is made in the sandbox', async () => {
    const before = accounts.get(admin.tenantId)!;
    const again = await provisioning.create(admin.tenantId, admin, onProgress);
    expect(again.outcome).toBe('already-exists');
    expect(roleAssignmentsOf(before.objectId)).toHaveLength(1);
    expect((await harness.secretVault().listVersions(before.secretName)).length).toBe(1);
  }, 60_000);

  it('when Entra starts requiring MFA for the account, then the readiness check says so and what an admin must change', async () => {
    const { sandbox } = harness;
    const record = accounts.get(admin.tenantId)!;
    await expect(provisioning.checkReadiness(admin.tenantId)).resolves.toMatchObject({ status: 'ready' });
    findUser(sandbox.state().directory, record.objectId)!.requiresMfa = true;
    await sandbox.persist();
    try {
      const readiness = await provisioning.checkReadiness(admin.tenantId);
      expect(readiness).toMatchObject({ status: 'mfa-required', signInCode: 'SIGNIN.MFA_REQUIRED', userPrincipalName: record.userPrincipalName });
      expect(readiness.requiredChanges.join(' ')).toMatch(/turn MFA off for this account/);
    } finally {
      findUser(sandbox.state().directory, record.objectId)!.requiresMfa = false;
      await sandbox.persist();
    }
  }, 60_000);

  it('when every log line, SQLite row, progress message, audit record and error is scanned, then the password is in none', async () => {
    const record = accounts.get(admin.tenantId)!;
    const { value: password } = await harness.secretVault().getSecret(record.secretName, record.currentSecretVersion);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const rows = tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => `${name}: ${JSON.stringify(row)}`));
    const audit = await auditLog.export(admin.tenantId, { format: 'json' });
    const haystacks: Array<[string, string]> = [
      ...log.lines.map((line, i) => [`log line ${i}`, line] as [string, string]),
      ...rows.map((row) => [row.slice(0, row.indexOf(':')), row] as [string, string]),
      ...progress.map((p, i) => [`progress ${i}`, p] as [string, string]),
      ['audit export', JSON.stringify(audit)],
      ...errors.map((e, i) => [`error ${i}`, e] as [string, string]),
    ];
    expect(log.lines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    expect(rows.some((row) => row.startsWith('provisioning_operations'))).toBe(true);
    expect(rows.some((row) => row.startsWith('audit'))).toBe(true);
    for (const [where, text] of haystacks) {
      if (text.includes(password)) throw new Error(`the service account password appears in ${where}`);
    }
  }, 60_000);

  it('when advanced management is disabled, then the sandbox no longer has the user, its role or a live secret', async () => {
    const record = accounts.get(admin.tenantId)!;
    const result = await disabler.disableAdvancedManagement(admin.tenantId, admin, onProgress);
    expect(result).toMatchObject({ outcome: 'disabled', removedRoleAssignments: 1 });
    expect(roleAssignmentsOf(record.objectId)).toEqual([]);
    const users = harness.sandbox.state().directory as unknown as { users: Array<{ id: string }> };
    expect(users.users.some((u) => u.id === record.objectId)).toBe(false);
    await expect(harness.secretVault().getSecret(record.secretName)).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
  }, 60_000);
});
