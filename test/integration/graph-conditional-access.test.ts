/**
 * GraphConditionalAccess's writes over HTTPS against the sandbox (real Graph client): named
 * locations (IPv4 and IPv6), the MFA policy's lifecycle, 403s naming the permission, a sign-in
 * that the policy written here lets through from one IP and stops from another, and every
 * request the adapter sent checked against the Graph v1.0 CSDL.
 */
import { grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import { BOT_APP, CA_POLICIES, CONTOSO_DEFAULT_PASSWORD, HELP_DESK_USERS, NAMED_LOCATIONS } from '../../sandbox/directory/seed/contoso-ids';
import { GraphClientPool, type GraphFetch } from '../../services/adapters/graph/graph-client-factory';
import { GraphConditionalAccess } from '../../services/adapters/graph/graph-conditional-access';
import { DirectoryPermissionError } from '../../services/adapters/graph/graph-error-mapping';
import { checkRequest, CsdlModel, jsonPropertyPaths, type RequestToCheck } from '../support/csdl';
import { passwordGrantFrom as signInFrom } from '../support/sign-in-from';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const ADELE = HELP_DESK_USERS[0]!;
const LOCATIONS = '/identity/conditionalAccess/namedLocations';
const POLICIES = '/identity/conditionalAccess/policies';

describe('GraphConditionalAccess writes against the sandbox (HTTPS, real Graph client)', () => {
  let harness: SandboxHarness;
  let tenantId: string;
  /** Every request any adapter here sent, for the CSDL check at the end. */
  const sent: RequestToCheck[] = [];

  const recordingFetch: GraphFetch = async (url, init) => {
    const u = new URL(url);
    const body = typeof init.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : undefined;
    sent.push({ method: String(init.method ?? 'GET'), path: `${u.pathname.replace(/^\/v1\.0/, '')}${decodeURIComponent(u.search)}`, bodyPaths: jsonPropertyPaths(body) });
    return harness.fetch(url, init as never);
  };

  /** The refusal a tenant without What If gives, for the local-evaluation path. */
  const refusingWhatIf: GraphFetch = async (url, init) =>
    new URL(url).pathname.endsWith('/identity/conditionalAccess/evaluate')
      ? new Response(JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }), { status: 403, headers: { 'content-type': 'application/json' } })
      : recordingFetch(url, init);

  /** The adapter as the bot's app, with a fresh token (fresh `roles`) each time. */
  const adapter = (fetch: GraphFetch = recordingFetch): GraphConditionalAccess => {
    const issuer = harness.tokenIssuer();
    return new GraphConditionalAccess({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token, fetch, retry: { maxRetries: 0 } });
  };

  /** A plain Graph client, for what another admin tool would write (country locations, guest conditions). */
  const rawGraph = () => {
    const issuer = harness.tokenIssuer();
    return new GraphClientPool({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token, fetch: recordingFetch }).client(tenantId);
  };

  async function withoutPermission<T>(permission: string, run: () => Promise<T>): Promise<T> {
    revokeApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, permission);
    await harness.sandbox.persist();
    try {
      return await run();
    } finally {
      grantApplicationPermission(harness.sandbox.state().directory, BOT_APP.appId, permission);
      await harness.sandbox.persist();
    }
  }

  const passwordGrantFrom = (localAddress: string, upn: string, password: string) =>
    signInFrom({ tenantId, url: harness.sandbox.url, caCertPem: harness.sandbox.caCertPem }, localAddress, upn, password);

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('when an IPv4 and an IPv6 location are created, updated and deleted, then Graph holds each version and deleting twice is fine', async () => {
    const ca = adapter();
    const v4 = await ca.createIpNamedLocation(tenantId, { displayName: 'Management allowed IPs', isTrusted: true, ipRanges: ['192.0.2.0/28'] });
    const v6 = await ca.createIpNamedLocation(tenantId, { displayName: 'Management allowed IPs (IPv6)', isTrusted: false, ipRanges: ['2001:db8:1234::/48'] });
    expect(v4).toEqual({ id: expect.any(String), displayName: 'Management allowed IPs', isTrusted: true, ipRanges: ['192.0.2.0/28'] });
    expect((await ca.listIpNamedLocations(tenantId)).filter((l) => [v4.id, v6.id].includes(l.id))).toEqual([v4, v6]);

    await ca.updateIpNamedLocation(tenantId, v4.id, { displayName: 'Management allowed IPs (office)', isTrusted: false, ipRanges: ['192.0.2.16/28', '198.51.100.0/24'] });
    await ca.updateIpNamedLocation(tenantId, v6.id, { displayName: 'Management allowed IPs (IPv6)', isTrusted: true, ipRanges: ['2001:db8:1234::/48', '203.0.113.7/32'] });
    const stored = harness.sandbox.state().directory.namedLocations.find((l) => l.id === v6.id);
    expect(stored && 'ipRanges' in stored ? stored.ipRanges : undefined).toEqual([
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8:1234::/48' },
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.7/32' },
    ]);
    expect((await ca.listIpNamedLocations(tenantId)).filter((l) => [v4.id, v6.id].includes(l.id))).toEqual([
      { id: v4.id, displayName: 'Management allowed IPs (office)', isTrusted: false, ipRanges: ['192.0.2.16/28', '198.51.100.0/24'] },
      { id: v6.id, displayName: 'Management allowed IPs (IPv6)', isTrusted: true, ipRanges: ['2001:db8:1234::/48', '203.0.113.7/32'] },
    ]);
    await expect(ca.createIpNamedLocation(tenantId, { displayName: 'Not a range', isTrusted: true, ipRanges: ['192.0.2.300/24'] })).rejects.toMatchObject({ code: 'DIRECTORY.BAD_REQUEST' });

    for (const id of [v4.id, v6.id, v4.id]) await ca.deleteNamedLocation(tenantId, id);
    expect((await ca.listIpNamedLocations(tenantId)).map((l) => l.id)).toEqual([NAMED_LOCATIONS.sandboxHost, NAMED_LOCATIONS.contosoHq]);
  });

  it('when other tools wrote a country location and a lower–upper range, then only IP locations are listed, the range as CIDR blocks', async () => {
    const graph = rawGraph();
    const country = (await graph.api(LOCATIONS).post({ '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'Nordics', countriesAndRegions: ['NO', 'SE'] })) as { id: string };
    const range = (await graph.api(LOCATIONS).post({
      '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Partner', isTrusted: false,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4Range', lowerAddress: '100.64.0.10', upperAddress: '100.64.0.20' }],
    })) as { id: string };
    try {
      const listed = await adapter().listIpNamedLocations(tenantId);
      expect(listed.map((l) => l.id)).not.toContain(country.id);
      expect(listed.find((l) => l.id === range.id)?.ipRanges).toEqual(['100.64.0.10/31', '100.64.0.12/30', '100.64.0.16/30', '100.64.0.20/32']);
    } finally {
      for (const id of [country.id, range.id]) await adapter().deleteNamedLocation(tenantId, id);
    }
  });

  it('when an MFA policy is created report-only, switched on, given exclusions and deleted, then Graph shows each step', async () => {
    const ca = adapter();
    const location = await ca.createIpNamedLocation(tenantId, { displayName: 'Management allowed IPs', isTrusted: true, ipRanges: ['192.0.2.0/28'] });
    const created = await ca.createMfaPolicy(tenantId, { displayName: 'MFA for the management account outside allowed IPs', state: 'enabledForReportingButNotEnforced', userId: ADELE.id, excludeLocationIds: [location.id] });
    const users = { includeUsers: [ADELE.id], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] };
    expect(created).toEqual({
      id: expect.any(String), displayName: 'MFA for the management account outside allowed IPs', state: 'enabledForReportingButNotEnforced',
      users, includeLocations: ['All'], excludeLocations: [location.id], grantControls: ['mfa'],
    });
    expect(await ca.getPolicy(tenantId, created.id)).toEqual(created);

    await ca.setPolicyState(tenantId, created.id, 'enabled');
    await ca.setPolicyExcludedUsers(tenantId, created.id, [HELP_DESK_USERS[1]!.id]);
    expect(await ca.getPolicy(tenantId, created.id)).toEqual({ ...created, state: 'enabled', users: { ...users, excludeUsers: [HELP_DESK_USERS[1]!.id] } });
    expect((await ca.listPolicies(tenantId)).map((p) => p.id)).toContain(created.id);

    await ca.deletePolicy(tenantId, created.id);
    await ca.deletePolicy(tenantId, created.id);
    expect(await ca.getPolicy(tenantId, created.id)).toBeUndefined();
    await ca.deleteNamedLocation(tenantId, location.id);
  });

  it('when excluded users are set on policies targeting roles, groups and guests, then only excludeUsers changes', async () => {
    const ca = adapter();
    const before = await ca.getPolicy(tenantId, CA_POLICIES.requireMfaForAdmins);
    await ca.setPolicyExcludedUsers(tenantId, CA_POLICIES.requireMfaForAdmins, [ADELE.id]);
    expect(await ca.getPolicy(tenantId, CA_POLICIES.requireMfaForAdmins)).toEqual({ ...before, users: { ...before?.users, excludeUsers: [ADELE.id] } });
    await ca.setPolicyExcludedUsers(tenantId, CA_POLICIES.requireMfaForAdmins, []);
    expect(await ca.getPolicy(tenantId, CA_POLICIES.requireMfaForAdmins)).toEqual(before);

    const guests = { guestOrExternalUserTypes: 'b2bCollaborationGuest,b2bCollaborationMember', externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' } };
    const guestPolicy = (await rawGraph().api(POLICIES).post({
      displayName: 'MFA for guests', state: 'disabled',
      conditions: { users: { includeGuestsOrExternalUsers: guests }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    })) as { id: string };
    try {
      await ca.setPolicyExcludedUsers(tenantId, guestPolicy.id, [ADELE.id]);
      const stored = harness.sandbox.state().directory.conditionalAccessPolicies.find((p) => p.id === guestPolicy.id);
      expect(stored?.conditions.users).toMatchObject({ excludeUsers: [ADELE.id], includeGuestsOrExternalUsers: guests });
    } finally {
      await ca.deletePolicy(tenantId, guestPolicy.id);
    }
  });

  it('when the bot app lacks Policy.ReadWrite.ConditionalAccess, then every write is PERMISSION_DENIED naming it, and reads still work', async () => {
    await withoutPermission('Policy.ReadWrite.ConditionalAccess', async () => {
      const ca = adapter();
      const writes: Array<[string, () => Promise<unknown>]> = [
        ['createIpNamedLocation', () => ca.createIpNamedLocation(tenantId, { displayName: 'x', isTrusted: true, ipRanges: ['192.0.2.1/32'] })],
        ['updateIpNamedLocation', () => ca.updateIpNamedLocation(tenantId, NAMED_LOCATIONS.contosoHq, { displayName: 'Contoso HQ', isTrusted: true, ipRanges: ['203.0.113.0/24'] })],
        ['deleteNamedLocation', () => ca.deleteNamedLocation(tenantId, NAMED_LOCATIONS.contosoHq)],
        ['createMfaPolicy', () => ca.createMfaPolicy(tenantId, { displayName: 'x', state: 'disabled', userId: ADELE.id, excludeLocationIds: [] })],
        ['setPolicyState', () => ca.setPolicyState(tenantId, CA_POLICIES.reportOnlyMfaForAllUsers, 'enabled')],
        ['setPolicyExcludedUsers', () => ca.setPolicyExcludedUsers(tenantId, CA_POLICIES.reportOnlyMfaForAllUsers, [ADELE.id])],
        ['deletePolicy', () => ca.deletePolicy(tenantId, CA_POLICIES.reportOnlyMfaForAllUsers)],
      ];
      for (const [name, write] of writes) {
        const error = await write().then(() => undefined, (e: unknown) => e);
        expect({ name, isPermissionError: error instanceof DirectoryPermissionError }).toEqual({ name, isPermissionError: true });
        expect({ name, error }).toMatchObject({ name, error: { code: 'DIRECTORY.PERMISSION_DENIED', details: { status: 403 }, requiredPermissions: ['Policy.ReadWrite.ConditionalAccess'] } });
        expect((error as Error).message).toContain('Policy.ReadWrite.ConditionalAccess');
      }
      expect((await ca.listPolicies(tenantId)).map((p) => p.id)).toEqual([CA_POLICIES.requireMfaForAdmins, CA_POLICIES.blockRestrictedAdmins, CA_POLICIES.reportOnlyMfaForAllUsers]);
    });
  });

  it('when the bot app lacks Policy.Read.All, then reads are PERMISSION_DENIED naming it, What If still answers, and the local fallback names it too', async () => {
    await withoutPermission('Policy.Read.All', async () => {
      const error = await adapter().listPolicies(tenantId).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', requiredPermissions: ['Policy.Read.All'] });
      await expect(adapter().getPolicy(tenantId, CA_POLICIES.requireMfaForAdmins)).rejects.toMatchObject({ requiredPermissions: ['Policy.Read.All'] });
      await expect(adapter().listIpNamedLocations(tenantId)).rejects.toMatchObject({ requiredPermissions: ['Policy.Read.All'] });
      // Policy.ReadWrite.ConditionalAccess still allows What If, but Graph's writes need both permissions.
      expect((await adapter().evaluate(tenantId, ADELE.id, { ipAddress: '198.51.100.7' })).source).toBe('whatIf');
      await expect(adapter().setPolicyState(tenantId, CA_POLICIES.reportOnlyMfaForAllUsers, 'disabled')).rejects.toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED' });
      await expect(adapter(refusingWhatIf).evaluate(tenantId, ADELE.id)).rejects.toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', requiredPermissions: ['Policy.Read.All'] });
    });
  });

  it('when an enabled MFA policy excludes a trusted 127.0.0.1/32, then the password grant succeeds from 127.0.0.1 and answers AADSTS50076 from 127.0.0.2', async () => {
    const ca = adapter();
    // The seed trusts all of loopback; this tenant must not, or 127.0.0.2 would be trusted too.
    const sandboxHost = (await ca.listIpNamedLocations(tenantId)).find((l) => l.id === NAMED_LOCATIONS.sandboxHost)!;
    await ca.updateIpNamedLocation(tenantId, sandboxHost.id, { ...sandboxHost, isTrusted: false });
    const botHost = await ca.createIpNamedLocation(tenantId, { displayName: 'Bot host', isTrusted: true, ipRanges: ['127.0.0.1/32'] });
    expect((await passwordGrantFrom('127.0.0.2', ADELE.userPrincipalName, CONTOSO_DEFAULT_PASSWORD)).oid).toBe(ADELE.id);

    const policy = await ca.createMfaPolicy(tenantId, { displayName: 'MFA for Adele outside the bot host', state: 'enabled', userId: ADELE.id, excludeLocationIds: [botHost.id] });
    try {
      expect((await harness.tokenIssuer().getUserTokenWithPassword(tenantId, ADELE.userPrincipalName, CONTOSO_DEFAULT_PASSWORD)).claims.oid).toBe(ADELE.id);
      expect((await passwordGrantFrom('127.0.0.1', ADELE.userPrincipalName, CONTOSO_DEFAULT_PASSWORD)).oid).toBe(ADELE.id);
      await expect(passwordGrantFrom('127.0.0.2', ADELE.userPrincipalName, CONTOSO_DEFAULT_PASSWORD)).rejects.toMatchObject({ code: 'SIGNIN.MFA_REQUIRED', details: { aadsts: '50076' } });

      // What If and the local evaluation say the same of both addresses.
      for (const ca2 of [ca, adapter(refusingWhatIf)]) {
        const finding = async (ipAddress: string) => (await ca2.evaluate(tenantId, ADELE.id, { ipAddress })).policies.find((p) => p.id === policy.id);
        expect(await finding('127.0.0.1')).toMatchObject({ applies: false, analysisReasons: ['location'], effect: 'none' });
        expect(await finding('127.0.0.2')).toMatchObject({ applies: true, analysisReasons: ['notSet'], effect: 'mfa', state: 'enabled' });
      }
    } finally {
      await ca.deletePolicy(tenantId, policy.id);
      await ca.deleteNamedLocation(tenantId, botHost.id);
      await ca.updateIpNamedLocation(tenantId, sandboxHost.id, sandboxHost);
    }
  });

  it('when every request the adapter sent is resolved against the v1.0 CSDL, then paths and bodies conform', () => {
    const kinds = new Set(sent.map((r) => `${r.method} ${r.path.split('?')[0]!.replace(/[0-9a-f-]{36}/g, '{id}')}`));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        `DELETE ${LOCATIONS}/{id}`, `DELETE ${POLICIES}/{id}`, `GET ${LOCATIONS}`, `GET ${POLICIES}`, `GET ${POLICIES}/{id}`, 'GET /users/{id}/transitiveMemberOf',
        `PATCH ${LOCATIONS}/{id}`, `PATCH ${POLICIES}/{id}`, `POST ${LOCATIONS}`, `POST ${POLICIES}`, 'POST /identity/conditionalAccess/evaluate',
      ]),
    );
    const model = CsdlModel.load();
    expect(sent.flatMap((r) => checkRequest(model, r))).toEqual([]);
  });
});
