import type { ManagementActionId } from '../../../services/access/actions';
import type { ScopeRule } from '../../../services/access/operator-grant';
import { WELL_KNOWN_PRIVILEGED_ROLE_IDS } from '../../../services/access/directory-roles';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness, type HarnessOptions } from './support/access-harness';
import { actor, AU_NORTH, GROUP_HELPDESK_SCOPE, people, seedContoso, targets, TENANT_A, TENANT_B } from './support/contoso';

const ada = actor(TENANT_A, people.ada);
const olga = actor(TENANT_A, people.olga);

describe('operator scopes', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: InMemoryDirectory;
  let h: AccessHarness;

  function build(extra: Partial<HarnessOptions> = {}): void {
    h = buildHarness({ dbPath, directory, clock: new ManualClock(), ...extra });
  }

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    directory.addUser(TENANT_B, { id: 't-bea', userPrincipalName: 'bea@fabrikam.com', department: 'Sales' });
    build();
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  async function grantOlga(scope: ScopeRule[], options: { includePrivileged?: boolean; actions?: ManagementActionId[] } = {}): Promise<void> {
    await h.grants.grantOperator(ada, {
      operator: people.olga.userId,
      scope,
      actions: options.actions ?? ['user.blockSignIn', 'user.revokeSessions'],
      includePrivileged: options.includePrivileged ?? false,
    });
  }

  async function outcome(targetId: string, action: ManagementActionId = 'user.blockSignIn'): Promise<string> {
    const decision = await h.authorization.authorize(olga, action, { userId: targetId });
    return decision.allowed ? 'allowed' : decision.reason;
  }

  it('when the scope is a group, then direct and nested members are reachable and others are not', async () => {
    await grantOlga([{ kind: 'group', groupId: GROUP_HELPDESK_SCOPE, displayName: 'Helpdesk scope' }]);
    expect(await outcome(targets.sam.id)).toBe('allowed');
    expect(await outcome(targets.nina.id)).toBe('allowed');
    expect(await outcome(targets.olive.id)).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when a member leaves the group in Entra, then the next decision reflects it (membership is read at decision time)', async () => {
    await grantOlga([{ kind: 'group', groupId: GROUP_HELPDESK_SCOPE }]);
    expect(await outcome(targets.sam.id)).toBe('allowed');
    directory.removeFromGroup(TENANT_A, GROUP_HELPDESK_SCOPE, targets.sam.id);
    expect(await outcome(targets.sam.id)).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when the scope is a department, then it matches regardless of case and spacing, and nothing else', async () => {
    await grantOlga([{ kind: 'department', value: '  sales ' }]);
    expect(await outcome(targets.sam.id)).toBe('allowed');
    expect(await outcome(targets.aurora.id)).toBe('ACCESS.NOT_IN_SCOPE');
    expect(await outcome(targets.eli.id)).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when the scope is an administrative unit, then its members are reachable and others are not', async () => {
    await grantOlga([{ kind: 'administrativeUnit', unitId: AU_NORTH }]);
    expect(await outcome(targets.aurora.id)).toBe('allowed');
    expect(await outcome(targets.sam.id)).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when the scope lists users (by UPN at grant time), then exactly those users are reachable, by id or UPN', async () => {
    await grantOlga([{ kind: 'users', userIds: [targets.eli.userPrincipalName] }]);
    const grant = await h.roles.getOperatorGrant(TENANT_A, people.olga.userId);
    expect(grant?.scope).toEqual([{ kind: 'users', userIds: [targets.eli.id] }]);
    expect(await outcome(targets.eli.id)).toBe('allowed');
    expect(await outcome(targets.eli.userPrincipalName)).toBe('allowed');
    expect(await outcome(targets.sam.id)).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when the scope is all users except admins, then every user without a directory role is reachable and every role holder is refused as privileged', async () => {
    await grantOlga([{ kind: 'allUsersExceptAdmins' }]);
    for (const target of [targets.sam, targets.olive, targets.aurora, targets.eli]) expect(await outcome(target.id)).toBe('allowed');
    for (const admin of [people.ada.userId, people.pria.userId, targets.pete.id, targets.gus.id, targets.cora.id]) {
      expect(await outcome(admin)).toBe('ACCESS.PRIVILEGED_TARGET');
    }
  });

  it('when all-except-admins is granted with includePrivileged, then admins are still excluded by that rule', async () => {
    await grantOlga([{ kind: 'allUsersExceptAdmins' }], { includePrivileged: true });
    expect(await outcome(targets.pete.id)).toBe('ACCESS.PRIVILEGED_TARGET');
  });

  it('when a scope reaches a user who holds a directory role, then they are refused unless the grant includes privileged users explicitly', async () => {
    await grantOlga([{ kind: 'group', groupId: GROUP_HELPDESK_SCOPE }, { kind: 'department', value: 'Sales' }, { kind: 'users', userIds: [targets.gus.id] }]);
    expect(await outcome(targets.pete.id)).toBe('ACCESS.PRIVILEGED_TARGET'); // User Administrator, in the group
    expect(await outcome(targets.gus.id)).toBe('ACCESS.PRIVILEGED_TARGET'); // Global Administrator via a group, listed explicitly
    expect(await outcome(targets.cora.id)).toBe('ACCESS.PRIVILEGED_TARGET'); // custom role scoped to an AU

    await grantOlga([{ kind: 'group', groupId: GROUP_HELPDESK_SCOPE }, { kind: 'users', userIds: [targets.gus.id] }], { includePrivileged: true });
    expect(await outcome(targets.pete.id)).toBe('allowed');
    expect(await outcome(targets.gus.id)).toBe('allowed');
  });

  it('when the privileged policy lists roles instead of "any role", then unlisted custom roles become reachable but listed and tenant-admin roles never do', async () => {
    h.close();
    build({ privilegedRolePolicy: { mode: 'listedRoles', roleTemplateIds: WELL_KNOWN_PRIVILEGED_ROLE_IDS.filter((id) => id !== '62e90394-69f5-4237-9190-012177145e10') } });
    await grantOlga([{ kind: 'department', value: 'Sales' }]);
    expect(await outcome(targets.cora.id)).toBe('allowed');
    expect(await outcome(targets.pete.id)).toBe('ACCESS.PRIVILEGED_TARGET');
    expect(await outcome(targets.gus.id)).toBe('ACCESS.PRIVILEGED_TARGET');
  });

  it('when the action is not in the grant, then the operator is refused even for an in-scope user', async () => {
    await grantOlga([{ kind: 'department', value: 'Sales' }], { actions: ['user.revokeSessions'] });
    expect(await outcome(targets.sam.id, 'user.revokeSessions')).toBe('allowed');
    expect(await outcome(targets.sam.id, 'user.resetPassword')).toBe('ACCESS.ACTION_NOT_GRANTED');
  });

  it('when an allowed decision is returned, then it carries the target as the directory knows it and the rule that matched', async () => {
    await grantOlga([{ kind: 'department', value: 'Sales' }]);
    const decision = await h.authorization.authorize(olga, 'user.blockSignIn', { userId: targets.sam.userPrincipalName });
    expect(decision).toMatchObject({ allowed: true, via: 'operator', target: { id: targets.sam.id, displayName: 'Sam Sales' }, matchedRule: { kind: 'department' } });
  });

  it("when the target exists only in another tenant, then it is not found in the operator's tenant", async () => {
    await grantOlga([{ kind: 'department', value: 'Sales' }]);
    expect(await outcome('t-bea')).toBe('ACCESS.TARGET_NOT_FOUND');
    expect(await outcome('bea@fabrikam.com')).toBe('ACCESS.TARGET_NOT_FOUND');
  });

  it('when no target is named, then the action is refused with ACCESS.TARGET_REQUIRED', async () => {
    await grantOlga([{ kind: 'allUsersExceptAdmins' }]);
    const decision = await h.authorization.authorize(olga, 'user.blockSignIn');
    expect(decision).toMatchObject({ allowed: false, reason: 'ACCESS.TARGET_REQUIRED' });
  });

  it('when the directory fails while resolving the target, then the operator is refused (fail closed) and the denial is audited', async () => {
    await grantOlga([{ kind: 'allUsersExceptAdmins' }]);
    directory.failWith('DIRECTORY.UNAVAILABLE', ['listRoleAssignments']);
    expect(await outcome(targets.sam.id)).toBe('ACCESS.DIRECTORY_UNAVAILABLE');
    const [record] = (await h.audit.list(TENANT_A, { limit: 1 })).records;
    expect(record).toMatchObject({ action: 'user.blockSignIn', result: { outcome: 'denied', code: 'ACCESS.DIRECTORY_UNAVAILABLE' }, details: { directoryCode: 'DIRECTORY.UNAVAILABLE' } });
  });

  it('when a grant request is malformed, then nothing is stored and ACCESS.INVALID_GRANT names the problem', async () => {
    const bad = [
      { operator: people.olga.userId, scope: [], actions: ['user.blockSignIn'] },
      { operator: people.olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.deleteEverything'] },
      { operator: people.olga.userId, scope: [{ kind: 'department', value: 'Sales', includePrivileged: true }], actions: ['user.blockSignIn'] },
      { operator: people.olga.userId, scope: [{ kind: 'tenant' }], actions: ['user.blockSignIn'] },
    ];
    for (const request of bad) {
      await expect(h.grants.grantOperator(ada, request as never)).rejects.toMatchObject({ code: 'ACCESS.INVALID_GRANT' });
    }
    await expect(h.grants.grantOperator(ada, { operator: 'ghost@contoso.com', scope: [{ kind: 'allUsersExceptAdmins' }], actions: ['user.blockSignIn'] })).rejects.toMatchObject({
      code: 'ACCESS.USER_NOT_FOUND',
    });
    await expect(h.roles.getOperatorGrant(TENANT_A, people.olga.userId)).resolves.toBeUndefined();
  });
});
