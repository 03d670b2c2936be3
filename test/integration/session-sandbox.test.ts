/**
 * Management sessions, the token broker and the first actions against the sandbox tenant over
 * HTTPS, through the real adapters (EntraTokenIssuer, KeyVaultSecretVault, GraphDirectory) and
 * the real services and SQLite stores. The Graph wire is traced, so a test can read which
 * account's token (its `oid`) each call carried.
 */
import { randomBytes } from 'node:crypto';
import {
  CA_BLOCKED_ADMIN,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  MFA_REQUIRED_ADMIN,
  ROLE_TEMPLATES,
} from '../../sandbox/directory/seed/contoso-ids';
import type { Actor } from '../../services/access/actor';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import type { GraphFetch } from '../../services/adapters/graph/graph-client-factory';
import { systemClock } from '../../services/ports/clock.port';
import type { Directory } from '../../services/ports/directory.port';
import type { SecretVault } from '../../services/ports/secret-vault.port';
import { SessionError } from '../../services/sessions/session-errors';
import { auditRecords, composeSessionServices, grantSalesOperator, type SessionProcess } from '../support/fakes/fake-session-world';
import { FakeSessionGatedIssuer } from '../support/fakes/fake-session-gated-issuer';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const SECRET_NAME = 'mgmt-sa-contoso';
const WRONG_PASSWORD = 'Not-The-Admin-Password-2025!';

interface WireCall {
  method: string;
  path: string;
  /** `oid` of the bearer token the request carried. */
  oid?: string;
}

interface SandboxPerson {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

describe('management sessions against the sandbox tenant', () => {
  let harness: SandboxHarness;
  let tenantId: string;
  let issuer: FakeSessionGatedIssuer;
  let vault: SecretVault;
  let appDirectory: Directory;
  const wire: WireCall[] = [];
  let serviceAccount: SandboxPerson;
  let serviceAccountPassword: string;
  let operators: SandboxPerson[];
  let salesUsers: SandboxPerson[];
  let financeUser: SandboxPerson;
  const processes: SessionProcess[] = [];

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
    const realIssuer = harness.tokenIssuer();
    issuer = new FakeSessionGatedIssuer(realIssuer);
    vault = harness.secretVault({ tokenIssuer: realIssuer });
    appDirectory = new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await realIssuer.getAppToken(tid)).token,
      fetch: harness.fetch as GraphFetch,
      retry: { maxRetries: 0 },
    });

    serviceAccountPassword = `Svc-${randomBytes(12).toString('base64url')}-9a!Z`;
    const created = await appDirectory.createUser(tenantId, {
      userPrincipalName: 'mgmt-bot.admin@contoso.test',
      displayName: 'Management Session Bot (service account)',
      mailNickname: 'mgmt-bot.admin',
      accountEnabled: true,
      usageLocation: 'US',
      password: serviceAccountPassword,
      forceChangePasswordNextSignIn: false,
    });
    await appDirectory.createRoleAssignment(tenantId, created.id, ROLE_TEMPLATES.globalAdministrator);
    serviceAccount = created;

    const users = harness.sandbox.state().directory.users;
    const admins = new Set(harness.sandbox.state().directory.roleAssignments.map((a) => a.principalId));
    const plain = users.filter((u) => !admins.has(u.id) && u.accountEnabled);
    const operatorPool = plain.filter((u) => u.department !== 'Sales' && u.department !== 'Finance');
    operators = operatorPool.slice(0, 20);
    salesUsers = plain.filter((u) => u.department === 'Sales');
    financeUser = plain.find((u) => u.department === 'Finance')!;
    expect(operators).toHaveLength(20);
    expect(salesUsers.length).toBeGreaterThanOrEqual(6);
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) p.db.close();
    await harness?.stop();
  });

  afterEach(() => harness.sandbox.faults.clear());

  /** A bot process over `db` (a fresh one unless restarting), wired to the sandbox. */
  async function startBot(options: { db?: SqliteDatabase; mode?: 'default' | 'advanced'; autoEnable?: boolean; logLines?: string[] } = {}): Promise<SessionProcess> {
    const fresh = options.db === undefined;
    const db = options.db ?? openDatabase(':memory:');
    const tracedFetch: GraphFetch = async (url, init) => {
      wire.push({ method: String(init['method'] ?? 'GET'), path: new URL(url).pathname, oid: bearerOid(init['headers']) });
      return (harness.fetch as GraphFetch)(url, init);
    };
    const bot = composeSessionServices(
      {
        clock: systemClock,
        issuer,
        vault,
        appDirectory,
        directoryFactory: (tokenFn) => new GraphDirectory({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken: tokenFn, fetch: tracedFetch, retry: { maxRetries: 0 } }),
      },
      db,
      options.logLines,
    );
    processes.push(bot);
    if (options.mode !== undefined || options.autoEnable !== undefined) {
      bot.settings.update(tenantId, { ...(options.mode ? { mode: options.mode } : {}), ...(options.autoEnable !== undefined ? { autoEnable: options.autoEnable } : {}) });
    }
    if (fresh) {
      const version = (await vault.listVersions(SECRET_NAME))[0]?.version ?? (await vault.setSecret(SECRET_NAME, serviceAccountPassword, { contentType: 'password', tags: { tenant: tenantId } })).version;
      bot.serviceAccounts.save({
        tenantId,
        objectId: serviceAccount.id,
        userPrincipalName: serviceAccount.userPrincipalName,
        displayName: serviceAccount.displayName,
        roleAssignmentIds: [],
        roleDefinitionIds: [ROLE_TEMPLATES.globalAdministrator],
        secretName: SECRET_NAME,
        currentSecretVersion: version,
        createdAt: new Date().toISOString(),
        createdBy: GLOBAL_ADMIN.id,
      });
      for (const operator of operators) await grantSalesOperator(bot, tenantId, operator, GLOBAL_ADMIN.id, systemClock);
    }
    return bot;
  }

  const actor = (person: SandboxPerson): Actor => ({ tenantId, userId: person.id, upn: person.userPrincipalName, displayName: person.displayName });
  const admin = (): Actor => actor(GLOBAL_ADMIN);

  describe('Default mode', () => {
    it.each([
      { case: 'a wrong password', username: GLOBAL_ADMIN.userPrincipalName, password: WRONG_PASSWORD, code: 'SESSION.WRONG_PASSWORD' },
      { case: 'the MFA-enforced admin', username: MFA_REQUIRED_ADMIN.userPrincipalName, password: MFA_REQUIRED_ADMIN.password, code: 'SESSION.MFA_REQUIRED' },
      { case: 'the CA-blocked admin', username: CA_BLOCKED_ADMIN.userPrincipalName, password: CA_BLOCKED_ADMIN.password, code: 'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS' },
      { case: 'the disabled admin', username: DISABLED_ADMIN.userPrincipalName, password: DISABLED_ADMIN.password, code: 'SESSION.ACCOUNT_DISABLED' },
    ])('when signing in with $case, then the answer is $code and the session is not ON', async ({ username, password, code }) => {
      const bot = await startBot({ mode: 'default' });
      const error = await bot.sessions.turnOn(admin(), { credentials: { username, password } }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SessionError);
      expect((error as SessionError).code).toBe(code);
      expect((await bot.sessions.getStatus(tenantId)).session.state).toBe('ERROR');
    });

    it('when the CA-blocked admin signs in, then the answer names the blocking policy', async () => {
      const bot = await startBot({ mode: 'default' });
      const error = (await bot.sessions
        .turnOn(admin(), { credentials: { username: CA_BLOCKED_ADMIN.userPrincipalName, password: CA_BLOCKED_ADMIN.password } })
        .catch((e: unknown) => e)) as SessionError;
      expect(error.details.blockingPolicies).toContain('Block restricted admins outside Contoso HQ');
      expect(error.message).toContain('Block restricted admins outside Contoso HQ');
    });

    it('when the right password is given, then the session is ON as that admin, and no password is in any log, table, audit or answer', async () => {
      const logLines: string[] = [];
      const bot = await startBot({ mode: 'default', logLines });
      const answers: unknown[] = [];
      for (const [username, password] of [
        [GLOBAL_ADMIN.userPrincipalName, WRONG_PASSWORD],
        [MFA_REQUIRED_ADMIN.userPrincipalName, MFA_REQUIRED_ADMIN.password],
        [CA_BLOCKED_ADMIN.userPrincipalName, CA_BLOCKED_ADMIN.password],
        [GLOBAL_ADMIN.userPrincipalName, GLOBAL_ADMIN.password],
      ] as const) {
        answers.push(await bot.sessions.turnOn(admin(), { credentials: { username, password } }).catch((e: unknown) => serializeError(e)));
      }
      const on = (await bot.sessions.getStatus(tenantId)).session;
      expect(on).toMatchObject({ state: 'ON', mode: 'default', principal: { objectId: GLOBAL_ADMIN.id, kind: 'signedInAdmin' } });

      const target = salesUsers[5]!;
      const prepared = await bot.actions.prepare(admin(), 'user.revokeSessions', target.userPrincipalName);
      answers.push(await bot.actions.execute(admin(), prepared.pendingActionId));
      expect(wire.filter((c) => c.method === 'POST' && c.path.endsWith(`/users/${target.id}/revokeSignInSessions`)).map((c) => c.oid)).toEqual([GLOBAL_ADMIN.id]);
      answers.push(await bot.sessions.turnOff(admin()));

      const secrets = [GLOBAL_ADMIN.password, MFA_REQUIRED_ADMIN.password, CA_BLOCKED_ADMIN.password, WRONG_PASSWORD, serviceAccountPassword];
      const haystacks = [
        ...logLines,
        ...dumpAllTables(bot.db),
        ...(await auditRecords(bot, tenantId)).map((r) => JSON.stringify(r)),
        ...answers.map((a) => JSON.stringify(a)),
      ];
      expect(logLines.length).toBeGreaterThan(3);
      for (const text of haystacks) {
        for (const secret of secrets) expect(text.includes(secret)).toBe(false);
        expect(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(text)).toBe(false);
      }
    });
  });

  describe('Advanced mode', () => {
    it('when 20 operators turn it on at once, then there is one session and twenty consistent answers', async () => {
      const bot = await startBot({ mode: 'advanced' });

      const results = await Promise.all(operators.map((op) => bot.sessions.turnOn(actor(op))));

      expect(results.filter((r) => r.outcome === 'turned-on')).toHaveLength(1);
      expect(new Set(results.map((r) => `${r.session.version}|${r.session.enabledBy?.userId}|${r.session.enabledAt}`)).size).toBe(1);
      expect(bot.broker.getCounters(tenantId)).toMatchObject({ tokenAcquisitions: 1, vaultReads: 1 });
      expect((await auditRecords(bot, tenantId)).filter((r) => r.action === 'session.turnOn')).toHaveLength(1);
    }, 60_000);

    it('when auto-enable is on, an operator action turns the session on; when off, it is refused with SESSION.NOT_ACTIVE', async () => {
      const off = await startBot({ mode: 'advanced', autoEnable: false });
      await expect(off.actions.prepare(actor(operators[0]!), 'user.revokeSessions', salesUsers[0]!.userPrincipalName)).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });

      const on = await startBot({ mode: 'advanced', autoEnable: true });
      const prepared = await on.actions.prepare(actor(operators[0]!), 'user.revokeSessions', salesUsers[0]!.userPrincipalName);
      expect(prepared.autoEnabled).toBe(true);
      expect((await auditRecords(on, tenantId)).map((r) => r.action)).toContain('session.autoEnable');
    });

    it('when an operator blocks sign-in for an in-scope user, then the sandbox shows it blocked, by the service account, and the audit names both', async () => {
      const bot = await startBot({ mode: 'advanced', autoEnable: true });
      const operator = operators[1]!;
      const target = salesUsers[1]!;

      const prepared = await bot.actions.prepare(actor(operator), 'user.blockSignIn', target.userPrincipalName);
      const result = await bot.actions.execute(actor(operator), prepared.pendingActionId);

      expect(result).toMatchObject({ outcome: 'done', principal: { objectId: serviceAccount.id } });
      expect(harness.sandbox.state().directory.users.find((u) => u.id === target.id)?.accountEnabled).toBe(false);
      expect(wire.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/users/${target.id}`)).map((c) => c.oid)).toEqual([serviceAccount.id]);
      expect((await auditRecords(bot, tenantId)).find((r) => r.action === 'user.blockSignIn')).toMatchObject({
        actor: { userId: operator.id },
        target: { id: target.id },
        principal: { id: serviceAccount.id, upn: serviceAccount.userPrincipalName },
        result: { outcome: 'ok' },
      });

      // A redelivered confirmation changes nothing, even after the user was re-enabled elsewhere.
      await appDirectory.updateUser(tenantId, target.id, { accountEnabled: true });
      const again = await bot.actions.execute(actor(operator), prepared.pendingActionId);
      expect(again).toMatchObject({ outcome: 'done', duplicate: true });
      expect(harness.sandbox.state().directory.users.find((u) => u.id === target.id)?.accountEnabled).toBe(true);
      expect(wire.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/users/${target.id}`) && c.oid === serviceAccount.id)).toHaveLength(1);
    });

    it('when the user is outside the operator scope, then it is refused and the denial is audited', async () => {
      const bot = await startBot({ mode: 'advanced', autoEnable: true });
      await expect(bot.actions.prepare(actor(operators[2]!), 'user.blockSignIn', financeUser.userPrincipalName)).rejects.toMatchObject({
        code: 'ACTION.DENIED',
        details: { reason: 'ACCESS.NOT_IN_SCOPE' },
      });
      expect(harness.sandbox.state().directory.users.find((u) => u.id === financeUser.id)?.accountEnabled).toBe(true);
      expect((await auditRecords(bot, tenantId)).at(-1)).toMatchObject({ action: 'user.blockSignIn', target: { id: financeUser.id }, result: { outcome: 'denied', code: 'ACCESS.NOT_IN_SCOPE' } });
    });

    it('when 100 token-needing calls run with a warm session, then there are 0 extra vault reads and at most 1 token acquisition', async () => {
      const bot = await startBot({ mode: 'advanced' });
      await bot.sessions.turnOn(admin());
      const active = await bot.guard.requireActiveSession(tenantId, admin());
      const before = bot.broker.getCounters(tenantId);

      for (let i = 0; i < 100; i += 1) await active.directory.getUser(tenantId, salesUsers[2]!.id);

      const after = bot.broker.getCounters(tenantId);
      expect(after.vaultReads - before.vaultReads).toBe(0);
      expect(after.tokenAcquisitions - before.tokenAcquisitions).toBeLessThanOrEqual(1);
    }, 60_000);

    it('when Graph answers 401 once, then the vault is re-read exactly once and the action still completes', async () => {
      const bot = await startBot({ mode: 'advanced' });
      await bot.sessions.turnOn(admin());
      const operator = operators[3]!;
      const target = salesUsers[3]!;
      const prepared = await bot.actions.prepare(actor(operator), 'user.blockSignIn', target.userPrincipalName);
      const before = bot.broker.getCounters(tenantId);
      harness.sandbox.faults.configure({ serverErrors: [{ match: { area: 'graph', method: 'PATCH' }, status: 401, nextRequests: 1 }] });

      const result = await bot.actions.execute(actor(operator), prepared.pendingActionId);

      expect(result.outcome).toBe('done');
      expect(bot.broker.getCounters(tenantId).vaultReads - before.vaultReads).toBe(1);
      expect(harness.sandbox.state().directory.users.find((u) => u.id === target.id)?.accountEnabled).toBe(false);
    });

    it('when Key Vault is unavailable, then turning on fails closed', async () => {
      const bot = await startBot({ mode: 'advanced' });
      harness.sandbox.faults.configure({ vaultUnavailable: true });
      await expect(bot.sessions.turnOn(admin())).rejects.toMatchObject({ code: 'SESSION.VAULT_UNAVAILABLE' });
    });
  });

  describe('restart', () => {
    it('when the bot restarts while turning an Advanced session on, then recovery finishes it', async () => {
      const before = await startBot({ mode: 'advanced' });
      const release = issuer.hold();
      const orphan = before.sessions.turnOn(actor(operators[4]!)).catch((e: unknown) => e);
      await until(() => before.sessionStore.getOrCreate(tenantId, new Date()).state === 'ENABLING');

      const after = await startBot({ db: before.db });
      const recovering = after.sessions.recover();
      release();
      const notices = await recovering;
      await orphan;

      expect(notices).toEqual([expect.objectContaining({ kind: 'resumed-on' })]);
      expect((await after.sessions.getStatus(tenantId)).session).toMatchObject({ state: 'ON', principal: { objectId: serviceAccount.id } });
    });

    it('when the bot restarts with a Default session ON, then it settles OFF and the admin is told', async () => {
      const before = await startBot({ mode: 'default' });
      await before.sessions.turnOn(admin(), { credentials: { username: GLOBAL_ADMIN.userPrincipalName, password: GLOBAL_ADMIN.password } });

      const after = await startBot({ db: before.db });
      const notices = await after.sessions.recover();

      expect(notices).toEqual([expect.objectContaining({ code: 'SESSION.RESTARTED_CREDENTIALS_LOST', recipient: expect.objectContaining({ userId: GLOBAL_ADMIN.id }) })]);
      expect((await after.sessions.getStatus(tenantId)).session.state).toBe('OFF');
    });

    it('when the bot restarts while turning off, then it settles OFF; an Advanced ON session stays ON and reads the vault lazily', async () => {
      const disabling = await startBot({ mode: 'advanced' });
      await disabling.sessions.turnOn(admin());
      const on = disabling.sessionStore.getOrCreate(tenantId, new Date());
      disabling.sessionStore.compareAndSet(tenantId, on, { ...on, state: 'DISABLING', lastChangeReason: 'turning-off' });
      const afterDisabling = await startBot({ db: disabling.db });
      await afterDisabling.sessions.recover();
      expect((await afterDisabling.sessions.getStatus(tenantId)).session.state).toBe('OFF');

      const stayingOn = await startBot({ mode: 'advanced' });
      await stayingOn.sessions.turnOn(admin());
      const afterOn = await startBot({ db: stayingOn.db });
      expect(await afterOn.sessions.recover()).toEqual([]);
      const active = await afterOn.guard.requireActiveSession(tenantId, admin());
      await active.directory.getUser(tenantId, salesUsers[4]!.id);
      expect(afterOn.broker.getCounters(tenantId)).toMatchObject({ vaultReads: 1, tokenAcquisitions: 1 });
    });
  });
});

function bearerOid(headers: unknown): string | undefined {
  let authorization: string | undefined;
  if (headers && typeof (headers as Headers).get === 'function') authorization = (headers as Headers).get('authorization') ?? undefined;
  else if (headers && typeof headers === 'object') {
    const entry = Object.entries(headers as Record<string, string>).find(([name]) => name.toLowerCase() === 'authorization');
    authorization = entry?.[1];
  }
  const payload = authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload) return undefined;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: string }).oid;
}

function dumpAllTables(db: SqliteDatabase): string[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
  return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => `${name} ${JSON.stringify(row)}`));
}

function serializeError(error: unknown): unknown {
  return error instanceof Error ? { ...error, name: error.name, message: error.message, stack: error.stack } : error;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}
