/**
 * GraphConditionalAccess.evaluate over HTTPS against the sandbox, table-driven: for each policy ×
 * sign-in, the policy is written through Graph, then (a) What If reports the expected applies,
 * analysisReasons and effect for it, and (b) our local evaluation (the fallback when What If is
 * refused) reports the same for every policy in the tenant, seed policies included.
 *
 * The sandbox's evaluator and ours are separate code (sandbox/directory/conditional-access.ts and
 * services/adapters/graph/local-conditional-access.ts), so agreement is a real cross-check.
 *
 * The local path is forced by a What If answer of 403, as a tenant refusing What If gives: the
 * sandbox cannot refuse it for real while allowing the reads, since, as in Graph, every
 * permission that reads policies (Policy.Read.All) also allows What If.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { GROUPS, GLOBAL_ADMIN, HELP_DESK_USERS, ROLE_TEMPLATES, USER_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { GraphClientPool } from '../../services/adapters/graph/graph-client-factory';
import { GraphConditionalAccess, MICROSOFT_GRAPH_APP_ID, type GraphConditionalAccessOptions } from '../../services/adapters/graph/graph-conditional-access';
import type { PolicyEffect, PolicyFinding, PolicyState } from '../../services/ports/conditional-access.port';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const ADELE = HELP_DESK_USERS[0]!.id; // IT Support, which is in All Staff
/** Enrico Cattaneo: Sales - EMEA, inside Sales, inside All Staff (two levels of nesting). */
const ENRICO = '8a9f59d5-6326-54b8-a1c0-2ca90ab7d75a';

const UNTRUSTED_IP = '198.51.100.7';
const HQ_IP = '203.0.113.40'; // seed "Contoso HQ", trusted
const LAB_IP = '192.0.2.10';
const BRANCH_V6_IP = '2001:db8:abcd:12::5';
const OUTSIDE_V6_IP = '2001:db8:ffff::1';
const PARTNER_IP = '100.64.0.15';

/** Named locations the cases refer to by name; created in beforeAll. */
type LocationName = 'lab' | 'branchV6' | 'partner';

interface PolicySpec {
  state?: PolicyState;
  users: { includeUsers?: string[]; excludeUsers?: string[]; includeGroups?: string[]; excludeGroups?: string[]; includeRoles?: string[]; excludeRoles?: string[] };
  applications?: { includeApplications: string[]; excludeApplications?: string[] };
  clientAppTypes?: string[];
  /** Location ids, 'All', 'AllTrusted', or '@name' for a location made here. */
  locations?: { includeLocations: string[]; excludeLocations?: string[] };
  controls?: string[];
}

interface EvaluatorCase {
  name: string;
  userId: string;
  ipAddress?: string;
  policy: PolicySpec;
  expected: { applies: boolean; analysisReasons: string[]; effect: PolicyEffect };
}

const applies = (effect: PolicyEffect = 'mfa') => ({ applies: true, analysisReasons: ['notSet'], effect });
const notApplying = (...analysisReasons: string[]) => ({ applies: false, analysisReasons, effect: 'none' as const });
const allExceptTrusted = { includeLocations: ['All'], excludeLocations: ['AllTrusted'] };

const CASES: EvaluatorCase[] = [
  // Users
  { name: 'when a user included by id signs in, then the MFA policy applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] } }, expected: applies() },
  { name: 'when a user is included and excluded by id, then the exclusion wins (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE], excludeUsers: [ADELE] } }, expected: notApplying('users') },
  { name: 'when All users are included but the user is excluded, then it does not apply (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: ['All'], excludeUsers: [ADELE] } }, expected: notApplying('users') },
  { name: 'when All users are blocked, then the block applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: ['All'] }, controls: ['block'] }, expected: applies('block') },
  { name: 'when users are None, then it applies to nobody (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: ['None'] } }, expected: notApplying('users') },
  // Groups
  { name: 'when the user is a direct member of the included group, then it applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.itSupport] } }, expected: applies() },
  { name: 'when the included group holds the user through a nested group, then it applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.allStaff] } }, expected: applies() },
  { name: 'when the user is two nested groups deep in the included group, then the block applies', userId: ENRICO, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.allStaff] }, controls: ['block'] }, expected: applies('block') },
  { name: 'when the user is in an excluded group nested in the included one, then it does not apply (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.allStaff], excludeGroups: [GROUPS.itSupport] } }, expected: notApplying('users') },
  { name: 'when the user is in no included group, then it does not apply (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.sales] } }, expected: notApplying('users') },
  // Directory roles
  { name: 'when the user holds the included role, then it applies', userId: GLOBAL_ADMIN.id, ipAddress: UNTRUSTED_IP, policy: { users: { includeRoles: [ROLE_TEMPLATES.globalAdministrator] } }, expected: applies() },
  { name: 'when the user holds no included role, then it does not apply (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeRoles: [ROLE_TEMPLATES.globalAdministrator] } }, expected: notApplying('users') },
  { name: 'when the user holds an excluded role, then it does not apply (users)', userId: USER_ADMIN.id, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: ['All'], excludeRoles: [ROLE_TEMPLATES.userAdministrator] } }, expected: notApplying('users') },
  // Locations
  { name: 'when the sign-in comes from a trusted location and AllTrusted is excluded, then it does not apply (location)', userId: ADELE, ipAddress: HQ_IP, policy: { users: { includeUsers: [ADELE] }, locations: allExceptTrusted }, expected: notApplying('location') },
  { name: 'when the sign-in comes from an untrusted IP and AllTrusted is excluded, then it applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, locations: allExceptTrusted }, expected: applies() },
  { name: 'when the sign-in comes from the one included location, then it applies', userId: ADELE, ipAddress: LAB_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['@lab'] } }, expected: applies() },
  { name: 'when the sign-in comes from outside the one included location, then it does not apply (location)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['@lab'] } }, expected: notApplying('location') },
  { name: 'when the sign-in comes from inside an excluded IPv6 range, then it does not apply (location)', userId: ADELE, ipAddress: BRANCH_V6_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['All'], excludeLocations: ['@branchV6'] } }, expected: notApplying('location') },
  { name: 'when the sign-in comes from outside an excluded IPv6 range, then it applies', userId: ADELE, ipAddress: OUTSIDE_V6_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['All'], excludeLocations: ['@branchV6'] } }, expected: applies() },
  { name: 'when AllTrusted is included and the sign-in comes from a trusted IPv6 range, then it applies', userId: ADELE, ipAddress: BRANCH_V6_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['AllTrusted'] } }, expected: applies() },
  { name: 'when AllTrusted is included and the sign-in comes from an untrusted named location, then it does not apply (location)', userId: ADELE, ipAddress: LAB_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['AllTrusted'] } }, expected: notApplying('location') },
  { name: 'when a location is a lower–upper IPv4 range and the sign-in is inside it, then it applies', userId: ADELE, ipAddress: PARTNER_IP, policy: { users: { includeUsers: [ADELE] }, locations: { includeLocations: ['@partner'] } }, expected: applies() },
  { name: 'when no IP is known and AllTrusted is excluded, then it applies (an unknown place is not trusted)', userId: ADELE, policy: { users: { includeUsers: [ADELE] }, locations: allExceptTrusted }, expected: applies() },
  // State
  { name: 'when a report-only policy covers the sign-in, then it applies (and its state says it is not enforced)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { state: 'enabledForReportingButNotEnforced', users: { includeUsers: [ADELE] } }, expected: applies() },
  { name: 'when a report-only policy excludes the user, then it does not apply (users)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { state: 'enabledForReportingButNotEnforced', users: { includeUsers: ['All'], excludeUsers: [ADELE] } }, expected: notApplying('users') },
  { name: 'when a disabled policy covers the sign-in, then it does not apply (policyNotEnabled)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { state: 'disabled', users: { includeUsers: [ADELE] }, controls: ['block'] }, expected: notApplying('policyNotEnabled') },
  { name: 'when a disabled policy excludes the user too, then both reasons are given', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { state: 'disabled', users: { includeGroups: [GROUPS.sales] } }, expected: notApplying('users', 'policyNotEnabled') },
  // Applications
  { name: 'when All apps are included but Microsoft Graph is excluded, then it does not apply (application)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, applications: { includeApplications: ['All'], excludeApplications: [MICROSOFT_GRAPH_APP_ID] } }, expected: notApplying('application') },
  { name: 'when Microsoft Graph itself is included, then it applies', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, applications: { includeApplications: [MICROSOFT_GRAPH_APP_ID] } }, expected: applies() },
  { name: 'when only the Office365 app group is included, then a Graph sign-in is outside it (application)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, applications: { includeApplications: ['Office365'] } }, expected: notApplying('application') },
  // Client apps
  { name: 'when only browsers are covered, then a password (desktop client) sign-in is not (clientApps)', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, clientAppTypes: ['browser'] }, expected: notApplying('clientApps') },
  { name: 'when mobile apps and desktop clients are covered, then a password sign-in is', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, clientAppTypes: ['mobileAppsAndDesktopClients', 'exchangeActiveSync'] }, expected: applies() },
  // Grant controls
  { name: 'when the policy asks for a compliant device, then its effect is other controls', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, controls: ['compliantDevice'] }, expected: applies('otherControls') },
  { name: 'when the policy asks for MFA or a compliant device, then MFA is its effect', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeUsers: [ADELE] }, controls: ['mfa', 'compliantDevice'] }, expected: applies('mfa') },
  { name: 'when users, client apps and location all miss, then all three reasons are given in flag order', userId: ADELE, ipAddress: UNTRUSTED_IP, policy: { users: { includeGroups: [GROUPS.sales] }, clientAppTypes: ['browser'], locations: { includeLocations: ['@lab'] } }, expected: notApplying('users', 'clientApps', 'location') },
];

/** What both paths must agree on, per policy. */
const comparable = (p: PolicyFinding) => ({ id: p.id, state: p.state, applies: p.applies, effect: p.effect, analysisReasons: p.analysisReasons, grantControls: p.grantControls });

describe('GraphConditionalAccess.evaluate: What If and the local evaluation, policy by policy', () => {
  let harness: SandboxHarness;
  let tenantId: string;
  let graph: Client;
  let viaWhatIf: GraphConditionalAccess;
  let viaLocal: GraphConditionalAccess;
  const locationIds = {} as Record<LocationName, string>;

  const resolveLocations = (ids: string[] | undefined): string[] => (ids ?? []).map((id) => (id.startsWith('@') ? locationIds[id.slice(1) as LocationName] : id));

  const policyBody = (name: string, spec: PolicySpec): Record<string, unknown> => ({
    displayName: `Evaluator case: ${name}`.slice(0, 250),
    state: spec.state ?? 'enabled',
    conditions: {
      users: spec.users,
      applications: spec.applications ?? { includeApplications: ['All'] },
      clientAppTypes: spec.clientAppTypes ?? ['all'],
      ...(spec.locations ? { locations: { includeLocations: resolveLocations(spec.locations.includeLocations), excludeLocations: resolveLocations(spec.locations.excludeLocations) } } : {}),
    },
    grantControls: { operator: 'OR', builtInControls: spec.controls ?? ['mfa'] },
  });

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
    const issuer = harness.tokenIssuer();
    const options: GraphConditionalAccessOptions = {
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token,
      fetch: (url, init) => harness.fetch(url, init as never),
      retry: { maxRetries: 0 },
    };
    viaWhatIf = new GraphConditionalAccess(options);
    viaLocal = new GraphConditionalAccess({
      ...options,
      fetch: async (url, init) =>
        new URL(url).pathname.endsWith('/identity/conditionalAccess/evaluate')
          ? new Response(JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }), { status: 403, headers: { 'content-type': 'application/json' } })
          : harness.fetch(url, init as never),
    });
    graph = new GraphClientPool(options).client(tenantId);

    locationIds.lab = (await viaWhatIf.createIpNamedLocation(tenantId, { displayName: 'Lab (untrusted)', isTrusted: false, ipRanges: ['192.0.2.0/24'] })).id;
    locationIds.branchV6 = (await viaWhatIf.createIpNamedLocation(tenantId, { displayName: 'Branch office (IPv6, trusted)', isTrusted: true, ipRanges: ['2001:db8:abcd::/48'] })).id;
    // The adapter writes CIDR ranges only; a lower–upper range comes from another admin tool.
    const partner = (await graph.api('/identity/conditionalAccess/namedLocations').post({
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'Partner (IPv4 range)',
      isTrusted: false,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4Range', lowerAddress: '100.64.0.10', upperAddress: '100.64.0.20' }],
    })) as { id: string };
    locationIds.partner = partner.id;
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('when the seed tenant is evaluated, then both paths list every policy in the tenant’s order', async () => {
    const [whatIf, local] = await Promise.all([viaWhatIf.evaluate(tenantId, GLOBAL_ADMIN.id, { ipAddress: '127.0.0.1' }), viaLocal.evaluate(tenantId, GLOBAL_ADMIN.id, { ipAddress: '127.0.0.1' })]);
    const seedOrder = (await viaWhatIf.listPolicies(tenantId)).map((p) => p.id);
    expect({ source: whatIf.source, ipAddress: whatIf.ipAddress, ids: whatIf.policies.map((p) => p.id) }).toEqual({ source: 'whatIf', ipAddress: '127.0.0.1', ids: seedOrder });
    expect({ source: local.source, policies: local.policies.map(comparable) }).toEqual({ source: 'localEvaluation', policies: whatIf.policies.map(comparable) });
    // Loopback is in the trusted "Sandbox host" location, which the admin MFA policy excludes.
    expect(whatIf.policies.find((p) => p.displayName === 'Require MFA for administrators')).toMatchObject({ applies: false, analysisReasons: ['location'], effect: 'none' });
  });

  it.each(CASES)('$name', async ({ name, userId, ipAddress, policy, expected }) => {
    const created = (await graph.api('/identity/conditionalAccess/policies').post(policyBody(name, policy))) as { id: string };
    try {
      const [whatIf, local] = await Promise.all([viaWhatIf.evaluate(tenantId, userId, { ipAddress }), viaLocal.evaluate(tenantId, userId, { ipAddress })]);
      expect([whatIf.source, local.source]).toEqual(['whatIf', 'localEvaluation']);

      const finding = whatIf.policies.find((p) => p.id === created.id);
      expect(finding && { applies: finding.applies, analysisReasons: finding.analysisReasons, effect: finding.effect, state: finding.state }).toEqual({ ...expected, state: policy.state ?? 'enabled' });
      expect(finding?.grantControls).toEqual(policy.controls ?? ['mfa']);

      expect(local.policies.map(comparable)).toEqual(whatIf.policies.map(comparable));
    } finally {
      await viaWhatIf.deletePolicy(tenantId, created.id);
    }
  });
});
