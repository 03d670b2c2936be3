/** Translation between Node's HTTP objects and the sandbox's plain request/response records. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxRequest, SandboxResponse } from './types';

/** Graph's $batch caps payloads well below this; anything bigger is a client bug. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readSandboxRequest(message: IncomingMessage, origin: string): Promise<SandboxRequest> {
  const rawBody = await readBody(message);
  const url = new URL(message.url ?? '/', origin);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    url,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: parseBody(rawBody, headers['content-type']),
    rawBody,
    remoteAddress: message.socket.remoteAddress ?? '',
  };
}

async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(rawBody: string, contentType: string | undefined): unknown {
  if (rawBody.length === 0) return undefined;
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(rawBody);
  if (!looksJson || /x-www-form-urlencoded/i.test(contentType ?? '')) return rawBody;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    // Malformed JSON stays a string; handlers answer their own "bad request" shape.
    return rawBody;
  }
}

export function writeSandboxResponse(res: ServerResponse, response: SandboxResponse): void {
  // Content-Length is always computed here, whatever a handler set.
  const headers: Record<string, string> = Object.fromEntries(Object.entries(response.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-length'));
  const hasHeader = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(response.body)) payload = response.body;
  else if (typeof response.body === 'string') payload = Buffer.from(response.body, 'utf8');
  else if (response.body !== undefined) {
    payload = Buffer.from(JSON.stringify(response.body), 'utf8');
    if (!hasHeader('content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(payload);
}
