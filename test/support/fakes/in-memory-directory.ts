/**
 * An in-memory Entra directory for unit tests: users, nested groups, administrative units and
 * role assignments per tenant, with the same answers the Graph adapter gives (transitive
 * memberships include directory roles held directly or through groups). Every call yields to
 * the event loop, so concurrent service calls really interleave, and an outage can be switched on.
 */
import { randomUUID } from 'node:crypto';
import { TENANT_ADMIN_ROLE_IDS } from '../../../services/access/directory-roles';
import {
  DirectoryError,
  type ConditionalAccessVerdict,
  type Directory,
  type DirectoryErrorCode,
  type DirectoryGroupRef,
  type DirectoryRoleAssignment,
  type DirectoryUser,
  type NewDirectoryUser,
} from '../../../services/ports/directory.port';

interface TenantData {
  domain: string;
  users: Map<string, DirectoryUser>;
  groups: Map<string, { id: string; displayName: string; members: Set<string> }>;
  units: Map<string, { id: string; displayName: string; members: Set<string> }>;
  assignments: Map<string, DirectoryRoleAssignment>;
  revokedSessionsAt: Map<string, number>;
}

export type SeedUser = Pick<DirectoryUser, 'id' | 'userPrincipalName'> & Partial<Omit<DirectoryUser, 'id' | 'userPrincipalName'>>;

export class InMemoryDirectory implements Directory {
  private readonly tenants = new Map<string, TenantData>();
  private outage: DirectoryErrorCode | undefined;
  /** Only these methods fail during an outage, when set (e.g. role reads only). */
  private outageMethods: ReadonlySet<string> | undefined;

  // ---- seeding -------------------------------------------------------------------------

  addUser(tenantId: string, seed: SeedUser): DirectoryUser {
    const user: DirectoryUser = { displayName: seed.userPrincipalName.split('@')[0] ?? seed.id, accountEnabled: true, ...seed };
    this.tenant(tenantId).users.set(user.id, user);
    return user;
  }

  addGroup(tenantId: string, id: string, displayName = id): void {
    this.tenant(tenantId).groups.set(id, { id, displayName, members: new Set() });
  }

  /** memberId may be a user or another group (nesting). */
  addToGroup(tenantId: string, groupId: string, memberId: string): void {
    const group = this.tenant(tenantId).groups.get(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    group.members.add(memberId);
  }

  removeFromGroup(tenantId: string, groupId: string, memberId: string): void {
    this.tenant(tenantId).groups.get(groupId)?.members.delete(memberId);
  }

  addAdministrativeUnit(tenantId: string, id: string, displayName = id): void {
    this.tenant(tenantId).units.set(id, { id, displayName, members: new Set() });
  }

  addToAdministrativeUnit(tenantId: string, unitId: string, userId: string): void {
    const unit = this.tenant(tenantId).units.get(unitId);
    if (!unit) throw new Error(`no administrative unit ${unitId}`);
    unit.members.add(userId);
  }

  /** principalId may be a user or a (role-assignable) group. */
  assignRole(tenantId: string, principalId: string, roleDefinitionId: string, directoryScopeId = '/'): DirectoryRoleAssignment {
    const assignment = { id: randomUUID(), principalId, roleDefinitionId, directoryScopeId };
    this.tenant(tenantId).assignments.set(assignment.id, assignment);
    return assignment;
  }

  removeRoles(tenantId: string, principalId: string): void {
    const assignments = this.tenant(tenantId).assignments;
    for (const [id, assignment] of assignments) if (assignment.principalId === principalId) assignments.delete(id);
  }

  /** Every call fails with `code` (optionally only the named methods) until `restore()`. */
  failWith(code: DirectoryErrorCode = 'DIRECTORY.UNAVAILABLE', methods?: (keyof Directory)[]): void {
    this.outage = code;
    this.outageMethods = methods ? new Set(methods) : undefined;
  }

  restore(): void {
    this.outage = undefined;
    this.outageMethods = undefined;
  }

  sessionsRevokedAt(tenantId: string, userId: string): number | undefined {
    return this.tenant(tenantId).revokedSessionsAt.get(userId);
  }

  // ---- Directory port ----------------------------------------------------------------------

  async getUser(tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined> {
    await this.call('getUser');
    const user = this.lookup(tenantId, idOrUpn);
    return user ? { ...user } : undefined;
  }

  async findUsers(tenantId: string, query: string, options: { top?: number } = {}): Promise<DirectoryUser[]> {
    await this.call('findUsers');
    const q = query.toLowerCase();
    return [...this.tenant(tenantId).users.values()]
      .filter((u) => u.displayName.toLowerCase().startsWith(q) || u.userPrincipalName.toLowerCase().startsWith(q))
      .slice(0, options.top ?? 10)
      .map((u) => ({ ...u }));
  }

  async listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    await this.call('listTransitiveMemberships');
    const data = this.tenant(tenantId);
    const groupIds = this.transitiveGroupIds(data, userId);
    const refs: DirectoryGroupRef[] = [...groupIds].map((id) => ({ id, displayName: data.groups.get(id)!.displayName, kind: 'group' }));
    for (const unit of data.units.values()) {
      if (unit.members.has(userId)) refs.push({ id: unit.id, displayName: unit.displayName, kind: 'administrativeUnit' });
    }
    const principals = new Set([userId, ...groupIds]);
    const roles = new Set<string>();
    for (const assignment of data.assignments.values()) {
      if (assignment.directoryScopeId === '/' && principals.has(assignment.principalId)) roles.add(assignment.roleDefinitionId);
    }
    for (const roleId of roles) refs.push({ id: `directoryRole-${roleId}`, displayName: `Role ${roleId}`, kind: 'directoryRole', roleTemplateId: roleId });
    return refs;
  }

  async listRoleAssignments(tenantId: string, principalId: string): Promise<DirectoryRoleAssignment[]> {
    await this.call('listRoleAssignments');
    return [...this.tenant(tenantId).assignments.values()].filter((a) => a.principalId === principalId).map((a) => ({ ...a }));
  }

  /** Users holding GA or PRA at '/', directly or through (nested) groups; any other principal counts as a user. */
  async listTenantAdminIds(tenantId: string): Promise<string[]> {
    await this.call('listTenantAdminIds');
    const data = this.tenant(tenantId);
    const ids = new Set<string>();
    for (const assignment of data.assignments.values()) {
      if (assignment.directoryScopeId !== '/' || !TENANT_ADMIN_ROLE_IDS.includes(assignment.roleDefinitionId)) continue;
      for (const userId of this.transitiveUserIds(data, assignment.principalId)) ids.add(userId.toLowerCase());
    }
    return [...ids];
  }

  async getDefaultDomain(tenantId: string): Promise<string> {
    await this.call('getDefaultDomain');
    return this.tenant(tenantId).domain;
  }

  async createUser(tenantId: string, user: NewDirectoryUser): Promise<DirectoryUser> {
    await this.call('createUser');
    if (this.lookup(tenantId, user.userPrincipalName)) throw new DirectoryError('DIRECTORY.CONFLICT', 'userPrincipalName already exists');
    const { password: _password, forceChangePasswordNextSignIn: _force, mailNickname: _nick, ...rest } = user;
    return this.addUser(tenantId, { id: randomUUID(), ...rest });
  }

  async updateUser(tenantId: string, userId: string, patch: Partial<Pick<DirectoryUser, 'accountEnabled' | 'displayName' | 'department' | 'usageLocation'>>): Promise<void> {
    await this.call('updateUser');
    const user = this.tenant(tenantId).users.get(userId);
    if (!user) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'no such user');
    Object.assign(user, patch);
  }

  async setPassword(tenantId: string, userId: string, _password: string): Promise<void> {
    await this.call('setPassword');
    if (!this.tenant(tenantId).users.has(userId)) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'no such user');
  }

  async deleteUser(tenantId: string, userId: string): Promise<void> {
    await this.call('deleteUser');
    this.tenant(tenantId).users.delete(userId);
  }

  async createRoleAssignment(tenantId: string, principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignment> {
    await this.call('createRoleAssignment');
    return this.assignRole(tenantId, principalId, roleDefinitionId);
  }

  async deleteRoleAssignment(tenantId: string, assignmentId: string): Promise<void> {
    await this.call('deleteRoleAssignment');
    this.tenant(tenantId).assignments.delete(assignmentId);
  }

  async revokeSignInSessions(tenantId: string, userId: string): Promise<void> {
    await this.call('revokeSignInSessions');
    this.tenant(tenantId).revokedSessionsAt.set(userId, Date.now());
  }

  async evaluateConditionalAccess(_tenantId: string, _userId: string): Promise<ConditionalAccessVerdict> {
    await this.call('evaluateConditionalAccess');
    return { blockingPolicies: [], source: 'whatIf' };
  }

  // ---- internals -----------------------------------------------------------------------

  private async call(method: keyof Directory): Promise<void> {
    // A real round trip always yields; this is what lets two concurrent decisions interleave.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.outage && (!this.outageMethods || this.outageMethods.has(method))) {
      throw new DirectoryError(this.outage, `directory ${method} failed (${this.outage})`, { status: 503 });
    }
  }

  private tenant(tenantId: string): TenantData {
    let data = this.tenants.get(tenantId);
    if (!data) {
      data = { domain: `${tenantId}.onmicrosoft.com`, users: new Map(), groups: new Map(), units: new Map(), assignments: new Map(), revokedSessionsAt: new Map() };
      this.tenants.set(tenantId, data);
    }
    return data;
  }

  private lookup(tenantId: string, idOrUpn: string): DirectoryUser | undefined {
    const data = this.tenant(tenantId);
    return data.users.get(idOrUpn) ?? [...data.users.values()].find((u) => u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());
  }

  /** A principal's users: itself when not a group, else its members through nested groups. */
  private transitiveUserIds(data: TenantData, principalId: string): Set<string> {
    const users = new Set<string>();
    const seenGroups = new Set<string>();
    const queue = [principalId];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const group = data.groups.get(current);
      if (!group) {
        users.add(current);
      } else if (!seenGroups.has(current)) {
        seenGroups.add(current);
        queue.push(...group.members);
      }
    }
    return users;
  }

  private transitiveGroupIds(data: TenantData, memberId: string): Set<string> {
    const found = new Set<string>();
    const queue = [memberId];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const group of data.groups.values()) {
        if (group.members.has(current) && !found.has(group.id)) {
          found.add(group.id);
          queue.push(group.id);
        }
      }
    }
    return found;
  }
}
