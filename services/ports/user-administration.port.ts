/**
 * User administration port: the profile, manager and licence calls of the management actions
 * (issue 13), beside the Directory port so the two change for different reasons. Implemented by
 * services/adapters/graph/graph-user-administration.ts; services see these types only.
 *
 * Errors: adapters throw `DirectoryError` (directory.port.ts) with a stable code.
 */

/** The profile fields the "update profile" action changes, named as on the Graph user. */
export const PROFILE_FIELDS = ['department', 'jobTitle', 'officeLocation', 'mobilePhone', 'usageLocation'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface UserProfile {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department?: string;
  jobTitle?: string;
  officeLocation?: string;
  mobilePhone?: string;
  usageLocation?: string;
  /** skuIds of the licences assigned directly or through groups. */
  assignedSkuIds: string[];
}

export interface UserRef {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** A subscription the tenant holds (GET /subscribedSkus), in our words. */
export interface LicenceSku {
  skuId: string;
  /** The product code, e.g. SPE_E5. */
  skuPartNumber: string;
  /** prepaidUnits.enabled */
  enabledUnits: number;
  consumedUnits: number;
}

export interface LicenceChange {
  addSkuIds: string[];
  removeSkuIds: string[];
}

/** A group as the group actions need it (GET /groups), in our words. */
export interface GroupSummary {
  id: string;
  displayName: string;
  description?: string;
  /** Role-assignable: its members hold the directory roles assigned to it. */
  isAssignableToRole: boolean;
  /** Members come from a rule (groupTypes DynamicMembership); nobody adds them by hand. */
  dynamic: boolean;
  /** Mail-enabled and not a Microsoft 365 group: a distribution list or mail-enabled security group, managed in Exchange. */
  exchangeManaged: boolean;
}

/** A Temporary Access Pass Graph created (POST …/temporaryAccessPassMethods). `pass` is the secret: show it once, never store it. */
export interface CreatedTemporaryAccessPass {
  id: string;
  pass: string;
  /** ISO 8601: when it starts to work. */
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export interface TemporaryAccessPassRequest {
  /** 10 to 43200 (30 days), within the tenant's Temporary Access Pass policy. */
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/** A mailbox's automatic replies (mailboxSettings.automaticRepliesSetting), in our words. */
export interface AutomaticReplies {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  internalReplyMessage: string;
  externalReplyMessage: string;
  externalAudience: 'none' | 'contactsOnly' | 'all';
}

/** What to change: the status, and the messages and audience when given (absent ones stay as they are). */
export type AutomaticRepliesChange = Pick<AutomaticReplies, 'status'> & Partial<Omit<AutomaticReplies, 'status'>>;

export interface UserAdministration {
  /** GET /users/{id}?$select=… (profile fields and assignedLicenses). User.Read.All. Undefined when not found. */
  getUserProfile(tenantId: string, userId: string): Promise<UserProfile | undefined>;
  /** GET /users/{id}/manager. User.Read.All. Undefined when the user has no manager. */
  getManager(tenantId: string, userId: string): Promise<UserRef | undefined>;
  /** PATCH /users/{id} with only the given fields (null clears one). User.ReadWrite.All. */
  updateUserProfile(tenantId: string, userId: string, patch: Partial<Record<ProfileField, string | null>>): Promise<void>;
  /** PUT /users/{id}/manager/$ref. User.ReadWrite.All. */
  setManager(tenantId: string, userId: string, managerId: string): Promise<void>;
  /** GET /subscribedSkus. LicenseAssignment.Read.All (or Organization.Read.All). */
  listSubscribedSkus(tenantId: string): Promise<LicenceSku[]>;
  /** POST /users/{id}/assignLicense. LicenseAssignment.ReadWrite.All. Needs a usageLocation on the user to add. */
  assignLicense(tenantId: string, userId: string, change: LicenceChange): Promise<void>;
  /** GET /groups?$filter=startswith(displayName,'…'). GroupMember.Read.All (or Group.Read.All). */
  findGroups(tenantId: string, displayNameStart: string, options?: { top?: number }): Promise<GroupSummary[]>;
  /** GET /groups/{id}. GroupMember.Read.All. Undefined when not found. */
  getGroup(tenantId: string, groupId: string): Promise<GroupSummary | undefined>;
  /** Whether the user is a direct member: GET /users/{id}/memberOf/microsoft.graph.group?$select=id. GroupMember.Read.All. */
  isDirectGroupMember(tenantId: string, groupId: string, userId: string): Promise<boolean>;
  /** POST /groups/{id}/members/$ref. GroupMember.ReadWrite.All (+ RoleManagement.ReadWrite.Directory for a role-assignable group). Already a member: no error. */
  addGroupMember(tenantId: string, groupId: string, userId: string): Promise<void>;
  /** DELETE /groups/{id}/members/{userId}/$ref. GroupMember.ReadWrite.All. Not a member: no error. */
  removeGroupMember(tenantId: string, groupId: string, userId: string): Promise<void>;
  /** The groups the user is a direct member of: GET /users/{id}/memberOf/microsoft.graph.group (paged). GroupMember.Read.All. */
  listDirectGroups(tenantId: string, userId: string): Promise<GroupSummary[]>;
  /** POST /users/{id}/authentication/temporaryAccessPassMethods. UserAuthenticationMethod.ReadWrite.All (delegated: Authentication Administrator or above). */
  createTemporaryAccessPass(tenantId: string, userId: string, request: TemporaryAccessPassRequest): Promise<CreatedTemporaryAccessPass>;
  /** GET /users/{id}/mailboxSettings (automaticRepliesSetting). MailboxSettings.Read. Undefined when the user has no mailbox. */
  getAutomaticReplies(tenantId: string, userId: string): Promise<AutomaticReplies | undefined>;
  /** PATCH /users/{id}/mailboxSettings { automaticRepliesSetting }. MailboxSettings.ReadWrite. */
  setAutomaticReplies(tenantId: string, userId: string, change: AutomaticRepliesChange): Promise<void>;
  /**
   * A published custom action's request (services/custom-actions): a path under /users/{id} or
   * /groups/{id} that the caller has checked against the custom-action allow-list, with its JSON
   * body. Returns Graph's JSON answer (undefined for 204). The permission is the allow-list
   * entry's, held by the session's account.
   */
  sendCustomRequest(tenantId: string, request: CustomGraphRequest): Promise<unknown>;
}

/** A custom action's Graph request, relative to /v1.0 (e.g. PATCH /users/<id>). */
export interface CustomGraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: Readonly<Record<string, unknown>>;
}
