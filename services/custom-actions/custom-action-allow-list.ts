/**
 * The Graph requests a custom action may make, and nothing else. Each entry acts on one user
 * (`/users/{id}…`) or one group (`/groups/{id}…`), where `{id}` is the run's target, so a custom
 * action can never reach beyond the object the caller's scope was checked against.
 *
 * Kept deliberately small. Never allowed: passwords and authentication methods (passwordProfile,
 * passwordPolicies, /authentication/…), sign-in names and recovery addresses (userPrincipalName,
 * mail, mailNickname, otherMails, proxyAddresses, identities), accountEnabled (the built-in
 * block/unblock actions own it), licences (assignLicense), directory roles (role assignments,
 * memberOf writes, isAssignableToRole), group owners, app registrations and credentials, and
 * deletes of users or groups. A new entry is a reviewed code change, and
 * test/unit/custom-actions/custom-action-allow-list-csdl.test.ts checks it against Microsoft's
 * Graph v1.0 metadata (path, method and every body property).
 */
import type { CustomActionMethod, CustomActionTargetKind } from './custom-action.schema';

/**
 * What the body may hold.
 * - none: no body.
 * - properties: the property paths the body may set, each down to its leaf value
 *   ('employeeOrgData/costCenter' allows `{ "employeeOrgData": { "costCenter": … } }` and nothing
 *   else under employeeOrgData). A collection of values ('businessPhones') is one leaf.
 * - reference: exactly `{ "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{{member}}" }`,
 *   where `member` is a user parameter.
 */
export type AllowedBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'properties'; readonly properties: readonly string[] }
  | { readonly kind: 'reference' };

/**
 * What the runner must check besides the target's scope (for the wiring in ManagementActionService):
 * - userParameterInScope: every user parameter is resolved in the directory and must be inside the
 *   caller's scope, like the target (adding an out-of-scope user to a group is refused);
 * - groupNotRoleAssignable: operators may not change a role-assignable group (its members hold directory roles);
 * - groupMembershipManageable: a dynamic or mail-enabled group's members are managed elsewhere.
 */
export type RunCheck = 'userParameterInScope' | 'groupNotRoleAssignable' | 'groupMembershipManageable';

export interface AllowedRequest {
  readonly method: CustomActionMethod;
  /**
   * Relative to /v1.0. `{id}` is the target; any other `{placeholder}` segment names a user and
   * must be filled by a user parameter (`{{member}}`) in the definition.
   */
  readonly path: string;
  readonly target: CustomActionTargetKind;
  readonly summary: string;
  /** The delegated permission the session's account uses, for the definition card and the README. */
  readonly permission: string;
  readonly body: AllowedBody;
  readonly runChecks: readonly RunCheck[];
}

/** User properties a custom action may PATCH: the profile and HR fields, nothing that signs in or licenses. */
export const USER_PROFILE_PROPERTIES = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'officeLocation',
  'companyName',
  'employeeId',
  'employeeType',
  'employeeHireDate',
  'employeeLeaveDateTime',
  'employeeOrgData/costCenter',
  'employeeOrgData/division',
  'businessPhones',
  'mobilePhone',
  'faxNumber',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'usageLocation',
  'preferredLanguage',
] as const;

export const MAILBOX_SETTINGS_PROPERTIES = [
  'automaticRepliesSetting/status',
  'automaticRepliesSetting/externalAudience',
  'automaticRepliesSetting/internalReplyMessage',
  'automaticRepliesSetting/externalReplyMessage',
  'automaticRepliesSetting/scheduledStartDateTime/dateTime',
  'automaticRepliesSetting/scheduledStartDateTime/timeZone',
  'automaticRepliesSetting/scheduledEndDateTime/dateTime',
  'automaticRepliesSetting/scheduledEndDateTime/timeZone',
  'timeZone',
  'language/locale',
  'dateFormat',
  'timeFormat',
  'workingHours/daysOfWeek',
  'workingHours/startTime',
  'workingHours/endTime',
  'workingHours/timeZone/name',
] as const;

export const GROUP_PROPERTIES = ['displayName', 'description'] as const;

export const ALLOWED_REQUESTS: readonly AllowedRequest[] = [
  {
    method: 'PATCH',
    path: '/users/{id}',
    target: 'user',
    summary: "Update the user's profile fields",
    permission: 'User.ReadWrite.All (employeeHireDate and employeeLeaveDateTime also User-LifeCycleInfo.ReadWrite.All)',
    body: { kind: 'properties', properties: USER_PROFILE_PROPERTIES },
    runChecks: [],
  },
  {
    method: 'POST',
    path: '/users/{id}/revokeSignInSessions',
    target: 'user',
    summary: "Sign the user out everywhere (revoke their refresh tokens)",
    permission: 'User.RevokeSessions.All',
    body: { kind: 'none' },
    runChecks: [],
  },
  {
    method: 'POST',
    path: '/users/{id}/reprocessLicenseAssignment',
    target: 'user',
    summary: "Reprocess the user's group-based licence assignments",
    permission: 'LicenseAssignment.ReadWrite.All',
    body: { kind: 'none' },
    runChecks: [],
  },
  {
    method: 'GET',
    path: '/users/{id}/licenseDetails',
    target: 'user',
    summary: "Read the user's licences",
    permission: 'User.Read.All',
    body: { kind: 'none' },
    runChecks: [],
  },
  {
    method: 'GET',
    path: '/users/{id}/mailboxSettings',
    target: 'user',
    summary: "Read the user's mailbox settings",
    permission: 'MailboxSettings.Read',
    body: { kind: 'none' },
    runChecks: [],
  },
  {
    method: 'PATCH',
    path: '/users/{id}/mailboxSettings',
    target: 'user',
    summary: "Change the user's mailbox settings (automatic replies, time zone, language, working hours)",
    permission: 'MailboxSettings.ReadWrite',
    body: { kind: 'properties', properties: MAILBOX_SETTINGS_PROPERTIES },
    runChecks: [],
  },
  {
    method: 'PATCH',
    path: '/groups/{id}',
    target: 'group',
    summary: "Change the group's name or description",
    permission: 'Group.ReadWrite.All',
    body: { kind: 'properties', properties: GROUP_PROPERTIES },
    runChecks: ['groupNotRoleAssignable'],
  },
  {
    method: 'POST',
    path: '/groups/{id}/members/$ref',
    target: 'group',
    summary: 'Add a user to the group',
    permission: 'GroupMember.ReadWrite.All',
    body: { kind: 'reference' },
    runChecks: ['userParameterInScope', 'groupNotRoleAssignable', 'groupMembershipManageable'],
  },
  {
    method: 'DELETE',
    path: '/groups/{id}/members/{memberId}/$ref',
    target: 'group',
    summary: 'Remove a user from the group',
    permission: 'GroupMember.ReadWrite.All',
    body: { kind: 'none' },
    runChecks: ['userParameterInScope', 'groupNotRoleAssignable', 'groupMembershipManageable'],
  },
];

/** The directory-object URL a reference body points at; the placeholder is a user parameter. */
export const REFERENCE_URL_PREFIX = 'https://graph.microsoft.com/v1.0/directoryObjects/';

/** "PATCH /users/{id}", for messages and cards. */
export function describeAllowedRequest(entry: Pick<AllowedRequest, 'method' | 'path'>): string {
  return `${entry.method} ${entry.path}`;
}

/** Segments of an allow-list path: literal words, the target `{id}`, or a user slot `{memberId}`. */
export type AllowedSegment = { kind: 'literal'; text: string } | { kind: 'target' } | { kind: 'user'; slot: string };

export function segmentsOf(path: string): AllowedSegment[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment): AllowedSegment => {
      const slot = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (slot === 'id') return { kind: 'target' };
      if (slot) return { kind: 'user', slot };
      return { kind: 'literal', text: segment };
    });
}
