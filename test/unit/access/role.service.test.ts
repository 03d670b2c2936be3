import { AccessError } from '../../../services/access/access-errors';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../../services/access/directory-roles';
import { GENERIC_ADMIN_HELP } from '../../../services/access/role.service';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, people, seedContoso, TENANT_A, TENANT_B } from './support/contoso';

describe('RoleService', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: InMemoryDirectory;
  let clock: ManualClock;
  let h: AccessHarness;

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    seedContoso(directory, TENANT_B);
    clock = new ManualClock();
    h = buildHarness({ dbPath, directory, clock, roleOptions: { tenantAdminCacheTtlInMs: 5 * 60_000, bootstrapTenantAdminIds: ['u-bootstrap'] } });
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  describe('tenant admin', () => {
    it('when a user holds Global Administrator directly, then they are a tenant admin', async () => {
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
    });

    it('when a user holds Privileged Role Administrator through a role-assignable group, then they are a tenant admin', async () => {
      await expect(h.roles.isTenantAdmin(TENANT_A, people.pria.userId)).resolves.toBe(true);
    });

    it('when a user holds a tenant-admin role only through a direct assignment (no directoryRole membership yet), then they are a tenant admin', async () => {
      directory.addUser(TENANT_A, { id: 'u-new', userPrincipalName: 'new@contoso.com' });
      directory.assignRole(TENANT_A, 'u-new', PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID);
      directory.failWith('DIRECTORY.UNAVAILABLE', ['listTransitiveMemberships']);
      await expect(h.roles.isTenantAdmin(TENANT_A, 'u-new')).resolves.toBe(true);
    });

    it('when Global Administrator is assigned only at an administrative-unit scope, then the user is not a tenant admin', async () => {
      directory.addUser(TENANT_A, { id: 'u-scoped', userPrincipalName: 'scoped@contoso.com' });
      directory.assignRole(TENANT_A, 'u-scoped', GLOBAL_ADMINISTRATOR_ROLE_ID, '/administrativeUnits/au-north');
      await expect(h.roles.isTenantAdmin(TENANT_A, 'u-scoped')).resolves.toBe(false);
    });

    it('when a user holds other roles or none, then they are not a tenant admin', async () => {
      await expect(h.roles.isTenantAdmin(TENANT_A, people.olga.userId)).resolves.toBe(false);
      await expect(h.roles.isTenantAdmin(TENANT_A, 't-pete')).resolves.toBe(false);
    });

    it('when a user is a Global Administrator in tenant A, then that says nothing about tenant B', async () => {
      directory.removeRoles(TENANT_B, people.ada.userId);
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
      await expect(h.roles.isTenantAdmin(TENANT_B, people.ada.userId)).resolves.toBe(false);
    });

    it('when a user is on the bootstrap list, then they are a tenant admin without asking Entra, even during an outage', async () => {
      directory.failWith();
      await expect(h.roles.isTenantAdmin(TENANT_A, 'u-bootstrap')).resolves.toBe(true);
    });

    it('when the directory is unavailable, then the check fails closed with ACCESS.DIRECTORY_UNAVAILABLE and is never treated as admin', async () => {
      directory.failWith('DIRECTORY.THROTTLED');
      const failure = await h.roles.isTenantAdmin(TENANT_A, people.ada.userId).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AccessError);
      expect(failure).toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE', details: { directoryCode: 'DIRECTORY.THROTTLED' } });
    });

    it('when only one of the two role reads fails and the other says "not admin", then it still fails closed', async () => {
      directory.failWith('DIRECTORY.UNAVAILABLE', ['listRoleAssignments']);
      await expect(h.roles.isTenantAdmin(TENANT_A, people.olga.userId)).rejects.toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE' });
    });

    it('when an admin is demoted in Entra, then the cached answer holds until the TTL and then reflects the change', async () => {
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
      directory.removeRoles(TENANT_A, people.ada.userId);

      clock.advance(4 * 60_000);
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
      clock.advance(61_000);
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(false);
    });

    it('when a fresh check is asked for, then the cache is bypassed', async () => {
      await h.roles.isTenantAdmin(TENANT_A, people.ada.userId);
      directory.removeRoles(TENANT_A, people.ada.userId);
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId, { maxAgeInMs: 0 })).resolves.toBe(false);
    });

    it('when a cached answer exists and Entra goes down, then the cached answer is used within the TTL', async () => {
      await h.roles.isTenantAdmin(TENANT_A, people.ada.userId);
      directory.failWith();
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
    });

    it('when a check failed, then the failure is not cached and the next check after recovery succeeds', async () => {
      directory.failWith();
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).rejects.toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE' });
      directory.restore();
      await expect(h.roles.isTenantAdmin(TENANT_A, people.ada.userId)).resolves.toBe(true);
    });
  });

  describe('who can help', () => {
    it('when no admin has been confirmed yet, then the refusal names the admin roles generically', async () => {
      await expect(h.roles.whoCanHelp(TENANT_A)).resolves.toEqual([GENERIC_ADMIN_HELP]);
    });

    it('when admins have been confirmed, then they are named, and a demoted admin is dropped', async () => {
      await h.authorization.authorize(actor(TENANT_A, people.ada), 'settings.view');
      await h.authorization.authorize(actor(TENANT_A, people.pria), 'settings.view');
      await expect(h.roles.whoCanHelp(TENANT_A)).resolves.toEqual(expect.arrayContaining(['Ada Admin (ada@contoso.com)', 'Pria Roleadmin (pria@contoso.com)']));

      directory.removeRoles(TENANT_A, people.ada.userId);
      await h.roles.isTenantAdmin(TENANT_A, people.ada.userId, { maxAgeInMs: 0 });
      await expect(h.roles.whoCanHelp(TENANT_A)).resolves.toEqual(['Pria Roleadmin (pria@contoso.com)']);
      await expect(h.roles.whoCanHelp(TENANT_B)).resolves.toEqual([GENERIC_ADMIN_HELP]);
    });
  });

  describe('grants survive a restart', () => {
    it('when operator and auditor grants are made and the bot restarts, then the roles are still there', async () => {
      const ada = actor(TENANT_A, people.ada);
      await h.grants.grantOperator(ada, { operator: people.olga.upn, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
      await h.grants.grantAuditor(ada, people.aud.userId);
      h.close();

      h = buildHarness({ dbPath, directory, clock });
      await expect(h.roles.getOperatorGrant(TENANT_A, people.olga.userId)).resolves.toMatchObject({
        operator: people.olga,
        allowedActions: ['user.blockSignIn'],
        includePrivileged: false,
        grantedBy: people.ada,
      });
      await expect(h.roles.isAuditor(TENANT_A, people.aud.userId)).resolves.toBe(true);
      await expect(h.roles.getOperatorGrant(TENANT_B, people.olga.userId)).resolves.toBeUndefined();
      await expect(h.roles.isAuditor(TENANT_B, people.aud.userId)).resolves.toBe(false);
    });
  });
});
