/**
 * The ConditionalAccess port on Microsoft Graph v1.0 through @microsoft/microsoft-graph-client.
 *
 * Reads: What If (POST /identity/conditionalAccess/evaluate) with appliedPoliciesOnly false, so
 * every policy comes back with policyApplies and analysisReasons; when the tenant refuses What If
 * (400/403/404: API or licence missing, or the permission not granted) the same report is made
 * locally from GET …/policies, GET …/namedLocations and the user's transitive memberships.
 *
 * Writes: the few the "allowed IPs" fix makes (an IP named location, an MFA policy, its state and
 * its excluded users). Bodies carry only properties of the v1.0 CSDL; a named location's PATCH
 * repeats its @odata.type, as Graph requires.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { isIP } from 'node:net';
import { DirectoryError } from '../../ports/directory.port';
import type {
  ConditionalAccess,
  ConditionalAccessPolicySummary,
  ConditionalAccessReport,
  IpNamedLocation,
  NewMfaPolicy,
  PolicyEffect,
  PolicyFinding,
  PolicyState,
} from '../../ports/conditional-access.port';
import { GraphClientPool, listAllPages, type GraphClientPoolOptions } from './graph-client-factory';
import { isGraphStatus, toDirectoryError } from './graph-error-mapping';
import {
  evaluatePolicies,
  sortAnalysisReasons,
  type GraphConditionalAccessPolicy,
  type GraphConditionalAccessUsers,
  type GraphIpRange,
  type GraphNamedLocation,
} from './local-conditional-access';

/** Microsoft Graph's application id: the cloud app a Graph sign-in targets. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** How Entra's sign-in log classifies a password (ROPC) grant, the bot's only interactive-free sign-in. */
const PASSWORD_GRANT_CLIENT_APP = 'mobileAppsAndDesktopClients';

const POLICIES = '/identity/conditionalAccess/policies';
const NAMED_LOCATIONS = '/identity/conditionalAccess/namedLocations';
const IP_NAMED_LOCATION = '#microsoft.graph.ipNamedLocation';

/**
 * Application permissions each operation needs (least privileged first), for 403 messages.
 * Writes also need Policy.Read.All beside Policy.ReadWrite.ConditionalAccess (Graph's table
 * lists both together); the bot's app holds both.
 */
export const CONDITIONAL_ACCESS_PERMISSIONS = {
  evaluate: ['Policy.Read.ConditionalAccess', 'Policy.Read.All'],
  listPolicies: ['Policy.Read.All'],
  getPolicy: ['Policy.Read.All'],
  createMfaPolicy: ['Policy.ReadWrite.ConditionalAccess'],
  setPolicyState: ['Policy.ReadWrite.ConditionalAccess'],
  setPolicyExcludedUsers: ['Policy.ReadWrite.ConditionalAccess'],
  deletePolicy: ['Policy.ReadWrite.ConditionalAccess'],
  listIpNamedLocations: ['Policy.Read.All'],
  createIpNamedLocation: ['Policy.ReadWrite.ConditionalAccess'],
  updateIpNamedLocation: ['Policy.ReadWrite.ConditionalAccess'],
  deleteNamedLocation: ['Policy.ReadWrite.ConditionalAccess'],
} as const satisfies Record<keyof ConditionalAccess, readonly string[]>;

/** The local evaluation's membership read (GET /users/{id}/transitiveMemberOf). */
const MEMBERSHIP_PERMISSIONS = ['GroupMember.Read.All', 'Directory.Read.All'] as const;

export type GraphConditionalAccessOptions = GraphClientPoolOptions;

interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

interface WhatIfResultDto extends GraphConditionalAccessPolicy {
  policyApplies: boolean;
  /** A flags value: members joined by commas ("users,location"). */
  analysisReasons?: string | null;
}

interface DirectoryObjectDto {
  '@odata.type'?: string;
  id: string;
  roleTemplateId?: string | null;
}

const enc = encodeURIComponent;
const list = (values: string[] | null | undefined): string[] => [...(values ?? [])];

/** Grant controls as Graph names them, with 'authenticationStrength' when one is set. */
export function grantControlNames(policy: Pick<GraphConditionalAccessPolicy, 'grantControls'>): string[] {
  const names = list(policy.grantControls?.builtInControls);
  return policy.grantControls?.authenticationStrength ? [...names, 'authenticationStrength'] : names;
}

/** What a policy that applies asks of the sign-in: block > mfa (or an authentication strength) > other controls > nothing. */
export function policyEffect(grantControls: readonly string[]): PolicyEffect {
  const names = grantControls.map((c) => c.toLowerCase());
  if (names.includes('block')) return 'block';
  if (names.includes('mfa') || names.includes('authenticationstrength')) return 'mfa';
  return names.length > 0 ? 'otherControls' : 'none';
}

function toFinding(policy: GraphConditionalAccessPolicy, applies: boolean, analysisReasons: string[]): PolicyFinding {
  const grantControls = grantControlNames(policy);
  return {
    id: policy.id,
    displayName: policy.displayName,
    state: policy.state,
    applies,
    analysisReasons,
    grantControls,
    effect: applies ? policyEffect(grantControls) : 'none',
  };
}

function toSummary(policy: GraphConditionalAccessPolicy): ConditionalAccessPolicySummary {
  const u = policy.conditions?.users;
  return {
    id: policy.id,
    displayName: policy.displayName,
    state: policy.state,
    users: {
      includeUsers: list(u?.includeUsers),
      excludeUsers: list(u?.excludeUsers),
      includeGroups: list(u?.includeGroups),
      excludeGroups: list(u?.excludeGroups),
      includeRoles: list(u?.includeRoles),
      excludeRoles: list(u?.excludeRoles),
    },
    includeLocations: list(policy.conditions?.locations?.includeLocations),
    excludeLocations: list(policy.conditions?.locations?.excludeLocations),
    grantControls: grantControlNames(policy),
  };
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** An iPv4Range (lower–upper) as the fewest CIDR blocks covering exactly it. */
export function ipv4RangeToCidrs(lowerAddress: string, upperAddress: string): string[] {
  let start = ipv4ToNumber(lowerAddress);
  const end = ipv4ToNumber(upperAddress);
  const cidrs: string[] = [];
  while (start <= end) {
    let size = 1;
    while (start % (size * 2) === 0 && start + size * 2 - 1 <= end && size < 2 ** 32) size *= 2;
    cidrs.push(`${numberToIpv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return cidrs;
}

function rangesAsCidrs(ranges: GraphIpRange[] | undefined): string[] {
  return (ranges ?? []).flatMap((r) => {
    if (r.cidrAddress) return [r.cidrAddress];
    if (r.lowerAddress && r.upperAddress && isIP(r.lowerAddress) === 4 && isIP(r.upperAddress) === 4) return ipv4RangeToCidrs(r.lowerAddress, r.upperAddress);
    return [];
  });
}

/** A CIDR string as the ipRange Graph expects for its address family. */
function toIpRange(cidr: string): { '@odata.type': string; cidrAddress: string } {
  const [address = '', bits, extra] = cidr.trim().split('/');
  const family = isIP(address);
  const width = family === 6 ? 128 : 32;
  if (family === 0 || bits === undefined || extra !== undefined || !/^\d+$/.test(bits) || Number(bits) > width) {
    throw new DirectoryError('DIRECTORY.BAD_REQUEST', `Not a CIDR range: ${cidr}`);
  }
  return { '@odata.type': family === 6 ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress: `${address}/${bits}` };
}

function ipLocationBody(location: Omit<IpNamedLocation, 'id'>): Record<string, unknown> {
  if (location.ipRanges.length === 0) throw new DirectoryError('DIRECTORY.BAD_REQUEST', 'An IP named location needs at least one range.');
  return { '@odata.type': IP_NAMED_LOCATION, displayName: location.displayName, isTrusted: location.isTrusted, ipRanges: location.ipRanges.map(toIpRange) };
}

function toIpNamedLocation(dto: GraphNamedLocation): IpNamedLocation {
  return { id: dto.id, displayName: dto.displayName ?? '', isTrusted: dto.isTrusted === true, ipRanges: rangesAsCidrs(dto.ipRanges) };
}

/** The users condition as read, with only v1.0 properties, the guest conditions kept when set. */
function usersCondition(users: GraphConditionalAccessUsers | null | undefined, excludeUsers: string[]): Record<string, unknown> {
  return {
    includeUsers: list(users?.includeUsers),
    excludeUsers,
    includeGroups: list(users?.includeGroups),
    excludeGroups: list(users?.excludeGroups),
    includeRoles: list(users?.includeRoles),
    excludeRoles: list(users?.excludeRoles),
    ...(users?.includeGuestsOrExternalUsers ? { includeGuestsOrExternalUsers: users.includeGuestsOrExternalUsers } : {}),
    ...(users?.excludeGuestsOrExternalUsers ? { excludeGuestsOrExternalUsers: users.excludeGuestsOrExternalUsers } : {}),
  };
}

export class GraphConditionalAccess implements ConditionalAccess {
  private readonly pool: GraphClientPool;

  constructor(options: GraphConditionalAccessOptions) {
    this.pool = new GraphClientPool(options);
  }

  private async call<T>(tenantId: string, operation: keyof typeof CONDITIONAL_ACCESS_PERMISSIONS, description: string, send: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await send(this.pool.client(tenantId));
    } catch (error) {
      throw toDirectoryError(error, description, CONDITIONAL_ACCESS_PERMISSIONS[operation]);
    }
  }

  /** Every page of a collection; one longer than MAX_GRAPH_PAGES throws rather than be cut short. */
  private listAll<T>(client: Client, path: string): Promise<T[]> {
    return listAllPages<T>(client, path, { mustComplete: true });
  }

  private async step<T>(description: string, permissions: readonly string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toDirectoryError(error, description, permissions);
    }
  }

  async evaluate(tenantId: string, userId: string, options: { ipAddress?: string } = {}): Promise<ConditionalAccessReport> {
    const client = this.pool.client(tenantId);
    try {
      const response = (await client.api('/identity/conditionalAccess/evaluate').post({
        signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId },
        signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [MICROSOFT_GRAPH_APP_ID] },
        signInConditions: { clientAppType: PASSWORD_GRANT_CLIENT_APP, ...(options.ipAddress ? { ipAddress: options.ipAddress } : {}) },
        appliedPoliciesOnly: false,
      })) as GraphCollection<WhatIfResultDto>;
      const policies = response.value.map((r) => {
        const reasons = (r.analysisReasons ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        return toFinding(r, r.policyApplies === true, sortAnalysisReasons(reasons.length > 0 ? reasons : [r.policyApplies ? 'notSet' : 'notEnoughInformation']));
      });
      return { source: 'whatIf', ipAddress: options.ipAddress, policies };
    } catch (error) {
      if (!isGraphStatus(error, 400, 403, 404)) throw toDirectoryError(error, 'evaluate conditional access', CONDITIONAL_ACCESS_PERMISSIONS.evaluate);
    }
    return this.evaluateLocally(client, userId, options.ipAddress);
  }

  private async evaluateLocally(client: Client, userId: string, ipAddress: string | undefined): Promise<ConditionalAccessReport> {
    const [policies, locations, memberships] = await Promise.all([
      this.step('read conditional-access policies', CONDITIONAL_ACCESS_PERMISSIONS.listPolicies, () => this.listAll<GraphConditionalAccessPolicy>(client, POLICIES)),
      this.step('read named locations', CONDITIONAL_ACCESS_PERMISSIONS.listIpNamedLocations, () => this.listAll<GraphNamedLocation>(client, NAMED_LOCATIONS)),
      this.step('list memberships', MEMBERSHIP_PERMISSIONS, () =>
        this.listAll<DirectoryObjectDto>(client, `/users/${enc(userId)}/transitiveMemberOf?$select=id,roleTemplateId&$top=999`),
      ),
    ]);
    const subject = {
      userId,
      groupIds: memberships.filter((m) => m['@odata.type'] === '#microsoft.graph.group').map((m) => m.id),
      roleTemplateIds: memberships.map((m) => m.roleTemplateId).filter((r): r is string => typeof r === 'string'),
    };
    const results = evaluatePolicies(policies, locations, subject, { ipAddress, appId: MICROSOFT_GRAPH_APP_ID, clientAppType: PASSWORD_GRANT_CLIENT_APP });
    return { source: 'localEvaluation', ipAddress, policies: results.map((r) => toFinding(r.policy, r.applies, r.analysisReasons)) };
  }

  async listPolicies(tenantId: string): Promise<ConditionalAccessPolicySummary[]> {
    return this.call(tenantId, 'listPolicies', 'list conditional-access policies', async (client) =>
      (await this.listAll<GraphConditionalAccessPolicy>(client, POLICIES)).map(toSummary),
    );
  }

  async getPolicy(tenantId: string, policyId: string): Promise<ConditionalAccessPolicySummary | undefined> {
    try {
      return toSummary((await this.pool.client(tenantId).api(`${POLICIES}/${enc(policyId)}`).get()) as GraphConditionalAccessPolicy);
    } catch (error) {
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read conditional-access policy', CONDITIONAL_ACCESS_PERMISSIONS.getPolicy);
    }
  }

  async createMfaPolicy(tenantId: string, policy: NewMfaPolicy): Promise<ConditionalAccessPolicySummary> {
    return this.call(tenantId, 'createMfaPolicy', 'create conditional-access policy', async (client) => {
      const created = (await client.api(POLICIES).post({
        displayName: policy.displayName,
        state: policy.state,
        conditions: {
          users: { includeUsers: [policy.userId] },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['all'],
          locations: { includeLocations: ['All'], excludeLocations: [...policy.excludeLocationIds] },
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      })) as GraphConditionalAccessPolicy;
      return toSummary(created);
    });
  }

  async setPolicyState(tenantId: string, policyId: string, state: PolicyState): Promise<void> {
    await this.call(tenantId, 'setPolicyState', 'set conditional-access policy state', (client) => client.api(`${POLICIES}/${enc(policyId)}`).patch({ state }) as Promise<unknown>);
  }

  /**
   * Graph merges a PATCH's `conditions` condition by condition, and a condition it names is
   * replaced whole; so the users condition goes out complete, as read, with excludeUsers replaced.
   */
  async setPolicyExcludedUsers(tenantId: string, policyId: string, excludeUsers: string[]): Promise<void> {
    await this.call(tenantId, 'setPolicyExcludedUsers', 'set users excluded from a conditional-access policy', async (client) => {
      const path = `${POLICIES}/${enc(policyId)}`;
      const current = (await client.api(path).get()) as GraphConditionalAccessPolicy;
      await client.api(path).patch({ conditions: { users: usersCondition(current.conditions?.users, [...excludeUsers]) } });
    });
  }

  async deletePolicy(tenantId: string, policyId: string): Promise<void> {
    try {
      await this.pool.client(tenantId).api(`${POLICIES}/${enc(policyId)}`).delete();
    } catch (error) {
      if (isGraphStatus(error, 404)) return;
      throw toDirectoryError(error, 'delete conditional-access policy', CONDITIONAL_ACCESS_PERMISSIONS.deletePolicy);
    }
  }

  async listIpNamedLocations(tenantId: string): Promise<IpNamedLocation[]> {
    return this.call(tenantId, 'listIpNamedLocations', 'list named locations', async (client) =>
      (await this.listAll<GraphNamedLocation>(client, NAMED_LOCATIONS)).filter((l) => l['@odata.type'] === IP_NAMED_LOCATION).map(toIpNamedLocation),
    );
  }

  async createIpNamedLocation(tenantId: string, location: Omit<IpNamedLocation, 'id'>): Promise<IpNamedLocation> {
    const body = ipLocationBody(location);
    return this.call(tenantId, 'createIpNamedLocation', 'create named location', async (client) => toIpNamedLocation((await client.api(NAMED_LOCATIONS).post(body)) as GraphNamedLocation));
  }

  async updateIpNamedLocation(tenantId: string, locationId: string, location: Omit<IpNamedLocation, 'id'>): Promise<void> {
    const body = ipLocationBody(location);
    await this.call(tenantId, 'updateIpNamedLocation', 'update named location', (client) => client.api(`${NAMED_LOCATIONS}/${enc(locationId)}`).patch(body) as Promise<unknown>);
  }

  async deleteNamedLocation(tenantId: string, locationId: string): Promise<void> {
    try {
      await this.pool.client(tenantId).api(`${NAMED_LOCATIONS}/${enc(locationId)}`).delete();
    } catch (error) {
      if (isGraphStatus(error, 404)) return;
      throw toDirectoryError(error, 'delete named location', CONDITIONAL_ACCESS_PERMISSIONS.deleteNamedLocation);
    }
  }
}
