/** The pure conditional-access evaluator the token endpoint and What If share, on the seed. */
import { evaluateConditionalAccess } from '../../sandbox/directory/conditional-access';
import { parseIpAddress, ipInRange } from '../../sandbox/directory/ip-address';
import { MICROSOFT_GRAPH_APP_ID } from '../../sandbox/directory/model';
import { loadContosoDirectory } from '../../sandbox/directory/seed';
import { BREAK_GLASS_ADMIN, CA_BLOCKED_ADMIN, CA_POLICIES, GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';

const signIn = (userId: string, ipAddress?: string) => ({ userId, ipAddress, appId: MICROSOFT_GRAPH_APP_ID, clientAppType: 'mobileAppsAndDesktopClients' });

describe('evaluateConditionalAccess', () => {
  const directory = loadContosoDirectory();

  it('when the Global Admin signs in from loopback (a trusted location), then nothing is enforced', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const result = evaluateConditionalAccess(directory, signIn(GLOBAL_ADMIN.id, ip));
      expect({ ip, blocked: result.blocked, mfa: result.mfaRequired }).toEqual({ ip, blocked: false, mfa: false });
    }
  });

  it('when the Global Admin signs in from an untrusted IP, then the admin MFA policy requires MFA', () => {
    const result = evaluateConditionalAccess(directory, signIn(GLOBAL_ADMIN.id, '198.51.100.7'));
    expect(result.mfaRequired).toBe(true);
    expect(result.mfaPolicies.map((p) => p.id)).toEqual([CA_POLICIES.requireMfaForAdmins]);
  });

  it('when the restricted admin signs in from loopback, then the block policy blocks and is named', () => {
    const result = evaluateConditionalAccess(directory, signIn(CA_BLOCKED_ADMIN.id, '127.0.0.1'));
    expect(result.blocked).toBe(true);
    expect(result.blockingPolicies.map((p) => p.displayName)).toEqual(['Block restricted admins outside Contoso HQ']);
  });

  it('when the restricted admin signs in from Contoso HQ, then the block does not apply', () => {
    expect(evaluateConditionalAccess(directory, signIn(CA_BLOCKED_ADMIN.id, '203.0.113.40')).blocked).toBe(false);
  });

  it('when a help-desk user signs in, then only the report-only policy applies, and it enforces nothing', () => {
    const result = evaluateConditionalAccess(directory, signIn(HELP_DESK_USERS[0]!.id, '198.51.100.7'));
    expect(result.reportOnlyPolicies.map((p) => p.id)).toEqual([CA_POLICIES.reportOnlyMfaForAllUsers]);
    expect(result.blocked || result.mfaRequired).toBe(false);
  });

  it('when the break-glass admin signs in from anywhere, then every policy excludes it', () => {
    const result = evaluateConditionalAccess(directory, signIn(BREAK_GLASS_ADMIN.id, '198.51.100.7'));
    expect(result.evaluations.filter((e) => e.applies)).toEqual([]);
    expect(result.evaluations.every((e) => e.analysisReasons.includes('users'))).toBe(true);
  });

  it('when a policy is disabled, then it reports policyNotEnabled and never applies', () => {
    const copy = loadContosoDirectory();
    copy.conditionalAccessPolicies.forEach((p) => (p.state = 'disabled'));
    const result = evaluateConditionalAccess(copy, signIn(CA_BLOCKED_ADMIN.id, '127.0.0.1'));
    expect(result.blocked).toBe(false);
    expect(result.evaluations.every((e) => e.analysisReasons.includes('policyNotEnabled'))).toBe(true);
  });
});

describe('ip matching', () => {
  it('when addresses are IPv4, IPv6 or IPv4-mapped, then CIDR and range checks agree with the prefix', () => {
    expect(ipInRange('10.1.2.3', { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' })).toBe(true);
    expect(ipInRange('11.1.2.3', { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' })).toBe(false);
    expect(ipInRange('::ffff:10.9.9.9', { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' })).toBe(true);
    expect(ipInRange('2001:db8::1', { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/32' })).toBe(true);
    expect(ipInRange('2001:db9::1', { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/32' })).toBe(false);
    expect(ipInRange('192.0.2.50', { '@odata.type': '#microsoft.graph.iPv4Range', lowerAddress: '192.0.2.10', upperAddress: '192.0.2.99' })).toBe(true);
    expect(parseIpAddress('not-an-ip')).toBeUndefined();
  });
});
