import { randomUUID } from 'node:crypto';
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

/** A conditional-access policy as the fakes need it: whom it targets and what it demands. */
export interface FakeConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';
  userIds: string[] | 'all';
  excludeUserIds?: string[];
  grant: 'mfa' | 'block';
}

export const ALL_GRAPH_PERMISSIONS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Domain.Read.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
  'Policy.Read.All',
  'GroupMember.Read.All',
] as const;

type Method = keyof Directory;

/**
 * An in-memory Entra directory that supports the writes the service-account flows make
 * (users with passwords, role assignments, deletes) with Graph's observable rules: a duplicate
 * UPN or role assignment is a CONFLICT, a missing application permission is PERMISSION_DENIED,
 * a weak password is BAD_REQUEST, deleting a user drops its role assignments. Passwords are
 * kept for FakeTokenIssuer only.
 */
export class FakeDirectoryWrites implements Directory {
  readonly users = new Map<string, DirectoryUser>();
  readonly roleAssignments: DirectoryRoleAssignment[] = [];
  readonly policies: FakeConditionalAccessPolicy[] = [];
  /** Application permissions granted to the bot's app. */
  readonly granted = new Set<string>(ALL_GRAPH_PERMISSIONS);
  /** Methods that answer 429 on their next call(s): method → remaining count. */
  readonly throttleNext = new Map<Method, number>();
  /** When true every call answers 503. */
  unavailable = false;
  private readonly passwords = new Map<string, string>();

  constructor(readonly defaultDomain = 'contoso.example') {}

  // ---- Directory ----

  async getUser(_tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined> {
    this.enter('getUser', ['User.Read.All', 'User.ReadWrite.All']);
    const user = this.findUser(idOrUpn);
    return user ? { ...user } : undefined;
  }

  async findUsers(_tenantId: string, query: string, options: { top?: number } = {}): Promise<DirectoryUser[]> {
    this.enter('findUsers', ['User.Read.All', 'User.ReadWrite.All']);
    const q = query.toLowerCase();
    return [...this.users.values()]
      .filter((u) => u.displayName.toLowerCase().startsWith(q) || u.userPrincipalName.toLowerCase().startsWith(q))
      .slice(0, options.top ?? 10)
      .map((u) => ({ ...u }));
  }

  async listTransitiveMemberships(_tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    this.enter('listTransitiveMemberships', ['GroupMember.Read.All']);
    return this.roleAssignments
      .filter((a) => a.principalId === userId)
      .map((a) => ({ id: a.roleDefinitionId, displayName: a.roleDefinitionId, kind: 'directoryRole' as const, roleTemplateId: a.roleDefinitionId }));
  }

  async listRoleAssignments(_tenantId: string, principalId: string): Promise<DirectoryRoleAssignment[]> {
    this.enter('listRoleAssignments', ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory']);
    return this.roleAssignments.filter((a) => a.principalId === principalId).map((a) => ({ ...a }));
  }

  async listTenantAdminIds(): Promise<string[]> {
    this.enter('listTenantAdminIds', ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory']);
    const admins = this.roleAssignments.filter((a) => a.directoryScopeId === '/' && TENANT_ADMIN_ROLE_IDS.includes(a.roleDefinitionId));
    return [...new Set(admins.map((a) => a.principalId.toLowerCase()))];
  }

  async getDefaultDomain(): Promise<string> {
    this.enter('getDefaultDomain', ['Domain.Read.All']);
    return this.defaultDomain;
  }

  async createUser(_tenantId: string, user: NewDirectoryUser): Promise<DirectoryUser> {
    this.enter('createUser', ['User.ReadWrite.All']);
    if (this.findUser(user.userPrincipalName)) {
      throw new DirectoryError('DIRECTORY.CONFLICT', 'Another object with the same value for property userPrincipalName already exists.', { status: 400, graphCode: 'Request_BadRequest' });
    }
    assertEntraPasswordRules(user.password);
    const created: DirectoryUser = {
      id: randomUUID(),
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      accountEnabled: user.accountEnabled,
    };
    if (user.usageLocation) created.usageLocation = user.usageLocation;
    this.users.set(created.id, created);
    this.passwords.set(created.id, user.password);
    return { ...created };
  }

  async updateUser(_tenantId: string, userId: string, patch: Partial<Pick<DirectoryUser, 'accountEnabled' | 'displayName' | 'department' | 'usageLocation'>>): Promise<void> {
    this.enter('updateUser', ['User.ReadWrite.All']);
    const user = this.requireUser(userId);
    Object.assign(user, patch);
  }

  async setPassword(_tenantId: string, userId: string, password: string): Promise<void> {
    this.enter('setPassword', ['User.ReadWrite.All']);
    this.requireUser(userId);
    assertEntraPasswordRules(password);
    this.passwords.set(userId, password);
  }

  async deleteUser(_tenantId: string, userId: string): Promise<void> {
    this.enter('deleteUser', ['User.ReadWrite.All']);
    if (!this.users.delete(userId)) return;
    this.passwords.delete(userId);
    for (let i = this.roleAssignments.length - 1; i >= 0; i -= 1) {
      if (this.roleAssignments[i]?.principalId === userId) this.roleAssignments.splice(i, 1);
    }
  }

  async createRoleAssignment(_tenantId: string, principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignment> {
    this.enter('createRoleAssignment', ['RoleManagement.ReadWrite.Directory']);
    this.requireUser(principalId);
    if (this.roleAssignments.some((a) => a.principalId === principalId && a.roleDefinitionId === roleDefinitionId && a.directoryScopeId === '/')) {
      throw new DirectoryError('DIRECTORY.CONFLICT', 'A conflicting object with one or more of the specified property values is present in the directory.', { status: 400 });
    }
    const assignment: DirectoryRoleAssignment = { id: randomUUID(), principalId, roleDefinitionId, directoryScopeId: '/' };
    this.roleAssignments.push(assignment);
    return { ...assignment };
  }

  async deleteRoleAssignment(_tenantId: string, assignmentId: string): Promise<void> {
    this.enter('deleteRoleAssignment', ['RoleManagement.ReadWrite.Directory']);
    const index = this.roleAssignments.findIndex((a) => a.id === assignmentId);
    if (index >= 0) this.roleAssignments.splice(index, 1);
  }

  async revokeSignInSessions(_tenantId: string, userId: string): Promise<void> {
    this.enter('revokeSignInSessions', ['User.ReadWrite.All']);
    this.requireUser(userId);
  }

  async evaluateConditionalAccess(_tenantId: string, userId: string): Promise<ConditionalAccessVerdict> {
    this.enter('evaluateConditionalAccess', ['Policy.Read.All']);
    return {
      source: 'whatIf',
      blockingPolicies: this.policiesFor(userId).map((p) => ({
        id: p.id,
        displayName: p.displayName,
        state: p.state,
        reason: p.grant === 'mfa' ? 'requires multifactor authentication' : 'blocks access',
      })),
    };
  }

  // ---- for FakeTokenIssuer and tests ----

  /** Enforced policies that apply to the user. */
  policiesFor(userId: string): FakeConditionalAccessPolicy[] {
    return this.policies.filter(
      (p) => p.state === 'enabled' && (p.userIds === 'all' || p.userIds.includes(userId)) && !(p.excludeUserIds ?? []).includes(userId),
    );
  }

  passwordMatches(userId: string, password: string): boolean {
    return this.passwords.get(userId) === password;
  }

  findUser(idOrUpn: string): DirectoryUser | undefined {
    const lower = idOrUpn.toLowerCase();
    return this.users.get(idOrUpn) ?? [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === lower);
  }

  /** Seeds an account someone else created (no password the bot knows). */
  seedForeignUser(upn: string, displayName = 'Someone else'): DirectoryUser {
    const user: DirectoryUser = { id: randomUUID(), userPrincipalName: upn, displayName, accountEnabled: true };
    this.users.set(user.id, user);
    this.passwords.set(user.id, `Foreign-${randomUUID()}`);
    return user;
  }

  private requireUser(userId: string): DirectoryUser {
    const user = this.users.get(userId);
    if (!user) throw new DirectoryError('DIRECTORY.NOT_FOUND', `Resource '${userId}' does not exist`, { status: 404, graphCode: 'Request_ResourceNotFound' });
    return user;
  }

  /** Outage, throttle and permission checks, in Graph's order. */
  private enter(method: Method, anyOf: readonly string[]): void {
    if (this.unavailable) throw new DirectoryError('DIRECTORY.UNAVAILABLE', 'Service unavailable', { status: 503 });
    const throttled = this.throttleNext.get(method) ?? 0;
    if (throttled > 0) {
      this.throttleNext.set(method, throttled - 1);
      throw new DirectoryError('DIRECTORY.THROTTLED', 'Too many requests', { status: 429, retryAfterInMs: 7_000 });
    }
    if (!anyOf.some((permission) => this.granted.has(permission))) {
      throw new DirectoryError('DIRECTORY.PERMISSION_DENIED', 'Insufficient privileges to complete the operation.', {
        status: 403,
        graphCode: 'Authorization_RequestDenied',
      });
    }
  }
}

/** Entra's rule: 8–256 characters, three of upper, lower, digit, symbol. */
function assertEntraPasswordRules(password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw new DirectoryError('DIRECTORY.BAD_REQUEST', 'The specified password does not comply with password complexity requirements.', { status: 400 });
  }
}
