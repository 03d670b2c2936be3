/**
 * Directory port on Microsoft Graph v1.0 through @microsoft/microsoft-graph-client.
 *
 * One class serves both identities the bot uses: construct it with the bot's app-token function
 * for application-permission calls, or with a management session's token function to act as
 * the session's account. A Graph client is built per tenant (the auth provider is bound to it).
 *
 * Wire-level choices that matter for correctness:
 *  - every query value is percent-encoded here, because the client puts query values on the URL
 *    verbatim (a '+' in a UPN would otherwise reach Graph as a space);
 *  - non-default user properties (accountEnabled, department, usageLocation) are $select-ed, as
 *    Graph returns only a default property set otherwise;
 *  - lists follow @odata.nextLink to the end (bounded) so callers never see half a collection.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { TENANT_ADMIN_ROLE_IDS } from '../../access/directory-roles';
import {
  DirectoryError,
  type ConditionalAccessVerdict,
  type Directory,
  type DirectoryGroupRef,
  type DirectoryRoleAssignment,
  type DirectoryUser,
  type NewDirectoryUser,
  type SetPasswordOptions,
} from '../../ports/directory.port';
import { GraphClientPool, listAllPages, type GraphFetch, type GraphRetryOptions } from './graph-client-factory';
import { isGraphStatus, toDirectoryError } from './graph-error-mapping';
import { GraphConditionalAccess } from './graph-conditional-access';

export const GRAPH_V1_BASE_URL = 'https://graph.microsoft.com/v1.0';
/** Values per `id in (…)` clause: Graph caps the `in` operator at 15 values. */
const MAX_IN_VALUES = 15;

const USER_SELECT = 'id,userPrincipalName,displayName,department,jobTitle,mail,accountEnabled,usageLocation';
/** What a typed name is matched against: "adele@…", "Adele Vance", "Adele" and "Vance" all find her. */
export const USER_SEARCH_PROPERTIES = ['userPrincipalName', 'displayName', 'givenName', 'surname'] as const;

/** Application permissions each operation needs (least privileged first), for 403 messages. */
export const REQUIRED_PERMISSIONS = {
  getUser: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  findUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  listTransitiveMemberships: ['GroupMember.Read.All', 'Directory.Read.All'],
  listRoleAssignments: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'],
  /** The role-assignment read; the steps after it name their own (TENANT_ADMIN_STEP_PERMISSIONS). */
  listTenantAdminIds: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'],
  getDefaultDomain: ['Domain.Read.All', 'Directory.Read.All'],
  createUser: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  updateUser: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  setPassword: ['User-PasswordProfile.ReadWrite.All', 'User.ReadWrite.All'],
  deleteUser: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  createRoleAssignment: ['RoleManagement.ReadWrite.Directory'],
  deleteRoleAssignment: ['RoleManagement.ReadWrite.Directory'],
  revokeSignInSessions: ['User.RevokeSessions.All', 'User.ReadWrite.All'],
  evaluateConditionalAccess: ['Policy.Read.ConditionalAccess', 'Policy.Read.All'],
} as const satisfies Record<keyof Directory, readonly string[]>;

/** listTenantAdminIds reads three kinds of object; a 403 names the permission of the step refused. */
const TENANT_ADMIN_STEP_PERMISSIONS = {
  users: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  groups: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  groupMembers: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
} as const;

export interface GraphDirectoryOptions {
  /** Graph v1.0 root: https://graph.microsoft.com/v1.0 (default) or the sandbox's https://127.0.0.1:PORT/v1.0. */
  baseUrl?: string;
  /** A Graph access token for a tenant (bot app identity, or a session account). Errors pass through unchanged. */
  getAccessToken: (tenantId: string) => Promise<string>;
  /**
   * The fetch the client sends with. For the sandbox, one bound to a dispatcher that trusts only
   * the sandbox CA (services/adapters/tls/sandbox-trust.ts); defaults to the global fetch.
   */
  fetch?: GraphFetch;
  retry?: GraphRetryOptions;
}

interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

interface GraphUserDto {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department?: string | null;
  jobTitle?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  usageLocation?: string | null;
}

interface GraphDirectoryObjectDto {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  roleTemplateId?: string | null;
}

interface GraphRoleAssignmentDto {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

const enc = encodeURIComponent;
/** OData string literal: single quotes doubled. */
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

function toUser(dto: GraphUserDto): DirectoryUser {
  return {
    id: dto.id,
    userPrincipalName: dto.userPrincipalName,
    displayName: dto.displayName,
    department: dto.department ?? undefined,
    jobTitle: dto.jobTitle ?? undefined,
    mail: dto.mail ?? undefined,
    accountEnabled: dto.accountEnabled ?? true,
    usageLocation: dto.usageLocation ?? undefined,
  };
}

export class GraphDirectory implements Directory {
  private readonly pool: GraphClientPool;
  private readonly conditionalAccess: GraphConditionalAccess;

  constructor(options: GraphDirectoryOptions) {
    this.pool = new GraphClientPool(options);
    this.conditionalAccess = new GraphConditionalAccess(options);
  }

  private client(tenantId: string): Client {
    return this.pool.client(tenantId);
  }

  private async call<T>(tenantId: string, operation: keyof typeof REQUIRED_PERMISSIONS, description: string, send: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await send(this.client(tenantId));
    } catch (error) {
      throw toDirectoryError(error, description, REQUIRED_PERMISSIONS[operation]);
    }
  }

  /** Every page of a collection (graph-client-factory.ts `listAllPages`). */
  private listAll<T>(client: Client, path: string, options: { mustComplete?: boolean } = {}): Promise<T[]> {
    return listAllPages<T>(client, path, options);
  }

  /** Runs one step of a multi-call operation, mapping its failure with that step's permissions. */
  private async step<T>(description: string, permissions: readonly string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toDirectoryError(error, description, permissions);
    }
  }

  /** The ids among `ids` that a collection (`/users`, `/groups`) holds, `id in (…)` 15 at a time. */
  private async idsPresentIn(client: Client, collection: '/users' | '/groups', ids: readonly string[]): Promise<string[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_IN_VALUES) chunks.push(ids.slice(i, i + MAX_IN_VALUES));
    const pages = await Promise.all(
      chunks.map((chunk) => this.listAll<{ id: string }>(client, `${collection}?$filter=${enc(`id in (${chunk.map(literal).join(',')})`)}&$select=id`, { mustComplete: true })),
    );
    return pages.flat().map((o) => o.id.toLowerCase());
  }

  async getUser(tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined> {
    try {
      const dto = (await this.client(tenantId).api(`/users/${enc(idOrUpn)}?$select=${USER_SELECT}`).get()) as GraphUserDto;
      return toUser(dto);
    } catch (error) {
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read user', REQUIRED_PERMISSIONS.getUser);
    }
  }

  async findUsers(tenantId: string, query: string, options: { top?: number } = {}): Promise<DirectoryUser[]> {
    const top = Math.min(Math.max(options.top ?? 25, 1), 999);
    const q = literal(query);
    // All four support startswith in a default (non-advanced) query: no ConsistencyLevel header, no $count.
    const filter = USER_SEARCH_PROPERTIES.map((property) => `startswith(${property},${q})`).join(' or ');
    return this.call(tenantId, 'findUsers', 'search users', async (client) => {
      const response = (await client.api(`/users?$filter=${enc(filter)}&$select=${USER_SELECT}&$top=${top}`).get()) as GraphCollection<GraphUserDto>;
      return response.value.map(toUser);
    });
  }

  async listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    return this.call(tenantId, 'listTransitiveMemberships', 'list memberships', async (client) => {
      const objects = await this.listAll<GraphDirectoryObjectDto>(client, `/users/${enc(userId)}/transitiveMemberOf?$select=id,displayName,roleTemplateId&$top=999`);
      const refs: DirectoryGroupRef[] = [];
      for (const o of objects) {
        const kind = o['@odata.type'];
        const displayName = o.displayName ?? '';
        if (kind === '#microsoft.graph.group') refs.push({ id: o.id, displayName, kind: 'group' });
        else if (kind === '#microsoft.graph.administrativeUnit') refs.push({ id: o.id, displayName, kind: 'administrativeUnit' });
        else if (kind === '#microsoft.graph.directoryRole') refs.push({ id: o.id, displayName, kind: 'directoryRole', roleTemplateId: o.roleTemplateId ?? undefined });
      }
      return refs;
    });
  }

  async listRoleAssignments(tenantId: string, principalId: string): Promise<DirectoryRoleAssignment[]> {
    return this.call(tenantId, 'listRoleAssignments', 'list role assignments', async (client) => {
      const filter = `principalId eq ${literal(principalId)}`;
      const items = await this.listAll<GraphRoleAssignmentDto>(client, `/roleManagement/directory/roleAssignments?$filter=${enc(filter)}`);
      return items.map(({ id, principalId: p, roleDefinitionId, directoryScopeId }) => ({ id, principalId: p, roleDefinitionId, directoryScopeId }));
    });
  }

  async listTenantAdminIds(tenantId: string): Promise<string[]> {
    const client = this.client(tenantId);
    const assignments = await this.step('list tenant-admin role assignments', REQUIRED_PERMISSIONS.listTenantAdminIds, async () => {
      const perRole = await Promise.all(
        TENANT_ADMIN_ROLE_IDS.map((roleId) =>
          this.listAll<GraphRoleAssignmentDto>(client, `/roleManagement/directory/roleAssignments?$filter=${enc(`roleDefinitionId eq ${literal(roleId)}`)}`, { mustComplete: true }),
        ),
      );
      return perRole.flat();
    });
    // A role held at an administrative unit's scope governs that unit only, not the tenant.
    const principalIds = [...new Set(assignments.filter((a) => a.directoryScopeId === '/').map((a) => a.principalId.toLowerCase()))];
    if (principalIds.length === 0) return [];

    // A principal is a user, a role-assignable group or a service principal; only people count.
    const [userIds, groupIds] = await Promise.all([
      this.step('identify tenant-admin users', TENANT_ADMIN_STEP_PERMISSIONS.users, () => this.idsPresentIn(client, '/users', principalIds)),
      this.step('identify tenant-admin groups', TENANT_ADMIN_STEP_PERMISSIONS.groups, () => this.idsPresentIn(client, '/groups', principalIds)),
    ]);
    const members = await this.step('list tenant-admin group members', TENANT_ADMIN_STEP_PERMISSIONS.groupMembers, () =>
      Promise.all(
        groupIds.map((groupId) => this.listAll<{ id: string }>(client, `/groups/${enc(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`, { mustComplete: true })),
      ),
    );
    return [...new Set([...userIds, ...members.flat().map((m) => m.id.toLowerCase())])];
  }

  async getDefaultDomain(tenantId: string): Promise<string> {
    return this.call(tenantId, 'getDefaultDomain', 'read domains', async (client) => {
      const domains = await this.listAll<{ id: string; isDefault?: boolean; isVerified?: boolean }>(client, '/domains?$select=id,isDefault,isVerified');
      const domain = domains.find((d) => d.isDefault && d.isVerified !== false) ?? domains.find((d) => d.isDefault);
      if (!domain) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'The tenant has no default domain.');
      return domain.id;
    });
  }

  async createUser(tenantId: string, user: NewDirectoryUser): Promise<DirectoryUser> {
    return this.call(tenantId, 'createUser', 'create user', async (client) => {
      const body = {
        accountEnabled: user.accountEnabled,
        displayName: user.displayName,
        mailNickname: user.mailNickname,
        userPrincipalName: user.userPrincipalName,
        ...(user.usageLocation ? { usageLocation: user.usageLocation } : {}),
        passwordProfile: { password: user.password, forceChangePasswordNextSignIn: user.forceChangePasswordNextSignIn },
      };
      const created = (await client.api('/users').post(body)) as GraphUserDto;
      // POST answers with the default property set; the rest is what we just wrote.
      return toUser({ ...created, accountEnabled: user.accountEnabled, usageLocation: user.usageLocation ?? null });
    });
  }

  async updateUser(tenantId: string, userId: string, patch: Partial<Pick<DirectoryUser, 'accountEnabled' | 'displayName' | 'department' | 'usageLocation'>>): Promise<void> {
    const body: Record<string, unknown> = {};
    for (const key of ['accountEnabled', 'displayName', 'department', 'usageLocation'] as const) if (patch[key] !== undefined) body[key] = patch[key];
    if (Object.keys(body).length === 0) return;
    await this.call(tenantId, 'updateUser', 'update user', (client) => client.api(`/users/${enc(userId)}`).patch(body) as Promise<unknown>);
  }

  async setPassword(tenantId: string, userId: string, password: string, options: SetPasswordOptions = {}): Promise<void> {
    const forceChangePasswordNextSignIn = options.forceChangePasswordNextSignIn === true;
    await this.call(tenantId, 'setPassword', 'set password', (client) =>
      client.api(`/users/${enc(userId)}`).patch({ passwordProfile: { password, forceChangePasswordNextSignIn } }) as Promise<unknown>,
    );
  }

  async deleteUser(tenantId: string, userId: string): Promise<void> {
    try {
      await this.client(tenantId).api(`/users/${enc(userId)}`).delete();
    } catch (error) {
      if (isGraphStatus(error, 404)) return;
      throw toDirectoryError(error, 'delete user', REQUIRED_PERMISSIONS.deleteUser);
    }
  }

  async createRoleAssignment(tenantId: string, principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignment> {
    return this.call(tenantId, 'createRoleAssignment', 'assign directory role', async (client) => {
      const created = (await client.api('/roleManagement/directory/roleAssignments').post({
        '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
        principalId,
        roleDefinitionId,
        directoryScopeId: '/',
      })) as GraphRoleAssignmentDto;
      return { id: created.id, principalId: created.principalId, roleDefinitionId: created.roleDefinitionId, directoryScopeId: created.directoryScopeId };
    });
  }

  async deleteRoleAssignment(tenantId: string, assignmentId: string): Promise<void> {
    try {
      await this.client(tenantId).api(`/roleManagement/directory/roleAssignments/${enc(assignmentId)}`).delete();
    } catch (error) {
      if (isGraphStatus(error, 404)) return;
      throw toDirectoryError(error, 'remove directory role assignment', REQUIRED_PERMISSIONS.deleteRoleAssignment);
    }
  }

  async revokeSignInSessions(tenantId: string, userId: string): Promise<void> {
    await this.call(tenantId, 'revokeSignInSessions', 'revoke sign-in sessions', (client) => client.api(`/users/${enc(userId)}/revokeSignInSessions`).post({}) as Promise<unknown>);
  }

  /**
   * What If first. When the tenant cannot answer it (404/400/403: API or licence missing, or the
   * caller may only read policies), evaluate GET …/policies ourselves for a password sign-in to
   * Microsoft Graph from the given IP. The enabled policies that apply and ask for something a
   * password sign-in cannot give are the ones that block it.
   */
  async evaluateConditionalAccess(tenantId: string, userId: string, options: { ipAddress?: string } = {}): Promise<ConditionalAccessVerdict> {
    const report = await this.conditionalAccess.evaluate(tenantId, userId, options);
    const blockingPolicies = report.policies
      .filter((p) => p.applies && p.state === 'enabled' && p.effect !== 'none')
      .map((p) => ({ id: p.id, displayName: p.displayName, state: p.state, reason: p.effect === 'otherControls' ? `controls:${p.grantControls.join(',')}` : p.effect }));
    return { blockingPolicies, source: report.source };
  }
}
