/**
 * The sandbox tenant started in-process on a free loopback port with a throw-away data
 * directory, and the bot's real adapters (bot/adapters.ts: EntraTokenIssuer, KeyVaultSecretVault,
 * GraphDirectory over HTTPS that trusts only the sandbox CA) and real services over SQLite,
 * wired the way the composition root wires them. Nothing here leaves 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters, type BotAdapters } from '../../bot/adapters';
import { loadConfig, type AppConfig } from '../../bot/config';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { GLOBAL_ADMIN, ROLE_TEMPLATES } from '../../sandbox/directory/seed/contoso-ids';
import type { Actor } from '../../services/access/actor';
import { AuthorizationService } from '../../services/access/authorization.service';
import { RoleService } from '../../services/access/role.service';
import { SqliteAccessGrantRepository } from '../../services/adapters/sqlite/access-grant.sqlite';
import { SqlitePendingActionRepository } from '../../services/adapters/sqlite/pending-action.sqlite';
import { SqliteAuditRecordRepository } from '../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteServiceAccountRepository } from '../../services/adapters/sqlite/service-account.sqlite';
import { SqliteManagementSessionRepository } from '../../services/adapters/sqlite/session.sqlite';
import { SqliteTenantSettingsRepository } from '../../services/adapters/sqlite/tenant-settings.sqlite';
import { AuditLogService } from '../../services/audit/audit-log.service';
import { createLogger } from '../../services/logger';
import { systemClock, type Clock } from '../../services/ports/clock.port';
import { createSessionServices, type SessionServices } from '../../services/sessions/session-services';

/** The sandbox CA's certificate, where startSandbox writes it (sandbox/core/tls-material.ts). */
const CA_CERT_RELATIVE_PATH = join('tls', 'ca-cert.pem');
const SERVICE_ACCOUNT_UPN = 'mgmt-bot.admin@contoso.test';
const SERVICE_ACCOUNT_SECRET_NAME = 'mgmt-sa-contoso';

export interface SandboxWorld {
  sandbox: RunningSandbox;
  dataDir: string;
  /** Sandbox-mode config, parsed by the same loadConfig() as the bot. */
  config: AppConfig;
  /** The bot's outside world, built by bot/adapters.ts from `config`. */
  adapters: BotAdapters;
  db: SqliteDatabase;
  clock: Clock;
  tenantId: string;
  admin: Actor;
  audit: AuditLogService;
  roles: RoleService;
  authorization: AuthorizationService;
  grants: SqliteAccessGrantRepository;
  settings: SqliteTenantSettingsRepository;
  serviceAccounts: SqliteServiceAccountRepository;
  session: SessionServices;
  /** The environment a bot process needs to use this sandbox (for the HTTP turn benchmark). */
  botEnv(): NodeJS.ProcessEnv;
  /**
   * Creates the management service account in the sandbox (Graph POST /users + a Global
   * Administrator role assignment), stores its password in the sandbox Key Vault and records it,
   * then selects Advanced mode. The way ServiceAccountProvisioningService leaves a tenant.
   */
  provisionServiceAccount(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxWorld(): Promise<SandboxWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'msb-bench-'));
  let sandbox: RunningSandbox | undefined;
  let adapters: BotAdapters | undefined;
  let db: SqliteDatabase | undefined;
  try {
    sandbox = await startSandbox({ dataDir: join(dataDir, 'sandbox'), port: 0 });
    const running = sandbox;
    const botEnv = (): NodeJS.ProcessEnv => ({
      SANDBOX_URL: running.url,
      SANDBOX_TENANT_ID: running.tenantId,
      SANDBOX_CA_CERT_PATH: join(dataDir, 'sandbox', CA_CERT_RELATIVE_PATH),
      AZURE_TENANT_ID: running.tenantId,
      AZURE_CLIENT_ID: running.botApp.clientId,
      AZURE_CLIENT_SECRET: running.botApp.clientSecret,
    });
    const config = loadConfig({ ...botEnv(), HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' });
    adapters = createAdapters(config);
    if (!adapters.configured.directory || !adapters.configured.vault || !adapters.configured.tokenIssuer) {
      throw new Error(`bot/adapters.ts left part of the sandbox unconfigured: ${JSON.stringify(adapters.configured)}`);
    }
    db = openDatabase(':memory:');
    const world = compose({ sandbox, dataDir, config, adapters, db, botEnv });
    return world;
  } catch (error) {
    db?.close();
    await adapters?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function compose(parts: {
  sandbox: RunningSandbox;
  dataDir: string;
  config: AppConfig;
  adapters: BotAdapters;
  db: SqliteDatabase;
  botEnv: () => NodeJS.ProcessEnv;
}): SandboxWorld {
  const { sandbox, dataDir, config, adapters, db } = parts;
  const clock = systemClock;
  const tenantId = sandbox.tenantId;
  // Silent: a benchmark must not time its own logging to a terminal.
  const logger = createLogger({ level: 'silent' });
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const grants = new SqliteAccessGrantRepository(db);
  const roles = new RoleService(adapters.directory, grants, clock, { bootstrapTenantAdminIds: config.tenants.bootstrapTenantAdminIds });
  const authorization = new AuthorizationService(roles, adapters.directory, audit);
  const settings = new SqliteTenantSettingsRepository(db, clock);
  const serviceAccounts = new SqliteServiceAccountRepository(db);
  const session = createSessionServices({
    clock,
    issuer: adapters.tokenIssuer,
    vault: adapters.vault,
    appDirectory: adapters.directory,
    directoryFactory: (tokenFn) => adapters.directoryForToken(tokenFn),
    settings,
    serviceAccounts,
    sessions: new SqliteManagementSessionRepository(db),
    pendingActions: new SqlitePendingActionRepository(db),
    access: { authorize: (a, c, t, o) => authorization.authorize(a, c, t, o), isTenantAdmin: (t, u) => roles.isTenantAdmin(t, u) },
    audit,
    logger,
  });
  const admin: Actor = { tenantId, userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName };

  let closing: Promise<void> | undefined;
  return {
    sandbox,
    dataDir,
    config,
    adapters,
    db,
    clock,
    tenantId,
    admin,
    audit,
    roles,
    authorization,
    grants,
    settings,
    serviceAccounts,
    session,
    botEnv: parts.botEnv,
    provisionServiceAccount: async () => {
      // The password exists only here, in the sandbox's Key Vault and (hashed) in its directory.
      const password = `Bench-${randomBytes(12).toString('base64url')}-7q!Z`;
      const account = await adapters.directory.createUser(tenantId, {
        userPrincipalName: SERVICE_ACCOUNT_UPN,
        displayName: 'Management Session Bot (service account)',
        mailNickname: 'mgmt-bot.admin',
        accountEnabled: true,
        usageLocation: 'US',
        password,
        forceChangePasswordNextSignIn: false,
      });
      const assignment = await adapters.directory.createRoleAssignment(tenantId, account.id, ROLE_TEMPLATES.globalAdministrator);
      const secret = await adapters.vault.setSecret(SERVICE_ACCOUNT_SECRET_NAME, password, { contentType: 'password', tags: { tenant: tenantId } });
      serviceAccounts.save({
        tenantId,
        objectId: account.id,
        userPrincipalName: account.userPrincipalName,
        displayName: account.displayName,
        roleAssignmentIds: [assignment.id],
        roleDefinitionIds: [ROLE_TEMPLATES.globalAdministrator],
        secretName: SERVICE_ACCOUNT_SECRET_NAME,
        currentSecretVersion: secret.version,
        createdAt: clock.now().toISOString(),
        createdBy: GLOBAL_ADMIN.id,
      });
      settings.update(tenantId, { mode: 'advanced' }, GLOBAL_ADMIN.id);
    },
    close: () => {
      closing ??= (async () => {
        try {
          if (db.open) db.close();
          await adapters.close();
          await sandbox.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}
