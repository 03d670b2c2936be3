/**
 * IP matching for named locations. Addresses become BigInts so IPv4 and IPv6 CIDR ranges share
 * one comparison; IPv4-mapped IPv6 addresses ("::ffff:127.0.0.1", which Node reports for IPv4
 * peers on a dual-stack socket) are treated as the IPv4 address they carry.
 */
import { isIP } from 'node:net';
import type { IpRange } from './model';

interface ParsedAddress {
  version: 4 | 6;
  value: bigint;
}

export function parseIpAddress(raw: string): ParsedAddress | undefined {
  const address = raw.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return parseIpAddress(mapped[1] as string);
  const kind = isIP(address);
  if (kind === 4) {
    const value = address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { version: 4, value };
  }
  if (kind === 6) return { version: 6, value: parseIpv6(address) };
  return undefined;
}

function parseIpv6(address: string): bigint {
  let text = address;
  // An embedded dotted quad ("64:ff9b::1.2.3.4") is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpAddress(dotted[1] as string)?.value ?? 0n;
    text = text.slice(0, -(dotted[1] as string).length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail !== undefined ? missing : 0).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n);
}

function inCidr(ip: ParsedAddress, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const network = parseIpAddress(base ?? '');
  if (!network || network.version !== ip.version) return false;
  const width = ip.version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false;
  const shift = BigInt(width - bits);
  return ip.value >> shift === network.value >> shift;
}

export function ipInRange(ipAddress: string, range: IpRange): boolean {
  const ip = parseIpAddress(ipAddress);
  if (!ip) return false;
  switch (range['@odata.type']) {
    case '#microsoft.graph.iPv4CidrRange':
    case '#microsoft.graph.iPv6CidrRange':
      return inCidr(ip, range.cidrAddress);
    case '#microsoft.graph.iPv4Range': {
      const lower = parseIpAddress(range.lowerAddress);
      const upper = parseIpAddress(range.upperAddress);
      return !!lower && !!upper && lower.version === ip.version && ip.value >= lower.value && ip.value <= upper.value;
    }
    default:
      return false;
  }
}

/** A CIDR string Graph would accept for the given range type. */
export function isValidCidr(cidr: string, version: 4 | 6): boolean {
  const [base, bits] = cidr.split('/');
  const parsed = parseIpAddress(base ?? '');
  if (!parsed || parsed.version !== version || bits === undefined || !/^\d+$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}
