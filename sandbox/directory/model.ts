/**
 * The sandbox tenant's directory: what Microsoft Entra ID would hold, in Graph v1.0 JSON shape
 * wherever Graph returns it, plus a few sandbox-only fields the token endpoint needs
 * (password hash, per-user MFA, app secrets).
 *
 * The state is plain JSON (no classes, no Dates, no Maps) because the core persists it as one
 * file and the Graph routes serialize its objects straight to the wire. Property names match
 * Graph's so `$select` and `$filter` can address them directly.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxAutomaticRepliesSetting, SandboxTemporaryAccessPass } from './user-access-model';

/** Microsoft Graph's well-known application id; CA policies name it as a cloud app. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface SandboxUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  mailNickname: string;
  department?: string | null;
  jobTitle?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  /** HR fields; absent: never set. */
  employeeId?: string | null;
  employeeType?: string | null;
  companyName?: string | null;
  businessPhones: string[];
  preferredLanguage?: string | null;
  accountEnabled: boolean;
  usageLocation?: string | null;
  userType: 'Member' | 'Guest';
  createdDateTime: string;
  /** Set by revokeSignInSessions and by password changes, as Entra does. */
  signInSessionsValidFromDateTime: string;
  lastPasswordChangeDateTime: string;
  assignedLicenses: AssignedLicense[];
  /** Graph `manager` navigation property: the manager's object id. Absent: no manager. */
  managerId?: string | null;
  /** Graph `passwordPolicies`, e.g. "DisablePasswordExpiration". */
  passwordPolicies?: string | null;
  /** Sandbox only: the password is kept hashed (`sha256$salt$hex`), never in clear. */
  passwordHash: string;
  /** Sandbox only: per-user MFA is enforced, so a password grant answers AADSTS50076. */
  requiresMfa: boolean;
  /** Sandbox only: mirrors lastPasswordChangeDateTime; tokens issued before it are not revoked by it. */
  passwordChangedAt: string;
  /** Sandbox only: Graph passwordProfile.forceChangePasswordNextSignIn (never returned by GET). */
  forceChangePasswordNextSignIn: boolean;
  /** Graph mailboxSettings.automaticRepliesSetting; absent: never set (disabled). Only users with `mail` have a mailbox. */
  automaticRepliesSetting?: SandboxAutomaticRepliesSetting;
}

export interface SandboxGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mailNickname: string;
  mail?: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  visibility?: string | null;
  isAssignableToRole?: boolean | null;
  createdDateTime: string;
  /** Object ids of direct members: users or groups (nested groups give transitive membership). */
  members: string[];
  owners: string[];
}

export interface SandboxAdministrativeUnit {
  id: string;
  displayName: string;
  description?: string | null;
  visibility?: string | null;
  /** Object ids of direct members (users or groups). */
  members: string[];
}

export interface UnifiedRolePermission {
  allowedResourceActions: string[];
  condition?: string | null;
  excludedResourceActions?: string[];
}

/** Graph unifiedRoleDefinition. Built-in roles use the role template id as `id`. */
export interface SandboxRoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  resourceScopes: string[];
  version?: string | null;
  rolePermissions: UnifiedRolePermission[];
  /** Sandbox only: counts as a privileged admin role for "sensitive actions" and CA "admin roles". */
  isPrivileged: boolean;
}

/** Graph unifiedRoleAssignment. */
export interface SandboxRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** "/" for the tenant, "/administrativeUnits/{id}" for an AU scope. */
  directoryScopeId: string;
  appScopeId?: string | null;
  condition?: string | null;
}

/** Graph conditionalAccessPolicy, as GET /identity/conditionalAccess/policies returns it. */
export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  description?: string | null;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  templateId?: string | null;
  conditions: ConditionalAccessConditionSet;
  grantControls?: ConditionalAccessGrantControls | null;
  sessionControls?: Record<string, unknown> | null;
}

export interface ConditionalAccessConditionSet {
  users?: ConditionalAccessUsers | null;
  applications?: {
    includeApplications: string[];
    excludeApplications: string[];
    includeUserActions?: string[];
    includeAuthenticationContextClassReferences?: string[];
  } | null;
  clientAppTypes: string[];
  locations?: { includeLocations: string[]; excludeLocations: string[] } | null;
  platforms?: { includePlatforms: string[]; excludePlatforms: string[] } | null;
  signInRiskLevels?: string[];
  userRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  clientApplications?: Record<string, unknown> | null;
  devices?: Record<string, unknown> | null;
}

export interface ConditionalAccessUsers {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  /** Role template ids. */
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers?: Record<string, unknown> | null;
  excludeGuestsOrExternalUsers?: Record<string, unknown> | null;
}

export interface ConditionalAccessGrantControls {
  /** "OR" or "AND". */
  operator: string;
  /** block, mfa, compliantDevice, domainJoinedDevice, approvedApplication, compliantApplication, passwordChange. */
  builtInControls: string[];
  customAuthenticationFactors: string[];
  termsOfUse: string[];
}

export type IpRange =
  | { '@odata.type': '#microsoft.graph.iPv4CidrRange'; cidrAddress: string }
  | { '@odata.type': '#microsoft.graph.iPv6CidrRange'; cidrAddress: string }
  | { '@odata.type': '#microsoft.graph.iPv4Range'; lowerAddress: string; upperAddress: string };

export interface IpNamedLocation {
  '@odata.type': '#microsoft.graph.ipNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  isTrusted: boolean;
  ipRanges: IpRange[];
}

export interface CountryNamedLocation {
  '@odata.type': '#microsoft.graph.countryNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  countriesAndRegions: string[];
  includeUnknownCountriesAndRegions: boolean;
  countryLookupMethod?: string;
}

export type NamedLocation = IpNamedLocation | CountryNamedLocation;

export interface ServicePlanInfo {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: string;
  appliesTo: string;
}

/** Graph subscribedSku (`id` is "{tenantId}_{skuId}" as in Graph). */
export interface SubscribedSku {
  id: string;
  accountId: string;
  accountName: string;
  appliesTo: string;
  capabilityStatus: string;
  consumedUnits: number;
  skuId: string;
  skuPartNumber: string;
  subscriptionIds: string[];
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: ServicePlanInfo[];
}

export interface VerifiedDomain {
  capabilities: string;
  isDefault: boolean;
  isInitial: boolean;
  name: string;
  type: string;
}

/** Graph organization (`id` is the tenant id). */
export interface SandboxOrganization {
  id: string;
  displayName: string;
  tenantType: string;
  countryLetterCode: string;
  preferredLanguage: string;
  createdDateTime: string;
  city?: string | null;
  country?: string | null;
  street?: string | null;
  postalCode?: string | null;
  state?: string | null;
  businessPhones: string[];
  technicalNotificationMails: string[];
  verifiedDomains: VerifiedDomain[];
  assignedPlans: Array<{ assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string }>;
}

/** Graph domain (`id` is the domain name). */
export interface SandboxDomain {
  id: string;
  authenticationType: string;
  isAdminManaged: boolean;
  isDefault: boolean;
  isInitial: boolean;
  isRoot: boolean;
  isVerified: boolean;
  supportedServices: string[];
  passwordValidityPeriodInDays?: number | null;
  passwordNotificationWindowInDays?: number | null;
}

export interface ClientSecretCredential {
  /** Graph passwordCredential.keyId. */
  keyId: string;
  displayName: string;
  /** First three characters, as Graph's `hint`. */
  hint: string;
  /** Sandbox only: `sha256$salt$hex`, the secret itself is never stored. */
  secretHash: string;
  startDateTime: string;
  endDateTime: string;
}

/**
 * An app registration together with its service principal in this tenant.
 * `roles` are the Microsoft Graph application permissions an admin consented to;
 * `delegatedScopes` the delegated ones (what a password-grant token's `scp` carries).
 */
export interface SandboxApplication {
  appId: string;
  /** Application object id (the app registration). */
  id: string;
  /** Service principal object id: the `oid` of app-only tokens and the principal of role assignments. */
  servicePrincipalId: string;
  displayName: string;
  /** Public client flows (password grant without a secret) allowed. */
  isFallbackPublicClient: boolean;
  passwordCredentials: ClientSecretCredential[];
  /** Microsoft Graph application permissions (value names, e.g. "User.ReadWrite.All"). */
  roles: string[];
  /** Microsoft Graph delegated permissions consented for all users (value names). */
  delegatedScopes: string[];
  /** Sandbox only: the service principal may read and write Key Vault secrets (Key Vault Secrets Officer). */
  keyVaultSecretsOfficer: boolean;
}

/** One app in a user's personal Teams scope (userTeamwork.installedApps). */
export interface SandboxTeamsAppInstallation {
  /** The installation's id (not the catalog app's id), as Graph keeps them apart. */
  id: string;
  userId: string;
  /** The catalog app's id (appCatalogs/teamsApps/{id}). */
  teamsAppId: string;
  /** Client id of the app whose token installed it, for tests to read who did. */
  installedByAppId: string;
  installedDateTime: string;
}

export interface DirectoryState {
  tenantId: string;
  organization: SandboxOrganization;
  domains: SandboxDomain[];
  users: SandboxUser[];
  groups: SandboxGroup[];
  administrativeUnits: SandboxAdministrativeUnit[];
  roleDefinitions: SandboxRoleDefinition[];
  roleAssignments: SandboxRoleAssignment[];
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  namedLocations: NamedLocation[];
  subscribedSkus: SubscribedSku[];
  applications: SandboxApplication[];
  /** Teams apps installed in users' personal scope; absent until the first install (older state files lack it). */
  teamsAppInstallations?: SandboxTeamsAppInstallation[];
  /** Temporary Access Passes (hashed); absent until the first one (older state files lack it). */
  temporaryAccessPasses?: SandboxTemporaryAccessPass[];
  /**
   * Recently deleted objects are not modelled: Graph's soft-delete of users (deletedItems) is
   * out of the subset, so a DELETE removes the object and its memberships and role assignments.
   */
}

// ---------------------------------------------------------------------------------------------
// Secrets: hashed with a per-value salt. SHA-256 rather than scrypt because this is a local
// simulator and the seed hashes ~70 values at every reset; the point is only that the state file
// never holds a usable password (the bot's leak scans may read it).
// ---------------------------------------------------------------------------------------------

export function hashSecret(value: string): string {
  const salt = randomBytes(16).toString('hex');
  return `sha256$${salt}$${createHash('sha256').update(salt).update(value, 'utf8').digest('hex')}`;
}

export function verifySecret(storedHash: string, candidate: string): boolean {
  const [alg, salt, hex] = storedHash.split('$');
  if (alg !== 'sha256' || !salt || !hex) return false;
  const actual = createHash('sha256').update(salt).update(candidate, 'utf8').digest();
  const expected = Buffer.from(hex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The token endpoint's password check. */
export function checkUserPassword(user: SandboxUser, candidate: string): boolean {
  return verifySecret(user.passwordHash, candidate);
}

/** Changes a user's password; the old one fails at the very next sign-in. */
export function setUserPassword(user: SandboxUser, password: string, now: Date, forceChangePasswordNextSignIn = false): void {
  user.passwordHash = hashSecret(password);
  user.passwordChangedAt = now.toISOString();
  user.lastPasswordChangeDateTime = now.toISOString();
  user.forceChangePasswordNextSignIn = forceChangePasswordNextSignIn;
}

/** The token endpoint's client-secret check (any unexpired secret of the app). */
export function checkClientSecret(app: SandboxApplication, candidate: string, now: Date): boolean {
  return app.passwordCredentials.some(
    (c) => Date.parse(c.endDateTime) > now.getTime() && Date.parse(c.startDateTime) <= now.getTime() && verifySecret(c.secretHash, candidate),
  );
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** By object id or by userPrincipalName (case-insensitive), as `/users/{id|userPrincipalName}` does. */
export function findUser(state: DirectoryState, idOrUpn: string): SandboxUser | undefined {
  const key = idOrUpn.toLowerCase();
  return state.users.find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
}

export function findGroup(state: DirectoryState, id: string): SandboxGroup | undefined {
  const key = id.toLowerCase();
  return state.groups.find((g) => g.id.toLowerCase() === key);
}

export function findApplication(state: DirectoryState, appId: string): SandboxApplication | undefined {
  const key = appId.toLowerCase();
  return state.applications.find((a) => a.appId.toLowerCase() === key);
}

export function findApplicationByServicePrincipal(state: DirectoryState, servicePrincipalId: string): SandboxApplication | undefined {
  const key = servicePrincipalId.toLowerCase();
  return state.applications.find((a) => a.servicePrincipalId.toLowerCase() === key);
}

export function findRoleDefinition(state: DirectoryState, idOrTemplateId: string): SandboxRoleDefinition | undefined {
  const key = idOrTemplateId.toLowerCase();
  return state.roleDefinitions.find((r) => r.id.toLowerCase() === key || r.templateId.toLowerCase() === key);
}

/** Any directory object the directory knows: user, group, AU or service principal. */
export type DirectoryObjectKind = 'user' | 'group' | 'administrativeUnit' | 'servicePrincipal';

export function objectKind(state: DirectoryState, id: string): DirectoryObjectKind | undefined {
  const key = id.toLowerCase();
  if (state.users.some((u) => u.id.toLowerCase() === key)) return 'user';
  if (state.groups.some((g) => g.id.toLowerCase() === key)) return 'group';
  if (state.administrativeUnits.some((a) => a.id.toLowerCase() === key)) return 'administrativeUnit';
  if (state.applications.some((a) => a.servicePrincipalId.toLowerCase() === key)) return 'servicePrincipal';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Membership and roles
// ---------------------------------------------------------------------------------------------

/** Groups that list the object as a direct member. */
export function directGroupsOf(state: DirectoryState, objectId: string): SandboxGroup[] {
  const key = objectId.toLowerCase();
  return state.groups.filter((g) => g.members.some((m) => m.toLowerCase() === key));
}

/**
 * Every group the object belongs to directly or through nested groups. Cycles are tolerated
 * (Entra forbids them, but a hand-edited seed might not).
 */
export function transitiveGroupsOf(state: DirectoryState, objectId: string): SandboxGroup[] {
  const seen = new Map<string, SandboxGroup>();
  const queue = [objectId.toLowerCase()];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const group of directGroupsOf(state, current)) {
      if (!seen.has(group.id)) {
        seen.set(group.id, group);
        queue.push(group.id.toLowerCase());
      }
    }
  }
  return [...seen.values()];
}

/** Users in a group, directly or through nested groups. */
export function transitiveUserMembersOf(state: DirectoryState, groupId: string): SandboxUser[] {
  const users = new Map<string, SandboxUser>();
  const seenGroups = new Set<string>();
  const queue = [groupId.toLowerCase()];
  while (queue.length > 0) {
    const gid = queue.shift() as string;
    if (seenGroups.has(gid)) continue;
    seenGroups.add(gid);
    const group = findGroup(state, gid);
    if (!group) continue;
    for (const member of group.members) {
      const user = findUser(state, member);
      if (user) users.set(user.id, user);
      else if (findGroup(state, member)) queue.push(member.toLowerCase());
    }
  }
  return [...users.values()];
}

export function administrativeUnitsOf(state: DirectoryState, objectId: string): SandboxAdministrativeUnit[] {
  const key = objectId.toLowerCase();
  return state.administrativeUnits.filter((a) => a.members.some((m) => m.toLowerCase() === key));
}

/**
 * Role assignments that reach a principal: assigned to it directly, or to a role-assignable
 * group it belongs to (Entra does not nest role-assignable groups, so direct groups suffice).
 */
export function roleAssignmentsOf(state: DirectoryState, principalId: string): SandboxRoleAssignment[] {
  const ids = new Set([principalId.toLowerCase(), ...directGroupsOf(state, principalId).filter((g) => g.isAssignableToRole).map((g) => g.id.toLowerCase())]);
  return state.roleAssignments.filter((a) => ids.has(a.principalId.toLowerCase()));
}

/** Role template ids a principal holds tenant-wide: the token's `wids` claim. */
export function directoryRoleTemplateIdsOf(state: DirectoryState, principalId: string): string[] {
  const result = new Set<string>();
  for (const assignment of roleAssignmentsOf(state, principalId)) {
    if (assignment.directoryScopeId !== '/') continue;
    const definition = findRoleDefinition(state, assignment.roleDefinitionId);
    if (definition?.isEnabled) result.add(definition.templateId);
  }
  return [...result];
}

export function holdsPrivilegedRole(state: DirectoryState, principalId: string): boolean {
  return roleAssignmentsOf(state, principalId).some((a) => findRoleDefinition(state, a.roleDefinitionId)?.isPrivileged === true);
}

// ---------------------------------------------------------------------------------------------
// Test helpers for the app registration (used by the loopback admin route and by tests)
// ---------------------------------------------------------------------------------------------

/** Removes a Graph application permission from an app; returns whether it was granted before. */
export function revokeApplicationPermission(state: DirectoryState, appId: string, permission: string): boolean {
  const app = findApplication(state, appId);
  if (!app) throw new Error(`No application ${appId} in the sandbox directory`);
  const before = app.roles.length;
  app.roles = app.roles.filter((r) => r.toLowerCase() !== permission.toLowerCase());
  return app.roles.length !== before;
}

/** Grants a Graph application permission to an app (admin consent); idempotent. */
export function grantApplicationPermission(state: DirectoryState, appId: string, permission: string): void {
  const app = findApplication(state, appId);
  if (!app) throw new Error(`No application ${appId} in the sandbox directory`);
  if (!app.roles.some((r) => r.toLowerCase() === permission.toLowerCase())) app.roles.push(permission);
}

/** Sets the Key Vault access flag of an app's service principal. */
export function setKeyVaultAccess(state: DirectoryState, appId: string, allowed: boolean): void {
  const app = findApplication(state, appId);
  if (!app) throw new Error(`No application ${appId} in the sandbox directory`);
  app.keyVaultSecretsOfficer = allowed;
}
