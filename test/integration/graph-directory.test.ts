/**
 * GraphDirectory (the Directory port on the real Graph client) over HTTPS against the sandbox:
 * the calls services make, the error mapping (403/404/409/429/5xx), What If naming the policy
 * that blocks a sign-in, and the same class acting as a session account's delegated identity.
 */
import { revokeApplicationPermission, grantApplicationPermission } from '../../sandbox/directory/model';
import {
  BOT_APP,
  CA_BLOCKED_ADMIN,
  GLOBAL_ADMIN,
  GROUPS,
  HELP_DESK_USERS,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
} from '../../sandbox/directory/seed/contoso-ids';
import { SignInError } from '../../services/ports/token-issuer.port';
import { DirectoryPermissionError } from '../../services/adapters/graph/graph-error-mapping';
import { GraphDirectory, type GraphDirectoryOptions } from '../../services/adapters/graph/graph-directory';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

describe('GraphDirectory against the sandbox (HTTPS, real Graph client)', () => {
  let harness: SandboxHarness;
  let tenantId: string;

  /** A directory acting as the bot's app identity, with a fresh token (fresh `roles`) each time. */
  const appDirectory = (options: Partial<GraphDirectoryOptions> = {}): GraphDirectory => {
    const issuer = harness.tokenIssuer();
    return new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token,
      fetch: (url, init) => harness.fetch(url, init as never),
      retry: { maxRetries: 0 },
      ...options,
    });
  };

  /** A directory acting as a signed-in user (a management session's account). */
  const userDirectory = (upn: string, password: string): GraphDirectory => {
    const issuer = harness.tokenIssuer();
    return new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getUserTokenWithPassword(tid, upn, password)).token,
      fetch: (url, init) => harness.fetch(url, init as never),
      retry: { maxRetries: 0 },
    });
  };

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  afterEach(() => harness.sandbox.faults.clear());

  it('when reading users, then non-default properties arrive and an unknown user is undefined', async () => {
    const directory = appDirectory();
    expect(await directory.getUser(tenantId, GLOBAL_ADMIN.userPrincipalName)).toMatchObject({ id: GLOBAL_ADMIN.id, accountEnabled: true, department: 'IT', usageLocation: 'US' });
    expect(await directory.getUser(tenantId, 'nobody@contoso.test')).toBeUndefined();
    expect((await directory.findUsers(tenantId, 'meg')).map((u) => u.userPrincipalName)).toEqual([SECOND_GLOBAL_ADMIN.userPrincipalName]);
    expect(await directory.getDefaultDomain(tenantId)).toBe('contoso.test');
  });

  it('when listing transitive memberships, then nested groups and the Global Administrator role appear', async () => {
    const refs = await appDirectory().listTransitiveMemberships(tenantId, GLOBAL_ADMIN.id);
    expect(refs.filter((r) => r.kind === 'group').map((r) => r.id)).toEqual(expect.arrayContaining([GROUPS.itAdmins, GROUPS.allStaff]));
    expect(refs.find((r) => r.kind === 'directoryRole')).toMatchObject({ roleTemplateId: ROLE_TEMPLATES.globalAdministrator, displayName: 'Global Administrator' });
  });

  it('when the service account lifecycle runs, then create, assign, sign in, rotate, unassign and delete all work and repeat safely', async () => {
    const directory = appDirectory();
    const issuer = harness.tokenIssuer();
    const upn = 'mgmt-bot.admin@contoso.test';
    const account = await directory.createUser(tenantId, {
      userPrincipalName: upn, displayName: 'Management Session Bot (management account)', mailNickname: 'mgmt-bot.admin', accountEnabled: true,
      usageLocation: 'US', password: 'First-Service-Passw0rd!', forceChangePasswordNextSignIn: false,
    });
    await expect(directory.createUser(tenantId, { userPrincipalName: upn, displayName: 'x', mailNickname: 'x', accountEnabled: true, password: 'First-Service-Passw0rd!', forceChangePasswordNextSignIn: false }))
      .rejects.toMatchObject({ code: 'DIRECTORY.CONFLICT', details: { graphCode: 'Request_BadRequest', status: 400 } });

    const assignment = await directory.createRoleAssignment(tenantId, account.id, ROLE_TEMPLATES.globalAdministrator);
    await expect(directory.createRoleAssignment(tenantId, account.id, ROLE_TEMPLATES.globalAdministrator)).rejects.toMatchObject({ code: 'DIRECTORY.CONFLICT' });
    expect(await directory.listRoleAssignments(tenantId, account.id)).toEqual([{ id: assignment.id, principalId: account.id, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator, directoryScopeId: '/' }]);
    const token = await issuer.getUserTokenWithPassword(tenantId, upn, 'First-Service-Passw0rd!');
    expect(token.claims.wids).toContain(ROLE_TEMPLATES.globalAdministrator);

    // Rotation: the bot's app (holding Privileged Authentication Administrator) resets a Global Admin's password.
    await directory.setPassword(tenantId, account.id, 'Second-Service-Passw0rd!');
    await expect(issuer.getUserTokenWithPassword(tenantId, upn, 'First-Service-Passw0rd!')).rejects.toMatchObject({ code: 'SIGNIN.WRONG_PASSWORD' });
    expect((await issuer.getUserTokenWithPassword(tenantId, upn, 'Second-Service-Passw0rd!')).claims.oid).toBe(account.id);

    await directory.deleteRoleAssignment(tenantId, assignment.id);
    await directory.deleteRoleAssignment(tenantId, assignment.id);
    expect(await directory.listRoleAssignments(tenantId, account.id)).toEqual([]);
    await directory.deleteUser(tenantId, account.id);
    await directory.deleteUser(tenantId, account.id);
    expect(await directory.getUser(tenantId, upn)).toBeUndefined();
  });

  it('when the bot app loses RoleManagement.ReadWrite.Directory, then assigning a role is PERMISSION_DENIED naming the permission, and works again once granted', async () => {
    revokeApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, 'RoleManagement.ReadWrite.Directory');
    await harness.sandbox.persist();
    try {
      const error = await appDirectory().createRoleAssignment(tenantId, HELP_DESK_USERS[0]!.id, ROLE_TEMPLATES.helpdeskAdministrator).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DirectoryPermissionError);
      expect(error).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', details: { graphCode: 'Authorization_RequestDenied', status: 403 }, requiredPermissions: ['RoleManagement.ReadWrite.Directory'] });
      expect((error as Error).message).toContain('RoleManagement.ReadWrite.Directory');
    } finally {
      grantApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, 'RoleManagement.ReadWrite.Directory');
      await harness.sandbox.persist();
    }
    const assignment = await appDirectory().createRoleAssignment(tenantId, HELP_DESK_USERS[0]!.id, ROLE_TEMPLATES.helpdeskAdministrator);
    await appDirectory().deleteRoleAssignment(tenantId, assignment.id);
  });

  it('when Graph throttles beyond the retries, then THROTTLED carries Retry-After in ms; a 5xx is UNAVAILABLE', async () => {
    harness.sandbox.faults.configure({ throttle: [{ match: { pathPrefix: '/v1.0/users' }, retryAfterInSeconds: 2, nextRequests: 1 }] });
    await expect(appDirectory().getUser(tenantId, GLOBAL_ADMIN.id)).rejects.toMatchObject({ code: 'DIRECTORY.THROTTLED', details: { retryAfterInMs: 2000, status: 429 } });
    harness.sandbox.faults.configure({ serverErrors: [{ match: { pathPrefix: '/v1.0/domains' }, status: 500, nextRequests: 1 }] });
    await expect(appDirectory().getDefaultDomain(tenantId)).rejects.toMatchObject({ code: 'DIRECTORY.UNAVAILABLE', details: { status: 500 } });
  });

  it('when throttled once with retries enabled, then the RetryHandler waits Retry-After and succeeds', async () => {
    harness.sandbox.faults.configure({ throttle: [{ match: { pathPrefix: '/v1.0/users' }, retryAfterInSeconds: 1, nextRequests: 1 }] });
    expect((await appDirectory({ retry: { maxRetries: 2 } }).getUser(tenantId, GLOBAL_ADMIN.id))?.id).toBe(GLOBAL_ADMIN.id);
  });

  it('when the token function fails, then its error reaches the caller unchanged', async () => {
    const failure = new SignInError('SIGNIN.UNAVAILABLE', 'Entra unavailable');
    const directory = appDirectory({ getAccessToken: async () => Promise.reject(failure) });
    await expect(directory.getUser(tenantId, GLOBAL_ADMIN.id)).rejects.toBe(failure);
  });

  it('when the restricted admin’s password sign-in is blocked (AADSTS53003), then What If names the blocking policy, and the local fallback agrees', async () => {
    await expect(harness.tokenIssuer().getUserTokenWithPassword(tenantId, CA_BLOCKED_ADMIN.userPrincipalName, CA_BLOCKED_ADMIN.password)).rejects.toMatchObject({
      code: 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS',
    });
    const whatIf = await appDirectory().evaluateConditionalAccess(tenantId, CA_BLOCKED_ADMIN.id, { ipAddress: '127.0.0.1' });
    expect(whatIf).toEqual({ source: 'whatIf', blockingPolicies: [expect.objectContaining({ displayName: 'Block restricted admins outside Contoso HQ', state: 'enabled', reason: 'block' })] });

    // A tenant without What If: the adapter evaluates GET …/policies itself.
    const noWhatIf = appDirectory({
      fetch: async (url, init) => (url.includes('/identity/conditionalAccess/evaluate') ? new Response('{"error":{"code":"NotFound","message":"x"}}', { status: 404, headers: { 'content-type': 'application/json' } }) : harness.fetch(url, init as never)),
    });
    for (const [userId, ip] of [[CA_BLOCKED_ADMIN.id, '127.0.0.1'], [CA_BLOCKED_ADMIN.id, '203.0.113.9'], [GLOBAL_ADMIN.id, '198.51.100.7'], [GLOBAL_ADMIN.id, '127.0.0.1']] as const) {
      const viaWhatIf = await appDirectory().evaluateConditionalAccess(tenantId, userId, { ipAddress: ip });
      const local = await noWhatIf.evaluateConditionalAccess(tenantId, userId, { ipAddress: ip });
      expect({ userId, ip, policies: local.blockingPolicies, source: local.source }).toEqual({ userId, ip, policies: viaWhatIf.blockingPolicies, source: 'localEvaluation' });
    }
    expect((await appDirectory().evaluateConditionalAccess(tenantId, GLOBAL_ADMIN.id, { ipAddress: '198.51.100.7' })).blockingPolicies.map((p) => p.reason)).toEqual(['mfa']);
  });

  it('when acting as a session account, then a Global Admin’s delegated token may write and a help-desk user’s may not', async () => {
    const asAdmin = userDirectory(GLOBAL_ADMIN.userPrincipalName, GLOBAL_ADMIN.password);
    await asAdmin.revokeSignInSessions(tenantId, HELP_DESK_USERS[1]!.id);
    await asAdmin.updateUser(tenantId, HELP_DESK_USERS[1]!.id, { department: 'IT Support' });
    const asHelpDesk = userDirectory(HELP_DESK_USERS[2]!.userPrincipalName, HELP_DESK_USERS[2]!.password);
    await expect(asHelpDesk.updateUser(tenantId, HELP_DESK_USERS[1]!.id, { accountEnabled: false })).rejects.toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED' });
    expect((await asHelpDesk.getUser(tenantId, HELP_DESK_USERS[1]!.id))?.accountEnabled).toBe(true);
  });
});
