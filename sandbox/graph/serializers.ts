/**
 * Directory objects as Graph v1.0 returns them. Sandbox-only fields (password hashes, MFA
 * flags, membership arrays) never leave through here.
 */
import { createHash } from 'node:crypto';
import type {
  SandboxAdministrativeUnit,
  SandboxGroup,
  SandboxRoleAssignment,
  SandboxRoleDefinition,
  SandboxUser,
} from '../directory/model';
import { project } from './odata-query';

/** What GET /users returns without $select. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** Properties the sandbox models; each is a real microsoft.graph.user property (CSDL-tested). */
export const USER_MODELLED_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES,
  'accountEnabled',
  'assignedLicenses',
  'companyName',
  'createdDateTime',
  'department',
  'employeeId',
  'employeeType',
  'lastPasswordChangeDateTime',
  'mailNickname',
  'passwordPolicies',
  'signInSessionsValidFromDateTime',
  'usageLocation',
  'userType',
] as const;

/** Selectable, but the sandbox holds no data for them: returned as null (or [] for collections). */
export const USER_UNMODELLED_PROPERTIES = [
  'aboutMe', 'ageGroup', 'city', 'country', 'creationType', 'employeeHireDate', 'externalUserState',
  'faxNumber', 'identities', 'imAddresses', 'isResourceAccount', 'onPremisesDistinguishedName', 'onPremisesDomainName', 'onPremisesImmutableId',
  'onPremisesLastSyncDateTime', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'onPremisesUserPrincipalName',
  'otherMails', 'passwordProfile', 'postalCode', 'preferredDataLocation', 'proxyAddresses', 'showInAddressList', 'state', 'streetAddress',
] as const;

const USER_COLLECTIONS = new Set(['identities', 'imAddresses', 'otherMails', 'proxyAddresses']);

export const USER_SELECTABLE: readonly string[] = [...USER_MODELLED_PROPERTIES, ...USER_UNMODELLED_PROPERTIES];

/** The Graph view of a user (every selectable property), used for $filter and projection. */
export function userView(user: SandboxUser): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const name of USER_UNMODELLED_PROPERTIES) view[name] = USER_COLLECTIONS.has(name) ? [] : null;
  for (const name of USER_MODELLED_PROPERTIES) view[name] = (user as unknown as Record<string, unknown>)[name] ?? null;
  // Graph reports an empty proxyAddresses list only for unlicensed mailboxes; keep it simple.
  view.proxyAddresses = user.mail ? [`SMTP:${user.mail}`] : [];
  return view;
}

export function serializeUser(user: SandboxUser, select?: readonly string[]): Record<string, unknown> {
  return project(userView(user), select ?? USER_DEFAULT_PROPERTIES);
}

export const GROUP_PROPERTIES = [
  'id', 'createdDateTime', 'description', 'displayName', 'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname',
  'securityEnabled', 'visibility', 'classification', 'expirationDateTime', 'membershipRule', 'membershipRuleProcessingState',
  'onPremisesSyncEnabled', 'preferredDataLocation', 'proxyAddresses', 'renewedDateTime', 'securityIdentifier',
] as const;

export function groupView(group: SandboxGroup): Record<string, unknown> {
  const { members: _members, owners: _owners, ...rest } = group;
  void _members;
  void _owners;
  return {
    classification: null, expirationDateTime: null, membershipRule: null, membershipRuleProcessingState: null, onPremisesSyncEnabled: null,
    preferredDataLocation: null, proxyAddresses: group.mail ? [`SMTP:${group.mail}`] : [], renewedDateTime: group.createdDateTime,
    securityIdentifier: sidFor(group.id), ...rest,
  };
}

export function serializeGroup(group: SandboxGroup, select?: readonly string[]): Record<string, unknown> {
  return project(groupView(group), select ?? GROUP_PROPERTIES);
}

function sidFor(id: string): string {
  const n = createHash('sha1').update(id).digest();
  return `S-1-12-1-${n.readUInt32LE(0)}-${n.readUInt32LE(4)}-${n.readUInt32LE(8)}-${n.readUInt32LE(12)}`;
}

export const ADMINISTRATIVE_UNIT_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName', 'visibility'] as const;

export function serializeAdministrativeUnit(unit: SandboxAdministrativeUnit, select?: readonly string[]): Record<string, unknown> {
  const { members: _members, ...rest } = unit;
  void _members;
  return project({ deletedDateTime: null, ...rest }, select ?? ADMINISTRATIVE_UNIT_PROPERTIES);
}

export const ROLE_DEFINITION_PROPERTIES = ['id', 'description', 'displayName', 'isBuiltIn', 'isEnabled', 'resourceScopes', 'templateId', 'version', 'rolePermissions'] as const;

export function serializeRoleDefinition(definition: SandboxRoleDefinition, select?: readonly string[]): Record<string, unknown> {
  // isPrivileged is sandbox-only (v1.0's unifiedRoleDefinition has no such property).
  const { isPrivileged: _privileged, ...rest } = definition;
  void _privileged;
  const view = { ...rest, rolePermissions: rest.rolePermissions.map((p) => ({ allowedResourceActions: p.allowedResourceActions, condition: p.condition ?? null, excludedResourceActions: p.excludedResourceActions ?? [] })) };
  return project(view, select ?? ROLE_DEFINITION_PROPERTIES);
}

export const ROLE_ASSIGNMENT_PROPERTIES = ['id', 'appScopeId', 'condition', 'directoryScopeId', 'principalId', 'roleDefinitionId'] as const;

export function serializeRoleAssignment(assignment: SandboxRoleAssignment, select?: readonly string[]): Record<string, unknown> {
  return project({ appScopeId: null, condition: null, ...assignment }, select ?? ROLE_ASSIGNMENT_PROPERTIES);
}

/**
 * An activated directoryRole's object id differs from its template id in Entra; the sandbox
 * derives it from the template id so it is stable across resets.
 */
export function directoryRoleObjectId(templateId: string): string {
  const h = createHash('sha1').update(`directoryRole/${templateId.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function serializeDirectoryRole(definition: SandboxRoleDefinition): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.directoryRole',
    id: directoryRoleObjectId(definition.templateId),
    deletedDateTime: null,
    description: definition.description,
    displayName: definition.displayName,
    roleTemplateId: definition.templateId,
  };
}
