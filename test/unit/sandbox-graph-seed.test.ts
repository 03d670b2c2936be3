/** The contoso.test seed: the identities other issues rely on exist and are wired as documented. */
import { checkClientSecret, checkUserPassword, directoryRoleTemplateIdsOf, findApplication, findUser, isGuid, transitiveGroupsOf } from '../../sandbox/directory/model';
import { loadContosoDirectory, readSeedDocument } from '../../sandbox/directory/seed';
import {
  BOT_APP,
  CA_BLOCKED_ADMIN,
  CONTOSO_TENANT_ID,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  GROUPS,
  HELP_DESK_USERS,
  MFA_REQUIRED_ADMIN,
  PRIVILEGED_ROLE_ADMIN,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
} from '../../sandbox/directory/seed/contoso-ids';

describe('contoso.test seed', () => {
  const directory = loadContosoDirectory();

  it('when loaded, then it describes the contoso.test tenant with a default verified domain', () => {
    expect(directory.tenantId).toBe(CONTOSO_TENANT_ID);
    expect(directory.organization.id).toBe(CONTOSO_TENANT_ID);
    expect(directory.domains.find((d) => d.isDefault)?.id).toBe('contoso.test');
  });

  it('when loaded, then the Playground user and the second admin are Global Administrators with working passwords', () => {
    for (const account of [GLOBAL_ADMIN, SECOND_GLOBAL_ADMIN]) {
      const user = findUser(directory, account.userPrincipalName);
      expect(user?.id).toBe(account.id);
      expect(directoryRoleTemplateIdsOf(directory, account.id)).toContain(ROLE_TEMPLATES.globalAdministrator);
      expect(checkUserPassword(user!, account.password)).toBe(true);
      expect(checkUserPassword(user!, `${account.password}x`)).toBe(false);
    }
    expect(directoryRoleTemplateIdsOf(directory, PRIVILEGED_ROLE_ADMIN.id)).toEqual([ROLE_TEMPLATES.privilegedRoleAdministrator]);
  });

  it('when loaded, then the five help-desk users exist, are in IT Support and hold no directory role', () => {
    expect(HELP_DESK_USERS).toHaveLength(5);
    for (const account of HELP_DESK_USERS) {
      expect(findUser(directory, account.id)?.userPrincipalName).toBe(account.userPrincipalName);
      expect(directoryRoleTemplateIdsOf(directory, account.id)).toEqual([]);
      expect(transitiveGroupsOf(directory, account.id).map((g) => g.id)).toEqual(expect.arrayContaining([GROUPS.itSupport, GROUPS.allStaff]));
    }
  });

  it('when loaded, then there are at least 50 ordinary users across several departments, with nested groups', () => {
    const special = new Set([GLOBAL_ADMIN, SECOND_GLOBAL_ADMIN, ...HELP_DESK_USERS].map((a) => a.id));
    const ordinary = directory.users.filter((u) => !special.has(u.id) && directoryRoleTemplateIdsOf(directory, u.id).length === 0 && u.department !== 'IT Support');
    expect(ordinary.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ordinary.map((u) => u.department))).toEqual(new Set(['Sales', 'Finance', 'Engineering', 'HR', 'Marketing', 'Operations', 'Legal']));
    const emeaSeller = directory.groups.find((g) => g.id === GROUPS.salesEmea)?.members[0] as string;
    expect(transitiveGroupsOf(directory, emeaSeller).map((g) => g.id)).toEqual(expect.arrayContaining([GROUPS.salesEmea, GROUPS.sales, GROUPS.allStaff]));
    expect(directory.administrativeUnits.length).toBeGreaterThanOrEqual(1);
  });

  it('when loaded, then the sign-in test users are Global Admins set up for MFA, CA block and disabled', () => {
    expect(findUser(directory, MFA_REQUIRED_ADMIN.id)?.requiresMfa).toBe(true);
    expect(transitiveGroupsOf(directory, CA_BLOCKED_ADMIN.id).map((g) => g.id)).toContain(GROUPS.restrictedAdmins);
    expect(findUser(directory, DISABLED_ADMIN.id)?.accountEnabled).toBe(false);
    for (const account of [MFA_REQUIRED_ADMIN, CA_BLOCKED_ADMIN, DISABLED_ADMIN]) {
      expect(directoryRoleTemplateIdsOf(directory, account.id)).toContain(ROLE_TEMPLATES.globalAdministrator);
    }
  });

  it('when loaded, then the bot app holds the documented permissions and its secret checks', () => {
    const app = findApplication(directory, BOT_APP.appId)!;
    expect(app.roles).toEqual([...BOT_APP.roles]);
    expect(app.keyVaultSecretsOfficer).toBe(true);
    expect(checkClientSecret(app, BOT_APP.clientSecret, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(checkClientSecret(app, 'wrong', new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('when loaded, then every object id is a unique GUID and the state holds no clear-text password', () => {
    const ids = [...directory.users, ...directory.groups, ...directory.administrativeUnits].map((o) => o.id);
    expect(ids.every(isGuid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const serialized = JSON.stringify(directory);
    expect(serialized).not.toContain(GLOBAL_ADMIN.password);
    expect(serialized).not.toContain(BOT_APP.clientSecret);
    // The seed document itself keeps them, as sandbox-only test data.
    expect(JSON.stringify(readSeedDocument())).toContain(GLOBAL_ADMIN.password);
  });
});
