/**
 * Authorization as Microsoft Graph does it for directory APIs:
 *  - app-only tokens: one of the route's application permissions in `roles`;
 *  - delegated tokens: one of the delegated permissions in `scp`, AND the signed-in user's own
 *    directory roles must allow the action (a delegated token never exceeds its user);
 *  - "sensitive actions" (password reset, enable/disable, delete, session revocation) on a user
 *    who holds a privileged admin role also need a privileged role on the caller
 *    (Privileged Authentication Administrator or Global Administrator), for users and for apps'
 *    service principals alike.
 * Roles are read from the live directory, not from the token's `wids`, because Entra evaluates
 * role membership at call time.
 */
import type { CallerClaims } from '../core/types';
import {
  administrativeUnitsOf,
  findRoleDefinition,
  holdsPrivilegedRole,
  roleAssignmentsOf,
  type DirectoryState,
  type SandboxRoleDefinition,
} from '../directory/model';
import { GraphErrors, type GraphHttpError } from './errors';
import type { GraphCall, PermissionRequirement } from './graph-types';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';

const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));

/** Checks the token against a route's permission table; returns the 403 to send, if any. */
export function checkRoutePermissions(call: GraphCall, requirement: PermissionRequirement): GraphHttpError | undefined {
  const { caller } = call;
  if (caller.kind === 'app') {
    const granted = lower(caller.roles);
    return requirement.application.some((p) => granted.has(p.toLowerCase())) ? undefined : GraphErrors.insufficientPrivileges();
  }
  const scopes = lower(caller.scopes);
  if (!requirement.delegated.some((p) => scopes.has(p.toLowerCase()))) return GraphErrors.insufficientPrivileges();
  const actions = requirement.userRoleActions?.(call) ?? [];
  return actions.every((action) => principalHoldsAction(call.state, caller.oid, action)) ? undefined : GraphErrors.insufficientPrivileges();
}

/**
 * Whether a principal (user, or an app's service principal) holds a role granting `action`,
 * tenant-wide or through an administrative-unit-scoped assignment that covers the target.
 */
export function principalHoldsAction(state: DirectoryState, principalId: string, action: string, targetId?: string): boolean {
  const targetUnits = targetId ? new Set(administrativeUnitsOf(state, targetId).map((a) => `/administrativeUnits/${a.id}`.toLowerCase())) : new Set<string>();
  return roleAssignmentsOf(state, principalId).some((assignment) => {
    const inScope = assignment.directoryScopeId === '/' || targetUnits.has(assignment.directoryScopeId.toLowerCase());
    const definition = findRoleDefinition(state, assignment.roleDefinitionId);
    return inScope && !!definition?.isEnabled && roleGrants(definition, action);
  });
}

/**
 * Resource-action matching: exact, `…/allProperties/allTasks` covers every action on the
 * resource, `…/allProperties/read` and `…/standard/read` cover reads.
 */
export function roleGrants(definition: SandboxRoleDefinition, action: string): boolean {
  const wanted = action.toLowerCase();
  const resource = wanted.split('/').slice(0, 2).join('/');
  const isRead = wanted.endsWith('/read');
  return definition.rolePermissions.some((permission) =>
    permission.allowedResourceActions.some((granted) => {
      const g = granted.toLowerCase();
      if (g === wanted) return true;
      const grantedResource = g.split('/').slice(0, 2).join('/');
      if (grantedResource !== resource) return false;
      if (g.endsWith('/allproperties/alltasks')) return true;
      return isRead && (g.endsWith('/allproperties/read') || g.endsWith('/standard/read'));
    }),
  );
}

/** The caller's principal in the directory: the user, or the app's service principal. */
export function callerPrincipalId(caller: CallerClaims): string {
  return caller.oid;
}

/**
 * Sensitive actions on a privileged target: Entra lets only Privileged Authentication
 * Administrator and Global Administrator perform them (for delegated and app-only callers).
 */
export function checkSensitiveAction(call: GraphCall, targetUserId: string): GraphHttpError | undefined {
  if (!holdsPrivilegedRole(call.state, targetUserId)) return undefined;
  if (call.caller.kind === 'user' && call.caller.oid.toLowerCase() === targetUserId.toLowerCase()) return undefined;
  const allowed = roleAssignmentsOf(call.state, callerPrincipalId(call.caller)).some(
    (a) => a.directoryScopeId === '/' && [GLOBAL_ADMINISTRATOR, PRIVILEGED_AUTHENTICATION_ADMINISTRATOR].includes(findRoleDefinition(call.state, a.roleDefinitionId)?.templateId ?? ''),
  );
  return allowed ? undefined : GraphErrors.insufficientPrivileges();
}

/** Delegated callers need the action on this particular target (AU-scoped roles count). */
export function checkUserActionOnTarget(call: GraphCall, action: string, targetId: string): GraphHttpError | undefined {
  if (call.caller.kind === 'app') return undefined;
  return principalHoldsAction(call.state, call.caller.oid, action, targetId) ? undefined : GraphErrors.insufficientPrivileges();
}

/** Permission sets shared by several routes (Graph's permission tables, least privileged first). */
export const Permissions = {
  readUsers: {
    application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  writeUsers: {
    application: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readMemberships: {
    application: ['GroupMember.Read.All', 'Group.Read.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['GroupMember.Read.All', 'Group.Read.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readGroups: {
    application: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  writeGroupMembers: {
    application: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readAdministrativeUnits: {
    application: ['AdministrativeUnit.Read.All', 'AdministrativeUnit.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['AdministrativeUnit.Read.All', 'AdministrativeUnit.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readRoles: {
    application: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  writeRoles: {
    application: ['RoleManagement.ReadWrite.Directory'],
    delegated: ['RoleManagement.ReadWrite.Directory', 'Directory.AccessAsUser.All'],
  },
  readConditionalAccess: {
    application: ['Policy.Read.ConditionalAccess', 'Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    delegated: ['Policy.Read.ConditionalAccess', 'Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Directory.AccessAsUser.All'],
  },
  writeConditionalAccess: {
    application: ['Policy.ReadWrite.ConditionalAccess'],
    delegated: ['Policy.ReadWrite.ConditionalAccess', 'Directory.AccessAsUser.All'],
  },
  readOrganization: {
    application: ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['User.Read', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readDomains: {
    application: ['Domain.Read.All', 'Domain.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['Domain.Read.All', 'Domain.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  readSubscribedSkus: {
    application: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    delegated: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
} satisfies Record<string, PermissionRequirement>;

/** Whether an app-only caller may see full objects of a kind in a directoryObject collection. */
export function canReadKind(caller: CallerClaims, kind: 'user' | 'group' | 'administrativeUnit' | 'directoryRole' | 'servicePrincipal'): boolean {
  const held = lower(caller.kind === 'app' ? caller.roles : caller.scopes);
  const any = (...names: string[]): boolean => names.some((n) => held.has(n.toLowerCase()));
  if (any('Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All')) return true;
  switch (kind) {
    case 'user':
      return any('User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All');
    case 'group':
      return any('GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All');
    case 'administrativeUnit':
      return any('AdministrativeUnit.Read.All', 'AdministrativeUnit.ReadWrite.All');
    case 'directoryRole':
      return any('RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory');
    case 'servicePrincipal':
      return any('Application.Read.All', 'Application.ReadWrite.All');
  }
}
