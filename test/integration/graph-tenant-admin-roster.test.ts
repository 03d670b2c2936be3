/**
 * GraphDirectory.listTenantAdminIds (the roster behind the self-approve single-admin rule) over
 * HTTPS against the sandbox: exactly the users holding Global Administrator or Privileged Role
 * Administrator tenant-wide, directly or through a role-assignable group; and every failure,
 * including a missing permission or a list that cannot be read to the end, is a DirectoryError.
 */
import type { SandboxGroup } from '../../sandbox/directory/model';
import { grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import {
  ADMINISTRATIVE_UNITS,
  BOT_APP,
  BREAK_GLASS_ADMIN,
  CA_BLOCKED_ADMIN,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  HELP_DESK_USERS,
  MFA_REQUIRED_ADMIN,
  PRIVILEGED_ROLE_ADMIN,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
  USER_ADMIN,
} from '../../sandbox/directory/seed/contoso-ids';
import { DirectoryPermissionError } from '../../services/adapters/graph/graph-error-mapping';
import { GraphDirectory, type GraphDirectoryOptions } from '../../services/adapters/graph/graph-directory';
import { DirectoryError } from '../../services/ports/directory.port';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

/** Every seeded holder of GA or PRA at '/': six Global Administrators and one Privileged Role Administrator. */
const SEEDED_TENANT_ADMIN_IDS = [GLOBAL_ADMIN, SECOND_GLOBAL_ADMIN, BREAK_GLASS_ADMIN, MFA_REQUIRED_ADMIN, CA_BLOCKED_ADMIN, DISABLED_ADMIN, PRIVILEGED_ROLE_ADMIN]
  .map((account) => account.id)
  .sort();

const ROLE_ADMINS_GROUP_ID = '6f1d3c1e-6a8e-4b7e-9a43-5c2b1f0e7d21';

describe('GraphDirectory.listTenantAdminIds against the sandbox (HTTPS, real Graph client)', () => {
  let harness: SandboxHarness;
  let tenantId: string;

  /** The bot's app identity, with a fresh token (fresh `roles`) each time. */
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

  /** Runs `body` with the bot app's permissions narrowed, then grants them back. */
  const withoutPermissions = async (permissions: readonly string[], body: () => Promise<void>): Promise<void> => {
    const revoked = permissions.filter((p) => revokeApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, p));
    await harness.sandbox.persist();
    try {
      await body();
    } finally {
      for (const p of revoked) grantApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, p);
      await harness.sandbox.persist();
    }
  };

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  afterEach(() => harness.sandbox.faults.clear());

  it('when the seeded tenant is read, then the list is exactly its Global Administrators and its Privileged Role Administrator, lower-case and once each', async () => {
    const ids = await appDirectory().listTenantAdminIds(tenantId);

    expect([...ids].sort()).toEqual(SEEDED_TENANT_ADMIN_IDS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id === id.toLowerCase())).toBe(true);
    // A User Administrator is an admin, but not a tenant admin; the bot's own service principal holds a role, but is no person.
    expect(ids).not.toContain(USER_ADMIN.id);
    expect(ids).not.toContain(BOT_APP.servicePrincipalId);
  });

  it('when a role-assignable group holds Privileged Role Administrator, then its members count; a service principal or an administrative-unit scope does not', async () => {
    const directory = harness.sandbox.state().directory;
    const group: SandboxGroup = {
      id: ROLE_ADMINS_GROUP_ID,
      displayName: 'Role Admins (role-assignable)',
      mailNickname: 'RoleAdmins',
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      isAssignableToRole: true,
      createdDateTime: '2025-01-06T09:00:00Z',
      // A help-desk user, and a Global Administrator who also holds the role directly (counted once).
      members: [HELP_DESK_USERS[0]!.id, GLOBAL_ADMIN.id],
      owners: [],
    };
    directory.groups.push(group);
    const unitScoped = {
      id: 'au-scoped-pra-for-the-roster-test',
      principalId: HELP_DESK_USERS[1]!.id,
      roleDefinitionId: ROLE_TEMPLATES.privilegedRoleAdministrator,
      directoryScopeId: `/administrativeUnits/${ADMINISTRATIVE_UNITS.sales}`,
      appScopeId: null,
      condition: null,
    };
    directory.roleAssignments.push(unitScoped);
    await harness.sandbox.persist();
    const graph = appDirectory();
    const throughGroup = await graph.createRoleAssignment(tenantId, ROLE_ADMINS_GROUP_ID, ROLE_TEMPLATES.privilegedRoleAdministrator);
    const toServicePrincipal = await graph.createRoleAssignment(tenantId, BOT_APP.servicePrincipalId, ROLE_TEMPLATES.globalAdministrator);
    try {
      const ids = await appDirectory().listTenantAdminIds(tenantId);

      expect([...ids].sort()).toEqual([...SEEDED_TENANT_ADMIN_IDS, HELP_DESK_USERS[0]!.id].sort());
      expect(ids).not.toContain(HELP_DESK_USERS[1]!.id);
      expect(ids).not.toContain(BOT_APP.servicePrincipalId);
      expect(ids).not.toContain(ROLE_ADMINS_GROUP_ID);
    } finally {
      await graph.deleteRoleAssignment(tenantId, toServicePrincipal.id);
      await graph.deleteRoleAssignment(tenantId, throughGroup.id);
      const state = harness.sandbox.state().directory;
      state.roleAssignments = state.roleAssignments.filter((a) => a.id !== unitScoped.id);
      state.groups = state.groups.filter((g) => g.id !== ROLE_ADMINS_GROUP_ID);
      await harness.sandbox.persist();
    }
    expect([...(await appDirectory().listTenantAdminIds(tenantId))].sort()).toEqual(SEEDED_TENANT_ADMIN_IDS);
  });

  it('when the bot app cannot read role assignments, then PERMISSION_DENIED names RoleManagement.Read.Directory (fail closed)', async () => {
    await withoutPermissions(['RoleManagement.ReadWrite.Directory', 'Directory.Read.All'], async () => {
      const error = await appDirectory().listTenantAdminIds(tenantId).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DirectoryPermissionError);
      expect(error).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', details: { graphCode: 'Authorization_RequestDenied', status: 403 } });
      expect((error as DirectoryPermissionError).requiredPermissions).toContain('RoleManagement.Read.Directory');
      expect((error as Error).message).toContain('RoleManagement.Read.Directory');
    });
    expect([...(await appDirectory().listTenantAdminIds(tenantId))].sort()).toEqual(SEEDED_TENANT_ADMIN_IDS);
  });

  it('when the bot app cannot read groups, then PERMISSION_DENIED names GroupMember.Read.All rather than a list without the group holders', async () => {
    await withoutPermissions(['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'], async () => {
      const error = await appDirectory().listTenantAdminIds(tenantId).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DirectoryPermissionError);
      expect(error).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', details: { status: 403 } });
      expect((error as DirectoryPermissionError).requiredPermissions).toContain('GroupMember.Read.All');
    });
  });

  it('when Graph fails with a 5xx or throttles, then the roster is a DirectoryError, never a shorter list', async () => {
    harness.sandbox.faults.configure({ serverErrors: [{ match: { pathPrefix: '/v1.0/roleManagement' }, status: 503, nextRequests: 1 }] });
    await expect(appDirectory().listTenantAdminIds(tenantId)).rejects.toMatchObject({ code: 'DIRECTORY.UNAVAILABLE', details: { status: 503 } });

    harness.sandbox.faults.configure({ throttle: [{ match: { pathPrefix: '/v1.0/users' }, retryAfterInSeconds: 3, nextRequests: 1 }] });
    await expect(appDirectory().listTenantAdminIds(tenantId)).rejects.toMatchObject({ code: 'DIRECTORY.THROTTLED', details: { retryAfterInMs: 3000 } });
  });

  it('when a page chain never ends, then the roster is UNAVAILABLE rather than the pages read so far', async () => {
    const endless = appDirectory({
      fetch: async (url, init) => {
        if (!url.includes('/roleManagement/directory/roleAssignments')) return harness.fetch(url, init as never);
        const page = { value: [{ id: 'x', principalId: GLOBAL_ADMIN.id, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator, directoryScopeId: '/' }], '@odata.nextLink': url };
        return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });

    const error = await endless.listTenantAdminIds(tenantId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ code: 'DIRECTORY.UNAVAILABLE' });
  });
});
