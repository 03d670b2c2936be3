/**
 * The allowed-IP ranges an admin types (issue 15): canonical CIDR for IPv4 and IPv6, "everywhere"
 * and over-broad ranges refused with why, private ranges warned about, and the egress check.
 */
import { parseIpRanges, rangesContain } from '../../../services/conditional-access/ip-ranges';

describe('parseIpRanges', () => {
  it.each([
    ['203.0.113.10', '203.0.113.10/32'],
    ['203.0.113.77/24', '203.0.113.0/24'],
    ['198.51.100.130/25', '198.51.100.128/25'],
    ['2001:DB8:10::1', '2001:db8:10::1/128'],
    ['2001:db8:10:ff::/48', '2001:db8:10::/48'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:db8:a:b:c:d:e:f/64', '2001:db8:a:b::/64'],
    ['::ffff:203.0.113.5', '::ffff:cb00:7105/128'],
  ])('when an admin enters %s, then it is kept as %s', (input, cidr) => {
    const parsed = parseIpRanges(input);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ranges.map((range) => range.cidr)).toEqual([cidr]);
  });

  it('when several are entered with commas, spaces, new lines and a repeat, then each distinct range is kept once, in order', () => {
    expect(parseIpRanges('203.0.113.10, 198.51.100.0/28\n2001:db8::/64 ; 203.0.113.10/32').ranges.map((range) => range.cidr)).toEqual(['203.0.113.10/32', '198.51.100.0/28', '2001:db8::/64']);
  });

  it.each([
    ['0.0.0.0/0', 'means every address'],
    ['::/0', 'means every address'],
    ['10.0.0.0/8', 'is broader than this bot accepts (/24 is the widest IPv4 range)'],
    ['2001:db8::/32', 'is broader than this bot accepts (/48 is the widest IPv6 range)'],
    ['203.0.113.10/33', 'has a prefix that is not a number from 0 to 32'],
    ['2001:db8::/129', 'has a prefix that is not a number from 0 to 128'],
    ['203.0.113.10/abc', 'has a prefix that is not a number'],
    ['203.0.113.256', 'is not an IP address or CIDR range'],
    ['203.0.113.0/24/8', 'is not an IP address or CIDR range'],
    ['fe80::1%eth0', 'has a zone id; enter the address without it'],
    ['contoso.com', 'is not an IP address or CIDR range'],
  ])('when an admin enters %s, then it is refused: %s', (input, reason) => {
    const parsed = parseIpRanges(input);
    expect(parsed.ranges).toEqual([]);
    expect(parsed.problems).toEqual([{ input, reason: expect.stringContaining(reason) }]);
  });

  it('when the widest range is configured wider, then a /16 is accepted', () => {
    expect(parseIpRanges('198.51.0.0/16', { widestIpv4Prefix: 16, widestIpv6Prefix: 48 }).ranges.map((range) => range.cidr)).toEqual(['198.51.0.0/16']);
  });

  it('when nothing or too much is entered, then the problem says what to enter', () => {
    expect(parseIpRanges('  ').problems[0]?.reason).toContain('Enter at least one IP address or range');
    expect(parseIpRanges(Array.from({ length: 21 }, (_, i) => `203.0.113.${i}`).join(',')).problems[0]?.reason).toBe('Enter at most 20 ranges.');
  });

  it.each(['10.1.2.3', '192.168.1.0/24', '172.16.5.4', '127.0.0.1', '169.254.1.1', '100.64.0.1', 'fd00::1', 'fe80::1', '::1'])('when a private, loopback or link-local address %s is entered, then it is kept with a warning', (input) => {
    const parsed = parseIpRanges(input);
    expect(parsed.ranges).toHaveLength(1);
    expect(parsed.warnings).toEqual([expect.stringContaining('is a private, loopback or link-local range')]);
  });

  it('when a public address is entered, then there is no warning', () => {
    expect(parseIpRanges('203.0.113.10, 2001:db8::1').warnings).toEqual([]);
  });
});

describe('rangesContain', () => {
  it('tells whether the bot’s egress address is inside the ranges, for IPv4 and IPv6', () => {
    expect(rangesContain(['203.0.113.0/28'], '203.0.113.15')).toBe(true);
    expect(rangesContain(['203.0.113.0/28'], '203.0.113.16')).toBe(false);
    expect(rangesContain(['2001:db8:10::/48'], '2001:db8:10:ffff::1')).toBe(true);
    expect(rangesContain(['2001:db8:10::/48'], '203.0.113.1')).toBe(false);
    expect(rangesContain([], '127.0.0.1')).toBe(false);
  });
});
