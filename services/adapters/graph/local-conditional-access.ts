/**
 * Our own conditional-access evaluation, for when the What If API is refused (older tenants,
 * missing licence, 403): the policies from GET /identity/conditionalAccess/policies and the
 * named locations from GET …/namedLocations, against what we know of one sign-in.
 *
 * It answers like What If with appliedPoliciesOnly false: every policy, whether the sign-in falls
 * within all of its conditions (whatever its state), and otherwise why not, in What If's
 * vocabulary (whatIfAnalysisReasons). It is written independently of the sandbox's evaluator, so a
 * sandbox test comparing the two is a real cross-check.
 *
 * What we cannot know of the sign-in is read as What If reads a request that leaves it out:
 * no device platform (only "all" platforms match), risk levels of "none", a member (not a guest),
 * and no country (a country location contains it only when it includes unknown countries).
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionalAccessVerdict } from '../../ports/directory.port';

export interface GraphConditionalAccessUsers {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  excludeRoles?: string[];
  includeGuestsOrExternalUsers?: Record<string, unknown> | null;
  excludeGuestsOrExternalUsers?: Record<string, unknown> | null;
}

/** conditionalAccessPolicy as Graph returns it (only what we read). */
export interface GraphConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: string;
  conditions?: {
    users?: GraphConditionalAccessUsers | null;
    applications?: { includeApplications?: string[]; excludeApplications?: string[]; includeUserActions?: string[]; includeAuthenticationContextClassReferences?: string[] } | null;
    clientAppTypes?: string[];
    locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
    platforms?: { includePlatforms?: string[]; excludePlatforms?: string[] } | null;
    signInRiskLevels?: string[];
    userRiskLevels?: string[];
  } | null;
  grantControls?: { operator?: string | null; builtInControls?: string[]; authenticationStrength?: unknown } | null;
}

export interface GraphIpRange {
  '@odata.type'?: string;
  cidrAddress?: string;
  lowerAddress?: string;
  upperAddress?: string;
}

/** namedLocation (ipNamedLocation or countryNamedLocation) as Graph returns it. */
export interface GraphNamedLocation {
  '@odata.type'?: string;
  id: string;
  displayName?: string;
  isTrusted?: boolean;
  ipRanges?: GraphIpRange[];
  countriesAndRegions?: string[];
  includeUnknownCountriesAndRegions?: boolean;
}

export interface SignInSubject {
  userId: string;
  /** Every group the user is in, directly or through nesting (transitiveMemberOf). */
  groupIds: string[];
  /** Template ids of the directory roles the user holds. */
  roleTemplateIds: string[];
}

export interface LocalSignIn {
  ipAddress?: string;
  /** The cloud app signed in to (Microsoft Graph for the bot). */
  appId: string;
  /** conditionalAccessClientApp: a password grant is 'mobileAppsAndDesktopClients'. */
  clientAppType: string;
}

/** whatIfAnalysisReasons members in the CSDL's flag order (how a flags value is written). */
export const WHAT_IF_REASON_ORDER = [
  'notSet', 'notEnoughInformation', 'invalidCondition', 'users', 'workloadIdentities', 'application', 'userActions', 'authenticationContext',
  'devicePlatform', 'devices', 'clientApps', 'location', 'signInRisk', 'emptyPolicy', 'invalidPolicy', 'policyNotEnabled', 'userRisk', 'time',
  'insiderRisk', 'authenticationFlow', 'unknownFutureValue',
] as const;

export type WhatIfReason = (typeof WHAT_IF_REASON_ORDER)[number];

/** Reasons in flag order; members we do not know go last, in the order given. */
export function sortAnalysisReasons(reasons: readonly string[]): string[] {
  const rank = (r: string): number => {
    const i = (WHAT_IF_REASON_ORDER as readonly string[]).indexOf(r);
    return i === -1 ? WHAT_IF_REASON_ORDER.length : i;
  };
  return [...reasons].map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(({ r }) => r);
}

export interface LocalPolicyResult {
  policy: GraphConditionalAccessPolicy;
  /** The sign-in falls within every condition; a disabled policy never applies. */
  applies: boolean;
  /** ['notSet'] when it applies; otherwise every reason it does not, in flag order. */
  analysisReasons: WhatIfReason[];
}

const lower = (list: readonly string[] | null | undefined): string[] => (list ?? []).map((x) => x.toLowerCase());

function normalizeIp(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? (mapped[1] as string) : ip;
  const kind = isIP(address);
  return kind === 4 ? { address, family: 'ipv4' } : kind === 6 ? { address, family: 'ipv6' } : undefined;
}

function ipLocationContains(location: GraphNamedLocation, ip: { address: string; family: 'ipv4' | 'ipv6' }): boolean {
  const list = new BlockList();
  for (const range of location.ipRanges ?? []) {
    try {
      if (range.cidrAddress) {
        const [net = '', bits] = range.cidrAddress.split('/');
        const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
        list.addSubnet(net, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
      } else if (range.lowerAddress && range.upperAddress) {
        list.addRange(range.lowerAddress, range.upperAddress, isIP(range.lowerAddress) === 6 ? 'ipv6' : 'ipv4');
      }
    } catch {
      // A range Node cannot parse matches nothing.
    }
  }
  return list.check(ip.address, ip.family);
}

/** The named locations the sign-in is in; without an IP, only country locations open to unknown countries. */
function locationsOf(locations: GraphNamedLocation[], ipAddress: string | undefined): GraphNamedLocation[] {
  const ip = ipAddress ? normalizeIp(ipAddress) : undefined;
  return locations.filter((l) => {
    if (l['@odata.type'] === '#microsoft.graph.countryNamedLocation') return l.includeUnknownCountriesAndRegions === true;
    return !!ip && ipLocationContains(l, ip);
  });
}

interface Context {
  userId: string;
  groupIds: Set<string>;
  roleTemplateIds: Set<string>;
  signIn: LocalSignIn;
  locationIds: Set<string>;
  trusted: boolean;
}

function usersReason(users: GraphConditionalAccessUsers | null | undefined, ctx: Context): WhatIfReason | undefined {
  const includeUsers = lower(users?.includeUsers);
  if (!users || (includeUsers.length === 0 && lower(users.includeGroups).length === 0 && lower(users.includeRoles).length === 0 && !users.includeGuestsOrExternalUsers)) {
    return 'emptyPolicy';
  }
  if (includeUsers.includes('none')) return 'users';
  const inAny = (ids: string[], held: Set<string>): boolean => ids.some((id) => held.has(id));
  const included = includeUsers.includes('all') || includeUsers.includes(ctx.userId) || inAny(lower(users.includeGroups), ctx.groupIds) || inAny(lower(users.includeRoles), ctx.roleTemplateIds);
  const excluded = lower(users.excludeUsers).includes(ctx.userId) || inAny(lower(users.excludeGroups), ctx.groupIds) || inAny(lower(users.excludeRoles), ctx.roleTemplateIds);
  return included && !excluded ? undefined : 'users';
}

function applicationsMatch(apps: NonNullable<GraphConditionalAccessPolicy['conditions']>['applications'], appId: string): boolean {
  if (!apps) return false;
  const include = lower(apps.includeApplications);
  const id = appId.toLowerCase();
  // Microsoft Graph belongs to neither the Office365 nor the MicrosoftAdminPortals app group.
  if (include.includes('none') || !(include.includes('all') || include.includes(id))) return false;
  return !lower(apps.excludeApplications).includes(id);
}

function clientAppsMatch(types: string[] | undefined, clientAppType: string): boolean {
  const selected = lower(types);
  return selected.length === 0 || selected.includes('all') || selected.includes(clientAppType.toLowerCase());
}

function locationsMatch(locations: NonNullable<GraphConditionalAccessPolicy['conditions']>['locations'], ctx: Context): boolean {
  if (!locations) return true;
  const matches = (entry: string): boolean => entry === 'all' || (entry === 'alltrusted' ? ctx.trusted : ctx.locationIds.has(entry));
  const include = lower(locations.includeLocations);
  return (include.length === 0 || include.some(matches)) && !lower(locations.excludeLocations).some(matches);
}

function riskMatches(levels: string[] | undefined): boolean {
  const selected = lower(levels);
  return selected.length === 0 || selected.includes('none');
}

function evaluatePolicy(policy: GraphConditionalAccessPolicy, ctx: Context): LocalPolicyResult {
  const c = policy.conditions ?? {};
  const reasons: WhatIfReason[] = [];
  const users = usersReason(c.users, ctx);
  if (users) reasons.push(users);
  if (!applicationsMatch(c.applications, ctx.signIn.appId)) reasons.push('application');
  if (!clientAppsMatch(c.clientAppTypes, ctx.signIn.clientAppType)) reasons.push('clientApps');
  if (!locationsMatch(c.locations, ctx)) reasons.push('location');
  const platforms = lower(c.platforms?.includePlatforms);
  if (platforms.length > 0 && !platforms.includes('all')) reasons.push('devicePlatform');
  if (!riskMatches(c.signInRiskLevels)) reasons.push('signInRisk');
  if (!riskMatches(c.userRiskLevels)) reasons.push('userRisk');
  if (policy.state === 'disabled') reasons.push('policyNotEnabled');
  return reasons.length === 0
    ? { policy, applies: true, analysisReasons: ['notSet'] }
    : { policy, applies: false, analysisReasons: sortAnalysisReasons(reasons) as WhatIfReason[] };
}

/** Every policy, in the order given, as What If would report it for this sign-in. */
export function evaluatePolicies(policies: GraphConditionalAccessPolicy[], locations: GraphNamedLocation[], subject: SignInSubject, signIn: LocalSignIn): LocalPolicyResult[] {
  const here = locationsOf(locations, signIn.ipAddress);
  const ctx: Context = {
    userId: subject.userId.toLowerCase(),
    groupIds: new Set(lower(subject.groupIds)),
    roleTemplateIds: new Set(lower(subject.roleTemplateIds)),
    signIn,
    locationIds: new Set(here.map((l) => l.id.toLowerCase())),
    trusted: here.some((l) => l['@odata.type'] !== '#microsoft.graph.countryNamedLocation' && l.isTrusted === true),
  };
  return policies.map((policy) => evaluatePolicy(policy, ctx));
}

/** 'block', 'mfa', or 'controls:<list>' for other controls a password sign-in cannot satisfy. */
export function blockingReason(policy: Pick<GraphConditionalAccessPolicy, 'grantControls'>): string | undefined {
  const controls = policy.grantControls?.builtInControls ?? [];
  if (lower(controls).includes('block')) return 'block';
  if (lower(controls).includes('mfa') || policy.grantControls?.authenticationStrength) return 'mfa';
  return controls.length > 0 ? `controls:${controls.join(',')}` : undefined;
}

/** The enabled policies that apply and ask for something a password sign-in cannot give. */
export function evaluateLocally(policies: GraphConditionalAccessPolicy[], locations: GraphNamedLocation[], subject: SignInSubject, signIn: LocalSignIn): ConditionalAccessVerdict {
  const blockingPolicies = evaluatePolicies(policies, locations, subject, signIn)
    .filter((r) => r.applies && r.policy.state === 'enabled')
    .map(({ policy }) => ({ policy, reason: blockingReason(policy) }))
    .filter((x): x is { policy: GraphConditionalAccessPolicy; reason: string } => x.reason !== undefined)
    .map(({ policy, reason }) => ({ id: policy.id, displayName: policy.displayName, state: policy.state, reason }));
  return { blockingPolicies, source: 'localEvaluation' };
}
