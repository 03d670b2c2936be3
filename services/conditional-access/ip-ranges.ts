/**
 * The allowed-IP ranges a tenant admin types, checked before anything is sent to Entra:
 * IPv4 and IPv6 addresses or CIDR ranges, one per line or separated by commas or spaces.
 * Refused: anything malformed, "everywhere" (0.0.0.0/0, ::/0), and ranges broader than the
 * configured widest prefix. Private, loopback and link-local ranges are accepted with a warning
 * (Entra sees a public address; they only make sense for a bot on a private network or locally).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface IpRangeLimits {
  /** The widest IPv4 range accepted, as a prefix length (24 accepts /24 to /32). */
  widestIpv4Prefix: number;
  /** The widest IPv6 range accepted, as a prefix length (48 accepts /48 to /128). */
  widestIpv6Prefix: number;
}

export const DEFAULT_IP_RANGE_LIMITS: IpRangeLimits = { widestIpv4Prefix: 24, widestIpv6Prefix: 48 };

export interface IpRange {
  /** Canonical CIDR: the network address and prefix ("203.0.113.0/24", "2001:db8::/48"). */
  cidr: string;
  family: 'ipv4' | 'ipv6';
}

export interface IpRangeProblem {
  /** What the admin typed, as typed (trimmed, at most 60 characters). */
  input: string;
  reason: string;
}

export interface ParsedIpRanges {
  ranges: IpRange[];
  problems: IpRangeProblem[];
  /** Sentences about accepted ranges that are private, loopback or link-local. */
  warnings: string[];
}

/** At most this many ranges in one named location from this dialog. */
export const MAX_RANGES = 20;

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');

export function parseIpRanges(text: string, limits: IpRangeLimits = DEFAULT_IP_RANGE_LIMITS): ParsedIpRanges {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const ranges: IpRange[] = [];
  const problems: IpRangeProblem[] = [];
  const warnings: string[] = [];
  if (entries.length === 0) problems.push({ input: '', reason: 'Enter at least one IP address or range, for example 203.0.113.10 or 203.0.113.0/28.' });
  if (entries.length > MAX_RANGES) problems.push({ input: `${entries.length} entries`, reason: `Enter at most ${MAX_RANGES} ranges.` });
  for (const entry of entries.slice(0, MAX_RANGES)) {
    const result = parseOne(entry, limits);
    if ('reason' in result) {
      problems.push({ input: entry.slice(0, 60), reason: result.reason });
      continue;
    }
    if (ranges.some((range) => range.cidr === result.cidr)) continue;
    ranges.push(result);
    if (isPrivate(result)) warnings.push(`${result.cidr} is a private, loopback or link-local range: Entra only sees public addresses, so it only helps a bot on that network.`);
  }
  return { ranges, problems, warnings };
}

function parseOne(entry: string, limits: IpRangeLimits): IpRange | { reason: string } {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined) return { reason: 'is not an IP address or CIDR range.' };
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return { reason: 'is not an IP address or CIDR range.' };
  if (address.includes('%')) return { reason: 'has a zone id; enter the address without it.' };
  const bits = family === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return { reason: `has a prefix that is not a number from 0 to ${bits}.` };
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return { reason: `has a prefix that is not a number from 0 to ${bits}.` };
  if (prefix === 0) return { reason: 'means every address: that would trust the whole internet.' };
  const widest = family === 'ipv4' ? limits.widestIpv4Prefix : limits.widestIpv6Prefix;
  if (prefix < widest) return { reason: `is broader than this bot accepts (/${widest} is the widest ${family === 'ipv4' ? 'IPv4' : 'IPv6'} range).` };
  return { cidr: `${networkAddress(address, prefix, family)}/${prefix}`, family };
}

function isPrivate(range: IpRange): boolean {
  const [address = ''] = range.cidr.split('/');
  return PRIVATE.check(address, range.family);
}

/** The range's first address, canonical (IPv6 compressed, lower case). */
function networkAddress(address: string, prefix: number, family: 'ipv4' | 'ipv6'): string {
  const bytes = family === 'ipv4' ? address.split('.').map(Number) : ipv6Bytes(address);
  const masked = bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & (0xff << (8 - keep)) & 0xff;
  });
  if (family === 'ipv4') return masked.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((masked[i] ?? 0) << 8) | (masked[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = (v4[1] as string).split('.').map(Number);
    text = `${text.slice(0, -(v4[1] as string).length)}${(((parts[0] ?? 0) << 8) | (parts[1] ?? 0)).toString(16)}:${(((parts[2] ?? 0) << 8) | (parts[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...(tail !== undefined ? Array<string>(missing).fill('0') : []), ...tailGroups];
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [(value >> 8) & 0xff, value & 0xff];
  });
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** Whether an address lies in one of the ranges (for the check: is the bot's egress IP allowed?). */
export function rangesContain(ranges: readonly string[], address: string): boolean {
  const list = new BlockList();
  for (const cidr of ranges) {
    const [net = '', bits = ''] = cidr.split('/');
    const family = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : undefined;
    if (!family) continue;
    list.addSubnet(net, Number(bits || (family === 'ipv4' ? 32 : 128)), family);
  }
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  return family ? list.check(address, family) : false;
}
