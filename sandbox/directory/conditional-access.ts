/**
 * Conditional-access evaluation, pure over the directory state. The token endpoint uses it to
 * answer AADSTS53003 (blocked) / AADSTS50076 (MFA required), and the Graph What If route
 * (`POST /identity/conditionalAccess/evaluate`) turns the same result into whatIfAnalysisResult
 * objects, so a sign-in failure and the What If answer can never disagree.
 *
 * Only `enabled` policies are enforced. `enabledForReportingButNotEnforced` policies are
 * evaluated and reported (What If shows them; sign-in logs would record them) but never block.
 */
import { ipInRange } from './ip-address';
import {
  MICROSOFT_GRAPH_APP_ID,
  directoryRoleTemplateIdsOf,
  findUser,
  transitiveGroupsOf,
  type ConditionalAccessPolicy,
  type DirectoryState,
  type NamedLocation,
} from './model';

export interface SignInDetails {
  /** Object id of the user signing in. */
  userId: string;
  /** Caller IP as seen by Entra; without it, only "All locations" conditions can match. */
  ipAddress?: string;
  /**
   * The cloud app (resource) being accessed, e.g. Microsoft Graph 00000003-0000-0000-c000-000000000000.
   * Without it, only policies targeting "All" cloud apps can apply.
   */
  appId?: string;
  /** conditionalAccessClientApp: browser, mobileAppsAndDesktopClients, exchangeActiveSync, other. Unknown matches every selection. */
  clientAppType?: string;
  /** Two-letter country code, for countryNamedLocation conditions. */
  country?: string;
  devicePlatform?: string;
  signInRiskLevel?: string;
  userRiskLevel?: string;
}

/** whatIfAnalysisReasons member names (the CSDL's flags enum). */
export type WhatIfAnalysisReason =
  | 'notSet'
  | 'notEnoughInformation'
  | 'users'
  | 'application'
  | 'clientApps'
  | 'location'
  | 'devicePlatform'
  | 'signInRisk'
  | 'userRisk'
  | 'emptyPolicy'
  | 'policyNotEnabled';

export interface PolicyEvaluation {
  policy: ConditionalAccessPolicy;
  /** The sign-in falls inside every condition of the policy (regardless of its state). */
  applies: boolean;
  /** ['notSet'] when it applies; otherwise why not (What If's analysisReasons). */
  analysisReasons: WhatIfAnalysisReason[];
  /** state === 'enabled' and applies: the policy takes effect on this sign-in. */
  enforced: boolean;
  /** Its grant controls contain "block". */
  blocks: boolean;
  /** Its grant controls demand MFA (built-in "mfa" or an authentication strength). */
  requiresMfa: boolean;
  /** Other grant controls a password-only sign-in cannot satisfy (compliantDevice, …). */
  otherControls: string[];
}

export interface ConditionalAccessResult {
  evaluations: PolicyEvaluation[];
  /** Enforced policies that block this sign-in. A block wins over every other control. */
  blockingPolicies: ConditionalAccessPolicy[];
  /** Enforced policies that require MFA (only meaningful when nothing blocks). */
  mfaPolicies: ConditionalAccessPolicy[];
  /** Enforced policies whose other controls a password grant cannot satisfy. */
  otherControlPolicies: ConditionalAccessPolicy[];
  /** Report-only policies that would have applied. */
  reportOnlyPolicies: ConditionalAccessPolicy[];
  blocked: boolean;
  mfaRequired: boolean;
}

export function evaluateConditionalAccess(state: DirectoryState, signIn: SignInDetails): ConditionalAccessResult {
  const context = buildContext(state, signIn);
  const evaluations = state.conditionalAccessPolicies.map((policy) => evaluatePolicy(policy, signIn, context));
  const enforced = evaluations.filter((e) => e.enforced);
  const blockingPolicies = enforced.filter((e) => e.blocks).map((e) => e.policy);
  const mfaPolicies = enforced.filter((e) => !e.blocks && e.requiresMfa).map((e) => e.policy);
  const otherControlPolicies = enforced.filter((e) => !e.blocks && !e.requiresMfa && e.otherControls.length > 0).map((e) => e.policy);
  return {
    evaluations,
    blockingPolicies,
    mfaPolicies,
    otherControlPolicies,
    reportOnlyPolicies: evaluations.filter((e) => e.applies && e.policy.state === 'enabledForReportingButNotEnforced').map((e) => e.policy),
    blocked: blockingPolicies.length > 0,
    mfaRequired: blockingPolicies.length === 0 && mfaPolicies.length > 0,
  };
}

interface SignInContext {
  userFound: boolean;
  isGuest: boolean;
  groupIds: Set<string>;
  roleTemplateIds: Set<string>;
  /** Ids of named locations containing the sign-in (by IP or by country). */
  locationIds: Set<string>;
  /** The sign-in comes from a location marked trusted. */
  trusted: boolean;
}

function buildContext(state: DirectoryState, signIn: SignInDetails): SignInContext {
  const user = findUser(state, signIn.userId);
  const locations = state.namedLocations.filter((l) => locationContains(l, signIn));
  return {
    userFound: !!user,
    isGuest: user?.userType === 'Guest',
    groupIds: new Set(user ? transitiveGroupsOf(state, user.id).map((g) => g.id.toLowerCase()) : []),
    roleTemplateIds: new Set(user ? directoryRoleTemplateIdsOf(state, user.id).map((r) => r.toLowerCase()) : []),
    locationIds: new Set(locations.map((l) => l.id.toLowerCase())),
    trusted: locations.some((l) => l['@odata.type'] === '#microsoft.graph.ipNamedLocation' && l.isTrusted),
  };
}

function locationContains(location: NamedLocation, signIn: SignInDetails): boolean {
  if (location['@odata.type'] === '#microsoft.graph.ipNamedLocation') {
    return !!signIn.ipAddress && location.ipRanges.some((r) => ipInRange(signIn.ipAddress as string, r));
  }
  if (!signIn.country) return location.includeUnknownCountriesAndRegions;
  return location.countriesAndRegions.some((c) => c.toUpperCase() === signIn.country?.toUpperCase());
}

function evaluatePolicy(policy: ConditionalAccessPolicy, signIn: SignInDetails, ctx: SignInContext): PolicyEvaluation {
  const reasons: WhatIfAnalysisReason[] = [];
  const c = policy.conditions;
  if (!c.users || isEmptyUserCondition(c.users)) reasons.push('emptyPolicy');
  else if (!usersMatch(c.users, signIn.userId, ctx)) reasons.push('users');
  if (!applicationsMatch(c.applications ?? undefined, signIn.appId)) reasons.push('application');
  if (!clientAppsMatch(c.clientAppTypes, signIn.clientAppType)) reasons.push('clientApps');
  if (!locationsMatch(c.locations ?? undefined, ctx)) reasons.push('location');
  if (!listMatches(c.platforms?.includePlatforms, c.platforms?.excludePlatforms, signIn.devicePlatform)) reasons.push('devicePlatform');
  if (c.signInRiskLevels && c.signInRiskLevels.length > 0 && !c.signInRiskLevels.includes(signIn.signInRiskLevel ?? 'none')) reasons.push('signInRisk');
  if (c.userRiskLevels && c.userRiskLevels.length > 0 && !c.userRiskLevels.includes(signIn.userRiskLevel ?? 'none')) reasons.push('userRisk');
  if (policy.state === 'disabled') reasons.push('policyNotEnabled');

  // A disabled policy is reported as not applying, like What If does.
  const applies = reasons.length === 0;
  const controls = (policy.grantControls?.builtInControls ?? []).map((x) => x.toLowerCase());
  const hasStrength = !!(policy.grantControls as { authenticationStrength?: unknown } | null | undefined)?.authenticationStrength;
  return {
    policy,
    applies,
    analysisReasons: applies ? ['notSet'] : reasons,
    enforced: applies && policy.state === 'enabled',
    blocks: controls.includes('block'),
    requiresMfa: controls.includes('mfa') || hasStrength,
    otherControls: controls.filter((x) => x !== 'block' && x !== 'mfa'),
  };
}

function isEmptyUserCondition(users: NonNullable<ConditionalAccessPolicy['conditions']['users']>): boolean {
  return users.includeUsers.length === 0 && users.includeGroups.length === 0 && users.includeRoles.length === 0 && !users.includeGuestsOrExternalUsers;
}

function usersMatch(users: NonNullable<ConditionalAccessPolicy['conditions']['users']>, userId: string, ctx: SignInContext): boolean {
  const id = userId.toLowerCase();
  const has = (list: string[], value: string): boolean => list.some((x) => x.toLowerCase() === value);
  const inGroups = (list: string[]): boolean => list.some((g) => ctx.groupIds.has(g.toLowerCase()));
  const inRoles = (list: string[]): boolean => list.some((r) => ctx.roleTemplateIds.has(r.toLowerCase()));
  if (has(users.includeUsers, 'none')) return false;
  const included =
    has(users.includeUsers, 'all') ||
    has(users.includeUsers, id) ||
    (ctx.isGuest && (has(users.includeUsers, 'guestsorexternalusers') || !!users.includeGuestsOrExternalUsers)) ||
    inGroups(users.includeGroups) ||
    inRoles(users.includeRoles);
  if (!included || !ctx.userFound) return included && ctx.userFound;
  const excluded =
    has(users.excludeUsers, id) ||
    (ctx.isGuest && (has(users.excludeUsers, 'guestsorexternalusers') || !!users.excludeGuestsOrExternalUsers)) ||
    inGroups(users.excludeGroups) ||
    inRoles(users.excludeRoles);
  return !excluded;
}

/** App groups Entra expands; Microsoft Graph sits in neither Office365 nor the admin portals. */
function applicationsMatch(apps: ConditionalAccessPolicy['conditions']['applications'] | undefined, appId: string | undefined): boolean {
  if (!apps) return false;
  const include = apps.includeApplications.map((x) => x.toLowerCase());
  const exclude = apps.excludeApplications.map((x) => x.toLowerCase());
  if (include.includes('none')) return false;
  const id = (appId ?? '').toLowerCase();
  const included = include.includes('all') || (id !== '' && include.includes(id));
  return included && !(id !== '' && exclude.includes(id));
}

function clientAppsMatch(selected: string[], clientAppType: string | undefined): boolean {
  if (selected.length === 0 || selected.includes('all') || !clientAppType) return true;
  return selected.includes(clientAppType);
}

function locationsMatch(locations: { includeLocations: string[]; excludeLocations: string[] } | undefined, ctx: SignInContext): boolean {
  if (!locations) return true;
  const matches = (entry: string): boolean => {
    const key = entry.toLowerCase();
    if (key === 'all') return true;
    if (key === 'alltrusted') return ctx.trusted;
    return ctx.locationIds.has(key);
  };
  const included = locations.includeLocations.length === 0 || locations.includeLocations.some(matches);
  return included && !locations.excludeLocations.some(matches);
}

function listMatches(include: string[] | undefined, exclude: string[] | undefined, value: string | undefined): boolean {
  if (!include || include.length === 0) return true;
  if (!value) return include.includes('all');
  const v = value.toLowerCase();
  const included = include.some((x) => x.toLowerCase() === 'all' || x.toLowerCase() === v);
  return included && !(exclude ?? []).some((x) => x.toLowerCase() === v);
}

/** The resource a password or client-credentials grant for Graph signs in to. */
export const GRAPH_RESOURCE_APP_ID = MICROSOFT_GRAPH_APP_ID;
