/**
 * Directory port: what the services need from Microsoft Entra ID (through Microsoft Graph).
 * Implemented by services/adapters/graph/graph-directory.ts on @microsoft/microsoft-graph-client.
 * Services see these types only, never Graph DTOs.
 *
 * Errors: adapters throw `DirectoryError` (below) with a stable code, so services can turn a
 * Graph 403 into "the bot doesn't have permission" without parsing HTTP.
 */
import { AppError } from '../errors';

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department?: string;
  jobTitle?: string;
  mail?: string;
  accountEnabled: boolean;
  usageLocation?: string;
}

export interface DirectoryGroupRef {
  id: string;
  displayName: string;
  kind: 'group' | 'administrativeUnit' | 'directoryRole';
  /** roleTemplateId for directoryRole entries */
  roleTemplateId?: string;
}

export interface DirectoryRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

export interface NewDirectoryUser {
  userPrincipalName: string;
  displayName: string;
  mailNickname: string;
  accountEnabled: boolean;
  usageLocation?: string;
  /** Only ever handed to the adapter in memory; never persisted or logged. */
  password: string;
  forceChangePasswordNextSignIn: boolean;
}

export interface SetPasswordOptions {
  /** A temporary password: the user must choose their own at the next sign-in. Default false. */
  forceChangePasswordNextSignIn?: boolean;
}

export interface ConditionalAccessVerdict {
  /** Policies that would apply to the sign-in and block it or demand a control the account cannot satisfy. */
  blockingPolicies: Array<{ id: string; displayName: string; state: string; reason: string }>;
  /** Which evaluation produced the verdict: Graph What If, or our own evaluation of the policies. */
  source: 'whatIf' | 'localEvaluation';
}

export type DirectoryErrorCode =
  | 'DIRECTORY.PERMISSION_DENIED'
  | 'DIRECTORY.NOT_FOUND'
  | 'DIRECTORY.CONFLICT'
  | 'DIRECTORY.THROTTLED'
  | 'DIRECTORY.BAD_REQUEST'
  | 'DIRECTORY.UNAVAILABLE'
  | 'DIRECTORY.UNAUTHENTICATED';

export interface DirectoryErrorDetails {
  graphCode?: string;
  status?: number;
  retryAfterInMs?: number;
  requestId?: string;
}

export class DirectoryError extends AppError<DirectoryErrorCode, DirectoryErrorDetails> {
  constructor(code: DirectoryErrorCode, developerMessage: string, details: DirectoryErrorDetails = {}) {
    super(code, developerMessage, { details });
  }
}

/**
 * Read and write access to one tenant's directory, as the bot's own app identity
 * (application permissions) unless a method says otherwise.
 */
export interface Directory {
  /** GET /users/{id|upn}. User.Read.All. Returns undefined when not found. */
  getUser(tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined>;
  /** GET /users?$filter=startswith(userPrincipalName|displayName|givenName|surname, q), case-insensitive as Graph is. User.Read.All. */
  findUsers(tenantId: string, query: string, options?: { top?: number }): Promise<DirectoryUser[]>;
  /** GET /users/{id}/transitiveMemberOf. GroupMember.Read.All + RoleManagement.Read.Directory. */
  listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]>;
  /** GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'. RoleManagement.Read.Directory. */
  listRoleAssignments(tenantId: string, principalId: string): Promise<DirectoryRoleAssignment[]>;
  /**
   * Object ids (lower-case, de-duplicated) of every user who holds Global Administrator
   * (62e90394-69f5-4237-9190-012177145e10) or Privileged Role Administrator
   * (e8611ab8-c189-46e8-94e1-60213ab1f814) at directory scope '/', directly or through a
   * role-assignable group (nested groups included). Service principals holding a role are not
   * users and are left out; a role scoped to an administrative unit does not count. Read now,
   * never cached: the single-admin rule of the self-approve policy relies on the whole list.
   * GET /roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{id}' (per role),
   * GET /users?$filter=id in (…)&$select=id and GET /groups?$filter=id in (…)&$select=id (which
   * principals are users, which are groups), GET /groups/{id}/transitiveMembers/microsoft.graph.user?$select=id.
   * RoleManagement.Read.Directory + GroupMember.Read.All (+ User.Read.All to tell users from
   * service principals).
   * @throws DirectoryError on any Graph failure (PERMISSION_DENIED names the step's permission),
   * including a list too long to read to the end (UNAVAILABLE): callers fail closed and never
   * treat a partial list as complete. A failure of the token function passes through unchanged.
   */
  listTenantAdminIds(tenantId: string): Promise<string[]>;
  /** GET /organization → verified default domain (from /domains isDefault). Domain.Read.All. */
  getDefaultDomain(tenantId: string): Promise<string>;
  /** POST /users. User.ReadWrite.All. Throws DIRECTORY.CONFLICT if the UPN exists. */
  createUser(tenantId: string, user: NewDirectoryUser): Promise<DirectoryUser>;
  /** PATCH /users/{id}. User.ReadWrite.All. */
  updateUser(tenantId: string, userId: string, patch: Partial<Pick<DirectoryUser, 'accountEnabled' | 'displayName' | 'department' | 'usageLocation'>>): Promise<void>;
  /**
   * PATCH /users/{id} passwordProfile {password, forceChangePasswordNextSignIn} (false unless
   * asked: the service account's own password). User-PasswordProfile.ReadWrite.All or
   * User.ReadWrite.All (+ a role able to reset an admin's password). The password is sent, never logged.
   */
  setPassword(tenantId: string, userId: string, password: string, options?: SetPasswordOptions): Promise<void>;
  /** DELETE /users/{id}. User.ReadWrite.All. Idempotent: a missing user is not an error. */
  deleteUser(tenantId: string, userId: string): Promise<void>;
  /** POST /roleManagement/directory/roleAssignments. RoleManagement.ReadWrite.Directory. */
  createRoleAssignment(tenantId: string, principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignment>;
  /** DELETE /roleManagement/directory/roleAssignments/{id}. RoleManagement.ReadWrite.Directory. Idempotent. */
  deleteRoleAssignment(tenantId: string, assignmentId: string): Promise<void>;
  /** POST /users/{id}/revokeSignInSessions. User.ReadWrite.All (or as a session principal). */
  revokeSignInSessions(tenantId: string, userId: string): Promise<void>;
  /**
   * Which conditional-access policies would block a sign-in of this user from this IP:
   * POST /identity/conditionalAccess/evaluate (What If), falling back to evaluating
   * GET /identity/conditionalAccess/policies locally. Policy.Read.All.
   */
  evaluateConditionalAccess(tenantId: string, userId: string, options?: { ipAddress?: string }): Promise<ConditionalAccessVerdict>;
}
