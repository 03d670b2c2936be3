/** Minimal RS256 JWS, enough for the sandbox to issue and check its own tokens. */
import { createSign, createVerify, type KeyObject } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

export interface JwtHeader {
  typ?: string;
  alg: string;
  kid?: string;
  x5t?: string;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function signJwt(payload: JwtPayload, key: { privateKey: KeyObject; kid: string; x5t: string }): string {
  const header: JwtHeader = { typ: 'JWT', alg: 'RS256', x5t: key.x5t, kid: key.kid };
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

/** Splits and parses a compact JWS without checking it; returns undefined when malformed. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtPayload;
    if (typeof payload !== 'object' || payload === null) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export function verifyRs256Signature(decoded: DecodedJwt, publicKey: KeyObject): boolean {
  if (decoded.header.alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(decoded.signingInput).verify(publicKey, decoded.signature);
}
