/**
 * A whole tenant plus one bot process, wired like the composition root but on fakes for the
 * cloud (tenant, Entra, Key Vault) and the real services and SQLite stores for everything else
 * (access, audit, settings, service account, sessions, actions). `startSessionProcess` over the
 * same database and cloud is a process restart: every in-memory cache is gone, the store stays.
 */
import type { Actor } from '../../../services/access/actor';
import { AuthorizationService } from '../../../services/access/authorization.service';
import { breakGlassFromSettings } from '../../../services/access/privileged-target.service';
import { RoleService } from '../../../services/access/role.service';
import { SqlitePendingActionRepository } from '../../../services/adapters/sqlite/pending-action.sqlite';
import { SqliteAccessGrantRepository } from '../../../services/adapters/sqlite/access-grant.sqlite';
import { SqliteAuditRecordRepository } from '../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteServiceAccountRepository } from '../../../services/adapters/sqlite/service-account.sqlite';
import { SqliteManagementSessionRepository } from '../../../services/adapters/sqlite/session.sqlite';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import { AuditLogService } from '../../../services/audit/audit-log.service';
import { createLogger } from '../../../services/logger';
import { ManualClock, type Clock } from '../../../services/ports/clock.port';
import type { Directory } from '../../../services/ports/directory.port';
import type { SecretVault } from '../../../services/ports/secret-vault.port';
import type { TokenIssuer } from '../../../services/ports/token-issuer.port';
import type { SessionDirectoryFactory } from '../../../services/sessions/session-bound-directory';
import { createSessionServices, type SessionServices } from '../../../services/sessions/session-services';
import type { ManagementMode } from '../../../services/ports/tenant-settings.repository.port';
import type { SessionNotice } from '../../../services/sessions/session.types';
import { FakeSessionDirectory } from './fake-session-directory';
import { APP_CALLER_ID, FakeSessionTenant, GLOBAL_ADMIN_ROLE, type FakeTenantUser } from './fake-session-tenant';
import { FakeSessionTokenIssuer } from './fake-session-token-issuer';
import { FakeSessionVault } from './fake-session-vault';

export const TENANT_ID = 'tenant-contoso';
export const OTHER_TENANT_ID = 'tenant-fabrikam';
export const SERVICE_ACCOUNT_SECRET = 'mgmt-sa-tenant-contoso';

/** Distinct, greppable passwords: a leak scan searches for each of them. */
export const PASSWORDS = {
  ada: 'Ada-Right-Horse-Battery-71!',
  mfaAdmin: 'Mfa-Admin-Password-52#',
  caAdmin: 'Ca-Admin-Password-39$',
  disabledAdmin: 'Disabled-Admin-Password-18%',
  nora: 'Nora-Plain-User-Password-27&',
  serviceAccount: 'Svc-Initial-Password-Zq81*',
  wrong: 'Definitely-Wrong-Password-64@',
} as const;

export interface SessionCloud {
  clock: ManualClock;
  tenant: FakeSessionTenant;
  issuer: FakeSessionTokenIssuer;
  vault: FakeSessionVault;
  people: {
    ada: FakeTenantUser;
    mfaAdmin: FakeTenantUser;
    caAdmin: FakeTenantUser;
    disabledAdmin: FakeTenantUser;
    nora: FakeTenantUser;
    outsider: FakeTenantUser;
    serviceAccount: FakeTenantUser;
    adele: FakeTenantUser;
    alex: FakeTenantUser;
    fiona: FakeTenantUser;
    operators: FakeTenantUser[];
  };
}

export async function createSessionCloud(): Promise<SessionCloud> {
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const tenant = new FakeSessionTenant(TENANT_ID, clock);
  const ga = [GLOBAL_ADMIN_ROLE];
  const people = {
    ada: tenant.addUser({ id: 'u-ada', userPrincipalName: 'ada@contoso.test', displayName: 'Ada Admin', password: PASSWORDS.ada, roleIds: ga }),
    mfaAdmin: tenant.addUser({ id: 'u-mfa', userPrincipalName: 'mfa.admin@contoso.test', displayName: 'Mia MFA', password: PASSWORDS.mfaAdmin, roleIds: ga }),
    caAdmin: tenant.addUser({ id: 'u-ca', userPrincipalName: 'ca.admin@contoso.test', displayName: 'Cal Blocked', password: PASSWORDS.caAdmin, roleIds: ga }),
    disabledAdmin: tenant.addUser({ id: 'u-dis', userPrincipalName: 'dis.admin@contoso.test', displayName: 'Dora Disabled', password: PASSWORDS.disabledAdmin, roleIds: ga, accountEnabled: false }),
    nora: tenant.addUser({ id: 'u-nora', userPrincipalName: 'nora@contoso.test', displayName: 'Nora Normal', password: PASSWORDS.nora }),
    outsider: tenant.addUser({ id: 'u-oscar', userPrincipalName: 'oscar@contoso.test', displayName: 'Oscar Outsider' }),
    serviceAccount: tenant.addUser({ id: 'u-svc', userPrincipalName: 'mgmt-bot.admin@contoso.test', displayName: 'Management Bot (service account)', password: PASSWORDS.serviceAccount, roleIds: ga }),
    adele: tenant.addUser({ id: 'u-adele', userPrincipalName: 'adele@contoso.test', displayName: 'Adele Vance', department: 'Sales' }),
    alex: tenant.addUser({ id: 'u-alex', userPrincipalName: 'alex@contoso.test', displayName: 'Alex Wilber', department: 'Sales' }),
    fiona: tenant.addUser({ id: 'u-fiona', userPrincipalName: 'fiona@contoso.test', displayName: 'Fiona Finance', department: 'Finance' }),
    operators: Array.from({ length: 20 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return tenant.addUser({ id: `u-op${n}`, userPrincipalName: `op${n}@contoso.test`, displayName: `Operator ${n}` });
    }),
  };
  tenant.policies.push(
    { id: 'pol-mfa', displayName: 'Require MFA for admins', userIds: [people.mfaAdmin.id], grant: 'mfa' },
    { id: 'pol-block', displayName: 'Block sign-ins outside HQ', userIds: [people.caAdmin.id], grant: 'block' },
  );
  const vault = new FakeSessionVault();
  await vault.setSecret(SERVICE_ACCOUNT_SECRET, PASSWORDS.serviceAccount, { contentType: 'password', tags: { tenant: TENANT_ID } });
  vault.reads = 0;
  return { clock, tenant, issuer: new FakeSessionTokenIssuer(tenant), vault, people };
}

export interface SessionProcessOptions {
  /** Reuse a database: a restart. */
  db?: SqliteDatabase;
  mode?: ManagementMode;
  autoEnable?: boolean;
  sessionTtlInMinutes?: number;
  /** Seed the service-account record (Advanced mode). Default true on a fresh database. */
  withServiceAccount?: boolean;
  /** Seed operator grants (Sales department, the three actions) for every operator. Default true on a fresh database. */
  withOperatorGrants?: boolean;
  /** Captured log lines; shared across restarts when passed in. */
  logLines?: string[];
}

export interface SessionProcess extends SessionServices {
  db: SqliteDatabase;
  settings: SqliteTenantSettingsRepository;
  serviceAccounts: SqliteServiceAccountRepository;
  grants: SqliteAccessGrantRepository;
  audit: AuditLogService;
  roles: RoleService;
  authorization: AuthorizationService;
  appDirectory: Directory;
  pendingActions: SqlitePendingActionRepository;
  sessionStore: SqliteManagementSessionRepository;
  logLines: string[];
  /** Notices the services handed to the sink (lazy expiry). */
  delivered: SessionNotice[];
}

/** The cloud side of a bot process: fakes here, the real adapters against the sandbox in integration tests. */
export interface SessionPorts {
  clock: Clock;
  issuer: TokenIssuer;
  vault: SecretVault;
  /** As the bot's app (application permissions). */
  appDirectory: Directory;
  /** Graph as a session account, given the broker's token function. */
  directoryFactory: SessionDirectoryFactory;
}

/** Wires the real services over `db` the way the composition root does, logging at debug into `logLines`. */
export function composeSessionServices(ports: SessionPorts, db: SqliteDatabase, logLines: string[] = []): SessionProcess {
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } });
  const { clock, appDirectory } = ports;
  const settings = new SqliteTenantSettingsRepository(db, clock);
  const serviceAccounts = new SqliteServiceAccountRepository(db);
  const grants = new SqliteAccessGrantRepository(db);
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const roles = new RoleService(appDirectory, grants, clock);
  const authorization = new AuthorizationService(roles, appDirectory, audit, { breakGlassAccounts: breakGlassFromSettings(settings) });
  const sessionStore = new SqliteManagementSessionRepository(db);
  const pendingActions = new SqlitePendingActionRepository(db);
  const delivered: SessionNotice[] = [];
  const { broker, sessions, guard, actions, privilegedTargets } = createSessionServices({
    ...ports,
    settings,
    serviceAccounts,
    sessions: sessionStore,
    pendingActions,
    access: { authorize: (a, c, t, o) => authorization.authorize(a, c, t, o), isTenantAdmin: (t, u) => roles.isTenantAdmin(t, u) },
    audit,
    notices: { deliver: async (notice) => void delivered.push(notice) },
    logger,
    options: { sessions: { pollIntervalInMs: 5 } },
  });
  return { db, settings, serviceAccounts, grants, audit, roles, authorization, appDirectory, broker, sessions, guard, actions, privilegedTargets, pendingActions, sessionStore, logLines, delivered };
}

export async function startSessionProcess(cloud: SessionCloud, options: SessionProcessOptions = {}): Promise<SessionProcess> {
  const fresh = options.db === undefined;
  const db = options.db ?? openDatabase(':memory:');
  const { clock, tenant } = cloud;
  const bot = composeSessionServices(
    {
      clock,
      issuer: cloud.issuer,
      vault: cloud.vault,
      appDirectory: new FakeSessionDirectory(tenant, async () => tenant.issueToken(APP_CALLER_ID).token),
      directoryFactory: (tokenFn) => new FakeSessionDirectory(tenant, tokenFn),
    },
    db,
    options.logLines,
  );

  if (fresh || options.mode !== undefined || options.autoEnable !== undefined || options.sessionTtlInMinutes !== undefined) {
    const patch: Parameters<typeof bot.settings.update>[1] = {};
    if (fresh || options.mode !== undefined) patch.mode = options.mode ?? 'advanced';
    if (options.autoEnable !== undefined) patch.autoEnable = options.autoEnable;
    if (options.sessionTtlInMinutes !== undefined) patch.sessionTtlInMinutes = options.sessionTtlInMinutes;
    bot.settings.update(TENANT_ID, patch, 'test');
  }
  if (options.withServiceAccount ?? fresh) {
    bot.serviceAccounts.save({
      tenantId: TENANT_ID,
      objectId: cloud.people.serviceAccount.id,
      userPrincipalName: cloud.people.serviceAccount.userPrincipalName,
      displayName: cloud.people.serviceAccount.displayName,
      roleAssignmentIds: ['ra-1'],
      roleDefinitionIds: [GLOBAL_ADMIN_ROLE],
      secretName: SERVICE_ACCOUNT_SECRET,
      currentSecretVersion: 'v1',
      createdAt: clock.now().toISOString(),
      createdBy: cloud.people.ada.id,
    });
  }
  if (options.withOperatorGrants ?? fresh) {
    for (const operator of cloud.people.operators) await grantSalesOperator(bot, TENANT_ID, operator, cloud.people.ada.id, clock);
  }
  return bot;
}

/** An operator grant over the Sales department with the three first actions. */
export async function grantSalesOperator(bot: SessionProcess, tenantId: string, operator: { id: string; userPrincipalName: string; displayName: string }, grantedBy: string, clock: Clock): Promise<void> {
  await bot.grants.saveOperatorGrant({
    tenantId,
    operator: { userId: operator.id, upn: operator.userPrincipalName, displayName: operator.displayName },
    scope: [{ kind: 'department', value: 'Sales' }],
    allowedActions: ['user.blockSignIn', 'user.unblockSignIn', 'user.revokeSessions'],
    includePrivileged: false,
    grantedBy: { userId: grantedBy },
    grantedAt: clock.now().toISOString(),
    updatedAt: clock.now().toISOString(),
  });
}

export function actorOf(user: FakeTenantUser, tenantId: string = TENANT_ID): Actor {
  return { tenantId, userId: user.id, upn: user.userPrincipalName, displayName: user.displayName };
}

/** Every audit record of the tenant, oldest first. */
export async function auditRecords(process: SessionProcess, tenantId: string = TENANT_ID) {
  const records = [];
  let before: number | undefined;
  do {
    const page = await process.audit.list(tenantId, { limit: 100, ...(before !== undefined ? { before } : {}) });
    records.push(...page.records);
    before = page.nextBefore;
  } while (before !== undefined);
  return records.reverse();
}
