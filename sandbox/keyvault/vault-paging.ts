/** Key Vault list paging: `maxresults` (1–25) and an opaque `$skiptoken` carried in nextLink. */
import type { SandboxRequest } from '../core/types';

export const MAX_PAGE_SIZE = 25;

export type PageRequest = { ok: true; offset: number; size: number } | { ok: false; message: string };

export function readPageRequest(req: SandboxRequest): PageRequest {
  const rawSize = req.query.get('maxresults');
  const size = rawSize === null ? MAX_PAGE_SIZE : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    return { ok: false, message: `Invalid value for maxresults: '${rawSize}'. The value must be between 1 and ${MAX_PAGE_SIZE}.` };
  }
  const token = req.query.get('$skiptoken');
  if (token === null) return { ok: true, offset: 0, size };
  const offset = decodeSkipToken(token);
  if (offset === undefined) return { ok: false, message: 'The $skiptoken is not valid.' };
  return { ok: true, offset, size };
}

export function page<T>(items: T[], request: { offset: number; size: number }, nextLinkBase: { url: URL; apiVersion: string }): { value: T[]; nextLink: string | null } {
  const value = items.slice(request.offset, request.offset + request.size);
  const nextOffset = request.offset + request.size;
  if (nextOffset >= items.length) return { value, nextLink: null };
  const next = new URL(nextLinkBase.url.origin + nextLinkBase.url.pathname);
  next.searchParams.set('api-version', nextLinkBase.apiVersion);
  next.searchParams.set('$skiptoken', encodeSkipToken(nextOffset));
  next.searchParams.set('maxresults', String(request.size));
  return { value, nextLink: next.toString() };
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

function decodeSkipToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}
