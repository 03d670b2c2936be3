/**
 * Microsoft Graph over FakeSessionTenant, built like GraphDirectory: with a token function. Every
 * call authenticates its token (401 → DirectoryError DIRECTORY.UNAUTHENTICATED) and writes are
 * recorded with the caller the token belongs to.
 */
import { TENANT_ADMIN_ROLE_IDS } from '../../../services/access/directory-roles';
import {
  DirectoryError,
  type ConditionalAccessVerdict,
  type Directory,
  type DirectoryGroupRef,
  type DirectoryRoleAssignment,
  type DirectoryUser,
  type NewDirectoryUser,
} from '../../../services/ports/directory.port';
import type { FakeSessionTenant } from './fake-session-tenant';

export type TokenFunction = (tenantId: string) => Promise<string>;

export class FakeSessionDirectory implements Directory {
  constructor(
    private readonly tenant: FakeSessionTenant,
    private readonly tokenFn: TokenFunction,
  ) {}

  async getUser(tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined> {
    await this.authenticate(tenantId, 'getUser', idOrUpn);
    const user = this.tenant.findUser(idOrUpn);
    return user ? publicView(user) : undefined;
  }

  async findUsers(tenantId: string, query: string, options: { top?: number } = {}): Promise<DirectoryUser[]> {
    await this.authenticate(tenantId, 'findUsers', '');
    const q = query.toLowerCase();
    return [...this.tenant.users.values()]
      .filter((u) => u.displayName.toLowerCase().startsWith(q) || u.userPrincipalName.toLowerCase().startsWith(q))
      .slice(0, options.top ?? 100)
      .map(publicView);
  }

  async listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    await this.authenticate(tenantId, 'listTransitiveMemberships', userId);
    return (this.tenant.users.get(userId)?.groupIds ?? []).map((id) => ({ id, displayName: id, kind: 'group' as const }));
  }

  async listRoleAssignments(tenantId: string, principalId: string): Promise<DirectoryRoleAssignment[]> {
    await this.authenticate(tenantId, 'listRoleAssignments', principalId);
    return (this.tenant.users.get(principalId)?.roleIds ?? []).map((roleDefinitionId) => ({
      id: `${principalId}-${roleDefinitionId}`,
      principalId,
      roleDefinitionId,
      directoryScopeId: '/',
    }));
  }

  async listTenantAdminIds(tenantId: string): Promise<string[]> {
    await this.authenticate(tenantId, 'listTenantAdminIds', '');
    return [...this.tenant.users.values()].filter((u) => u.roleIds.some((r) => TENANT_ADMIN_ROLE_IDS.includes(r))).map((u) => u.id.toLowerCase());
  }

  async getDefaultDomain(tenantId: string): Promise<string> {
    await this.authenticate(tenantId, 'getDefaultDomain', '');
    return 'contoso.test';
  }

  async createUser(tenantId: string, user: NewDirectoryUser): Promise<DirectoryUser> {
    const id = `user-${this.tenant.users.size + 1}`;
    await this.authenticate(tenantId, 'createUser', id, true);
    return publicView(this.tenant.addUser({ id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, password: user.password }));
  }

  async updateUser(tenantId: string, userId: string, patch: Partial<Pick<DirectoryUser, 'accountEnabled' | 'displayName' | 'department' | 'usageLocation'>>): Promise<void> {
    await this.authenticate(tenantId, 'updateUser', userId, true);
    const user = this.requireUser(userId);
    Object.assign(user, patch);
  }

  async setPassword(tenantId: string, userId: string, password: string): Promise<void> {
    await this.authenticate(tenantId, 'setPassword', userId, true);
    this.requireUser(userId).password = password;
  }

  async deleteUser(tenantId: string, userId: string): Promise<void> {
    await this.authenticate(tenantId, 'deleteUser', userId, true);
    this.tenant.users.delete(userId);
  }

  async createRoleAssignment(tenantId: string, principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignment> {
    await this.authenticate(tenantId, 'createRoleAssignment', principalId, true);
    this.requireUser(principalId).roleIds.push(roleDefinitionId);
    return { id: `${principalId}-${roleDefinitionId}`, principalId, roleDefinitionId, directoryScopeId: '/' };
  }

  async deleteRoleAssignment(tenantId: string, assignmentId: string): Promise<void> {
    await this.authenticate(tenantId, 'deleteRoleAssignment', assignmentId, true);
  }

  async revokeSignInSessions(tenantId: string, userId: string): Promise<void> {
    await this.authenticate(tenantId, 'revokeSignInSessions', userId, true);
    this.requireUser(userId);
  }

  async evaluateConditionalAccess(tenantId: string, userId: string): Promise<ConditionalAccessVerdict> {
    await this.authenticate(tenantId, 'evaluateConditionalAccess', userId);
    return {
      source: 'whatIf',
      blockingPolicies: this.tenant.policiesFor(userId).map((p) => ({ id: p.id, displayName: p.displayName, state: 'enabled', reason: p.grant })),
    };
  }

  private async authenticate(tenantId: string, method: string, userId: string, isWrite = false): Promise<void> {
    if (tenantId !== this.tenant.tenantId) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'unknown tenant', { status: 404 });
    const token = await this.tokenFn(tenantId);
    const callerId = this.tenant.authenticate(token);
    if (!callerId) throw new DirectoryError('DIRECTORY.UNAUTHENTICATED', 'InvalidAuthenticationToken', { status: 401 });
    if (!isWrite) return;
    const failure = this.tenant.failNextWrites;
    if (failure && failure.count > 0) {
      failure.count -= 1;
      throw failure.error;
    }
    this.tenant.calls.push({ method, userId, callerId, token });
  }

  private requireUser(userId: string) {
    const user = this.tenant.users.get(userId);
    if (!user) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'Request_ResourceNotFound', { status: 404 });
    return user;
  }
}

function publicView(user: DirectoryUser & { password?: string; roleIds?: string[]; groupIds?: string[] }): DirectoryUser {
  const { password: _password, roleIds: _roles, groupIds: _groups, ...view } = user;
  return { ...view };
}
