/**
 * Fallback for when the What If API is unavailable (older tenants, missing licence, 403):
 * evaluates the policies from GET /identity/conditionalAccess/policies against what we know of
 * the sign-in. Deliberately conservative and independent of the sandbox's own evaluator, so a
 * sandbox test comparing the two is a real cross-check.
 *
 * Only enabled policies count; conditions we cannot know (device platform, risk levels) are
 * treated as matching when set to "all" and as not matching otherwise.
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionalAccessVerdict } from '../../ports/directory.port';

export interface GraphConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: string;
  conditions?: {
    users?: { includeUsers?: string[]; excludeUsers?: string[]; includeGroups?: string[]; excludeGroups?: string[]; includeRoles?: string[]; excludeRoles?: string[] } | null;
    applications?: { includeApplications?: string[]; excludeApplications?: string[] } | null;
    clientAppTypes?: string[];
    locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
    platforms?: { includePlatforms?: string[] } | null;
    signInRiskLevels?: string[];
    userRiskLevels?: string[];
  };
  grantControls?: { builtInControls?: string[]; authenticationStrength?: unknown } | null;
}

export interface GraphNamedLocation {
  '@odata.type'?: string;
  id: string;
  isTrusted?: boolean;
  ipRanges?: Array<{ '@odata.type'?: string; cidrAddress?: string; lowerAddress?: string; upperAddress?: string }>;
}

export interface SignInSubject {
  userId: string;
  groupIds: string[];
  roleTemplateIds: string[];
}

export interface LocalSignIn {
  ipAddress?: string;
  appId: string;
  clientAppType: string;
}

const has = (list: string[] | undefined, value: string): boolean => (list ?? []).some((x) => x.toLowerCase() === value.toLowerCase());
const hasAny = (list: string[] | undefined, values: string[]): boolean => values.some((v) => has(list, v));

function normalizeIp(ip: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? (mapped[1] as string) : ip;
  const kind = isIP(address);
  return kind === 4 ? { address, family: 'ipv4' } : kind === 6 ? { address, family: 'ipv6' } : undefined;
}

function locationContains(location: GraphNamedLocation, ip: string | undefined): boolean {
  const parsed = ip ? normalizeIp(ip) : undefined;
  if (!parsed || !location.ipRanges) return false;
  const list = new BlockList();
  for (const range of location.ipRanges) {
    try {
      if (range.cidrAddress) {
        const [net, bits] = range.cidrAddress.split('/');
        const family = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4';
        list.addSubnet(net as string, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
      } else if (range.lowerAddress && range.upperAddress) {
        list.addRange(range.lowerAddress, range.upperAddress, 'ipv4');
      }
    } catch {
      // A range Node cannot parse matches nothing.
    }
  }
  return list.check(parsed.address, parsed.family);
}

function applies(policy: GraphConditionalAccessPolicy, subject: SignInSubject, signIn: LocalSignIn, locations: GraphNamedLocation[]): boolean {
  const c = policy.conditions ?? {};
  const u = c.users;
  if (!u || has(u.includeUsers, 'None')) return false;
  const included = has(u.includeUsers, 'All') || has(u.includeUsers, subject.userId) || hasAny(u.includeGroups, subject.groupIds) || hasAny(u.includeRoles, subject.roleTemplateIds);
  const excluded = has(u.excludeUsers, subject.userId) || hasAny(u.excludeGroups, subject.groupIds) || hasAny(u.excludeRoles, subject.roleTemplateIds);
  if (!included || excluded) return false;

  const apps = c.applications;
  if (!apps || !(has(apps.includeApplications, 'All') || has(apps.includeApplications, signIn.appId)) || has(apps.excludeApplications, signIn.appId)) return false;

  const clientApps = c.clientAppTypes ?? [];
  if (clientApps.length > 0 && !has(clientApps, 'all') && !has(clientApps, signIn.clientAppType)) return false;

  if (c.locations) {
    const here = locations.filter((l) => locationContains(l, signIn.ipAddress));
    const matches = (entry: string): boolean =>
      entry.toLowerCase() === 'all' || (entry.toLowerCase() === 'alltrusted' ? here.some((l) => l.isTrusted) : here.some((l) => l.id.toLowerCase() === entry.toLowerCase()));
    const inc = c.locations.includeLocations ?? [];
    if (inc.length > 0 && !inc.some(matches)) return false;
    if ((c.locations.excludeLocations ?? []).some(matches)) return false;
  }
  if (c.platforms?.includePlatforms?.length && !has(c.platforms.includePlatforms, 'all')) return false;
  if ((c.signInRiskLevels?.length ?? 0) > 0 || (c.userRiskLevels?.length ?? 0) > 0) return false;
  return true;
}

/** 'block', 'mfa', or 'controls:<list>' for other controls a password sign-in cannot satisfy. */
export function blockingReason(policy: Pick<GraphConditionalAccessPolicy, 'grantControls'>): string | undefined {
  const controls = policy.grantControls?.builtInControls ?? [];
  if (has(controls, 'block')) return 'block';
  if (has(controls, 'mfa') || policy.grantControls?.authenticationStrength) return 'mfa';
  return controls.length > 0 ? `controls:${controls.join(',')}` : undefined;
}

export function evaluateLocally(policies: GraphConditionalAccessPolicy[], locations: GraphNamedLocation[], subject: SignInSubject, signIn: LocalSignIn): ConditionalAccessVerdict {
  const blockingPolicies = policies
    .filter((p) => p.state === 'enabled' && applies(p, subject, signIn, locations))
    .map((p) => ({ policy: p, reason: blockingReason(p) }))
    .filter((x): x is { policy: GraphConditionalAccessPolicy; reason: string } => x.reason !== undefined)
    .map(({ policy, reason }) => ({ id: policy.id, displayName: policy.displayName, state: policy.state, reason }));
  return { blockingPolicies, source: 'localEvaluation' };
}
