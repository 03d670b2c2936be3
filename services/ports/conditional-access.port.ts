/**
 * Conditional access as the bot needs it: what applies to the management account's sign-in
 * (What If, or our own evaluation when What If is not permitted), and the few writes the
 * "allowed IPs" fix makes (one trusted IP named location, one policy, exclusions).
 *
 * Application permissions: Policy.Read.All (read policies and named locations),
 * Policy.Read.ConditionalAccess (What If), Policy.ReadWrite.ConditionalAccess (writes).
 * A 403 becomes a DirectoryError DIRECTORY.PERMISSION_DENIED naming the permission.
 */

/** conditionalAccessPolicyState on the wire. */
export type PolicyState = 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';

/** What a policy asks of this sign-in, strongest first: block > mfa > other controls > nothing to grant. */
export type PolicyEffect = 'block' | 'mfa' | 'otherControls' | 'none';

export interface PolicyFinding {
  id: string;
  displayName: string;
  state: PolicyState | string;
  /** The sign-in falls within every condition of the policy (whatever its state). */
  applies: boolean;
  /**
   * whatIfAnalysisReasons members: ['notSet'] when it applies; otherwise why not
   * ('users', 'application', 'clientApps', 'location', 'devicePlatform', 'signInRisk',
   * 'userRisk', 'emptyPolicy', 'policyNotEnabled', 'notEnoughInformation').
   */
  analysisReasons: string[];
  /** Grant controls as Graph names them: 'block', 'mfa', 'compliantDevice', …, and 'authenticationStrength'. */
  grantControls: string[];
  effect: PolicyEffect;
}

export interface ConditionalAccessReport {
  source: 'whatIf' | 'localEvaluation';
  /** The sign-in's IP address, as evaluated; undefined when none was given. */
  ipAddress?: string;
  /** Every policy in the tenant, applying or not, in the tenant's order. */
  policies: PolicyFinding[];
}

export interface IpNamedLocation {
  id: string;
  displayName: string;
  isTrusted: boolean;
  /** CIDR ranges ("203.0.113.0/24", "2001:db8::/48"). */
  ipRanges: string[];
}

export interface PolicyUsersCondition {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
}

export interface ConditionalAccessPolicySummary {
  id: string;
  displayName: string;
  state: PolicyState | string;
  users: PolicyUsersCondition;
  includeLocations: string[];
  excludeLocations: string[];
  grantControls: string[];
}

export interface NewMfaPolicy {
  displayName: string;
  state: PolicyState;
  /** The one user the policy is about (the management account's object id). */
  userId: string;
  /** Named location ids the policy does not apply in. */
  excludeLocationIds: string[];
}

export interface ConditionalAccess {
  /** POST /identity/conditionalAccess/evaluate for a password sign-in to Microsoft Graph; GET policies, named locations and memberships when What If is refused (400/403/404). */
  evaluate(tenantId: string, userId: string, options?: { ipAddress?: string }): Promise<ConditionalAccessReport>;
  listPolicies(tenantId: string): Promise<ConditionalAccessPolicySummary[]>;
  getPolicy(tenantId: string, policyId: string): Promise<ConditionalAccessPolicySummary | undefined>;
  /** Requires MFA for userId on every cloud app and client, except in the given locations. */
  createMfaPolicy(tenantId: string, policy: NewMfaPolicy): Promise<ConditionalAccessPolicySummary>;
  setPolicyState(tenantId: string, policyId: string, state: PolicyState): Promise<void>;
  /** Replaces conditions.users.excludeUsers (the rest of the users condition is sent as read). */
  setPolicyExcludedUsers(tenantId: string, policyId: string, excludeUsers: string[]): Promise<void>;
  /** Succeeds when the policy is already gone. */
  deletePolicy(tenantId: string, policyId: string): Promise<void>;
  listIpNamedLocations(tenantId: string): Promise<IpNamedLocation[]>;
  createIpNamedLocation(tenantId: string, location: Omit<IpNamedLocation, 'id'>): Promise<IpNamedLocation>;
  updateIpNamedLocation(tenantId: string, locationId: string, location: Omit<IpNamedLocation, 'id'>): Promise<void>;
  /** Succeeds when the location is already gone. */
  deleteNamedLocation(tenantId: string, locationId: string): Promise<void>;
}
