/**
 * Which Entra directory roles make someone a tenant admin, and which make a user "privileged"
 * (out of reach of operator scopes unless a grant says `includePrivileged`).
 * Role template ids are the same in every tenant; built-in roleDefinitionIds equal them.
 */
import type { DirectoryGroupRef, DirectoryRoleAssignment } from '../ports/directory.port';

export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';
export const PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID = 'e8611ab8-c189-46e8-94e1-60213ab1f814';

/** Holding either, tenant-wide, makes a user a tenant admin of the bot. */
export const TENANT_ADMIN_ROLE_IDS: readonly string[] = [GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID];

/**
 * Built-in roles Microsoft labels privileged, or that can take over other accounts (reset
 * passwords, change auth methods, assign roles). Used only by the `listedRoles` policy.
 */
export const WELL_KNOWN_PRIVILEGED_ROLE_IDS: readonly string[] = [
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID,
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de', // Exchange Administrator
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', // SharePoint Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', // Conditional Access Administrator
  '3a2c62db-5318-420d-8d74-23affee5d9d5', // Intune Administrator
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', // Hybrid Identity Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  'fdd7a751-b60b-444a-984c-02652fe8fa1c', // Groups Administrator
  '9360feb5-f418-4baa-8175-e2a00bac4301', // Directory Writers
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', // Partner Tier2 Support
  '8329153b-31d0-4727-b945-745eb3bc5f31', // Domain Name Administrator
  '0526716b-113d-4c15-b2c8-68e3c22b9f80', // Authentication Policy Administrator
  'be2f45a1-457d-42af-a067-6ec1fa63bc45', // External Identity Provider Administrator
];

/**
 * Default `anyDirectoryRole`: holding any directory role at all (built-in or custom, at any
 * scope) makes a target privileged. That is the safe reading of "never reach an admin": a
 * custom role can be as powerful as a built-in one, and we cannot judge its permissions.
 * `listedRoles` narrows it; the tenant-admin roles are always included so a listed policy can
 * never make a Global Administrator reachable by accident.
 */
export type PrivilegedRolePolicy =
  | { readonly mode: 'anyDirectoryRole' }
  | { readonly mode: 'listedRoles'; readonly roleTemplateIds: readonly string[] };

export const DEFAULT_PRIVILEGED_ROLE_POLICY: PrivilegedRolePolicy = { mode: 'anyDirectoryRole' };

/** The directory roles a user holds, from both Graph sources. */
export interface HeldDirectoryRoles {
  /** Role template / definition ids, tenant-wide or scoped. */
  readonly roleIds: ReadonlySet<string>;
  /** Role template ids assigned at tenant scope ('/') or through directoryRole membership. */
  readonly tenantWideRoleIds: ReadonlySet<string>;
}

/**
 * Combines role assignments (direct, any scope) with transitive directoryRole memberships
 * (which also cover roles held through role-assignable groups).
 */
export function heldDirectoryRoles(
  assignments: readonly DirectoryRoleAssignment[],
  memberships: readonly DirectoryGroupRef[],
): HeldDirectoryRoles {
  const roleIds = new Set<string>();
  const tenantWideRoleIds = new Set<string>();
  for (const assignment of assignments) {
    roleIds.add(assignment.roleDefinitionId);
    if (assignment.directoryScopeId === '/') tenantWideRoleIds.add(assignment.roleDefinitionId);
  }
  for (const membership of memberships) {
    if (membership.kind !== 'directoryRole') continue;
    // A directoryRole without a template id is still a role; keep its object id so it counts.
    const id = membership.roleTemplateId ?? membership.id;
    roleIds.add(id);
    tenantWideRoleIds.add(id);
  }
  return { roleIds, tenantWideRoleIds };
}

/**
 * Tenant admin only when GA or PRA is held tenant-wide: an assignment scoped to an
 * administrative unit grants power over that unit only, not over the bot's settings.
 */
export function holdsTenantAdminRole(held: HeldDirectoryRoles): boolean {
  return TENANT_ADMIN_ROLE_IDS.some((id) => held.tenantWideRoleIds.has(id));
}

export function isPrivilegedTarget(held: HeldDirectoryRoles, policy: PrivilegedRolePolicy): boolean {
  if (policy.mode === 'anyDirectoryRole') return held.roleIds.size > 0;
  const listed = new Set([...policy.roleTemplateIds, ...TENANT_ADMIN_ROLE_IDS]);
  return [...held.roleIds].some((id) => listed.has(id));
}
