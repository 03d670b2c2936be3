import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import type { ActivityHandler, CloudAdapter, TurnContext } from 'botbuilder';
import { releaseInvokeAnswer } from '../dialogs/shared/invoke-response-gate';
import type { AppErrorCode } from '../services/errors';
import type { Logger } from '../services/logger';
import type { SecretValue } from './secret-value';
import { AUDIT_EXPORT_LOG_PATH, registerAuditExportRoute, type AuditExportDownloads } from './audit-export-route';

/** Bot Framework activities are small; 1 MB leaves room for large cards and rejects abuse early. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Carries the sandbox endpoint secret. Only the local stack's Playground sends it (added by
 * scripts/playground-endpoint-secret.cjs), so the secret never appears in a URL or a log line;
 * the name ends in "secret" so that log redaction would hide it even if headers were logged.
 */
export const ENDPOINT_SECRET_HEADER = 'x-msb-endpoint-secret';

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /**
   * Sandbox mode's per-start secret (`config.sandbox.endpointSecret`): when set, every
   * `POST /api/messages` must carry it in the `x-msb-endpoint-secret` header. Azure mode never
   * has one; there the Bot Framework JWT authenticates each request.
   */
  endpointSecret?: SecretValue;
  /** `GET /api/audit-exports/<token>`: the audit export's signed download links (bot/audit-export-route.ts). */
  auditExports?: AuditExportDownloads;
}

const STATUS_CODES: Record<number, AppErrorCode> = {
  400: 'BOT.BAD_REQUEST',
  401: 'BOT.ENDPOINT_SECRET_REQUIRED',
  403: 'BOT.BROWSER_REQUEST',
  404: 'BOT.NOT_FOUND',
  405: 'BOT.NOT_FOUND',
  413: 'BOT.PAYLOAD_TOO_LARGE',
  415: 'BOT.UNSUPPORTED_MEDIA_TYPE',
};

const MESSAGES: Partial<Record<AppErrorCode, string>> = {
  'BOT.BAD_REQUEST': 'The request body must be a well-formed JSON Bot Framework activity.',
  'BOT.BROWSER_REQUEST': 'Requests from web pages are not accepted.',
  'BOT.ENDPOINT_SECRET_REQUIRED': 'This endpoint accepts only the local client started with the bot.',
  'BOT.NOT_FOUND': 'Not found.',
  'BOT.PAYLOAD_TOO_LARGE': `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
  'BOT.UNSUPPORTED_MEDIA_TYPE': 'The request body must be uncompressed application/json.',
  'BOT.INTERNAL': 'Internal error.',
};

/** The small JSON body of every HTTP error: a stable code and a fixed sentence, never parser output or a stack. */
export function httpErrorBody(code: AppErrorCode): { error: { code: AppErrorCode; message: string } } {
  return { error: { code, message: MESSAGES[code] ?? code } };
}

interface Refusal {
  status: number;
  code: AppErrorCode;
  /** Which activity field was wrong (a name, never its value). */
  field?: string;
}

/**
 * The HTTP edge: `POST /api/messages` (Bot Framework activities through CloudAdapter, which
 * validates JWTs in azure mode) and `GET /healthz`. Bad input gets a 4xx with a small JSON body
 * and never reaches the bot.
 *
 * In order, before the bot sees a request: no browser page (403), the sandbox secret when one
 * is configured (401), `application/json` only (415), at most MAX_BODY_BYTES read into memory
 * (413), JSON (400), the shape of an activity (400). Nothing is ever written to disk.
 *
 * In azure mode the JWT is checked later, by CloudAdapter.process, after the body was read and
 * parsed: an unauthenticated caller can make the bot read at most 1 MB into memory and parse it,
 * and learns only which 4xx its body earns. That is acceptable because nothing is stored, the
 * size is capped while reading, and JSON.parse and the shape check are linear in that size.
 */
export function createServer(dependencies: ServerDependencies): Server {
  const { adapter, bot, logger } = dependencies;
  const httpLogger = logger.child({ area: 'http' });
  const secretDigest = dependencies.endpointSecret ? sha256(dependencies.endpointSecret.reveal()) : undefined;
  const server = restify.createServer({
    name: 'management-session-bot',
    // restify 11 logs through pino too; its typings still describe bunyan.
    log: httpLogger as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
  });

  const refuse = (req: Request, res: Response, refusal: Refusal, options: { bodyUnread: boolean }): void => {
    httpLogger.warn({ status: refusal.status, code: refusal.code, field: refusal.field, method: req.method, path: loggedPath(req) }, 'request rejected');
    // A body left unread would otherwise be read to its end and thrown away on a kept-alive
    // connection: an attacker could stream without limit. Closing stops reading it.
    if (options.bodyUnread) res.setHeader('connection', 'close');
    res.send(refusal.status, httpErrorBody(refusal.code));
  };

  // gzip bodies are inflated after the size check, so a small compressed body could expand without
  // bound; the Bot Framework Service never compresses requests.
  server.pre((req: Request, res: Response, next: restify.Next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding !== 'identity') {
      refuse(req, res, { status: 415, code: 'BOT.UNSUPPORTED_MEDIA_TYPE' }, { bodyUnread: true });
      next(false);
      return;
    }
    next();
  });

  // Restify reports routing failures as errors; replace their bodies with our own shape, and
  // log only the status and path.
  server.on('restifyError', (req: Request, _res: Response, err: { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const code = STATUS_CODES[status] ?? 'BOT.INTERNAL';
    err.toJSON = () => httpErrorBody(code);
    httpLogger.warn({ status, code, method: req.method, path: loggedPath(req) }, 'request rejected');
    callback();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  if (dependencies.auditExports) registerAuditExportRoute(server, dependencies.auditExports, httpLogger);

  server.post('/api/messages', async (req: Request, res: Response) => {
    const early = refusalBeforeReading(req, secretDigest);
    if (early) {
      refuse(req, res, early, { bodyUnread: true });
      return;
    }
    const read = await readBody(req, MAX_BODY_BYTES);
    if (read.kind === 'gone') return;
    if (read.kind === 'too-large') {
      refuse(req, res, { status: 413, code: 'BOT.PAYLOAD_TOO_LARGE' }, { bodyUnread: true });
      return;
    }
    const parsed = parseJson(read.bytes);
    const problem = parsed.ok ? activityProblem(parsed.value) : 'body';
    if (!parsed.ok || problem !== undefined) {
      refuse(req, res, { status: 400, code: 'BOT.BAD_REQUEST', field: problem }, { bodyUnread: false });
      return;
    }
    req.body = parsed.value;
    let turn: TurnContext | undefined;
    try {
      await adapter.process(req, res, (context) => ((turn = context), bot.run(context)));
    } finally {
      // The invoke's answer has been written: updates of the clicked card may go now.
      if (turn) releaseInvokeAnswer(turn);
    }
  });

  return server;
}

/** The path for a log line: a download link's token is a credential and is never logged. */
function loggedPath(req: Request): string {
  const path = req.path();
  return path.startsWith('/api/audit-exports/') ? AUDIT_EXPORT_LOG_PATH : path;
}

/** What can be refused from the headers alone, before one byte of the body is read. */
function refusalBeforeReading(req: Request, secretDigest: Buffer | undefined): Refusal | undefined {
  // Browsers label every request a page makes; the Bot Framework Service, Teams and the
  // Playground's connector post server-side and send neither header. No page is a client of
  // this endpoint in any mode (Web Chat talks to Direct Line, not to the bot).
  if (isFromWebPage(req)) return { status: 403, code: 'BOT.BROWSER_REQUEST' };
  if (secretDigest && !presentsSecret(req, secretDigest)) return { status: 401, code: 'BOT.ENDPOINT_SECRET_REQUIRED' };
  // Only JSON: no multipart (restify's parser streamed file parts to disk before any check), no
  // form encoding. A cross-site page cannot send application/json without a CORS preflight,
  // which this server never answers.
  if (!isJsonContentType(req.headers['content-type'])) return { status: 415, code: 'BOT.UNSUPPORTED_MEDIA_TYPE' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return { status: 413, code: 'BOT.PAYLOAD_TOO_LARGE' };
  return undefined;
}

const WEB_PAGE_FETCH_SITES = new Set(['cross-site', 'same-site', 'same-origin']);

function isFromWebPage(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  return req.headers.origin !== undefined || (typeof site === 'string' && WEB_PAGE_FETCH_SITES.has(site.toLowerCase()));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compared as digests, in constant time, so neither timing nor length tells how close a guess was. */
function presentsSecret(req: Request, secretDigest: Buffer): boolean {
  const presented = req.headers[ENDPOINT_SECRET_HEADER];
  return typeof presented === 'string' && timingSafeEqual(sha256(presented), secretDigest);
}

/** `application/json`, optionally with `charset=utf-8` (the only encoding the reader decodes). */
function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType = '', ...parameters] = header.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = '', ...rest] = parameter.split('=');
    if (parameter.trim() === '') return true;
    return rest.length === 0 && name.trim().toLowerCase() === 'charset' && /^"?utf-8"?$/i.test(value.trim());
  });
}

type BodyRead = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'gone' };

/** Reads the body into memory, giving up as soon as it passes `limit` bytes (chunked bodies declare no length). */
function readBody(req: Request, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ kind: 'read', bytes: Buffer.concat(chunks, size) }));
    // The client went away mid-body: there is nobody to answer.
    req.once('error', () => settle({ kind: 'gone' }));
    req.once('close', () => settle({ kind: 'gone' }));
  });
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Fields the bot and botbuilder read as strings: each must be one when present (null counts as absent). */
const STRING_FIELDS: ReadonlyArray<readonly string[]> = [
  ['id'],
  ['channelId'],
  ['text'],
  ['textFormat'],
  ['locale'],
  ['name'],
  ['action'],
  ['replyToId'],
  ['timestamp'],
  ['localTimestamp'],
  ['from', 'id'],
  ['from', 'name'],
  ['from', 'aadObjectId'],
  ['from', 'role'],
  ['recipient', 'id'],
  ['recipient', 'name'],
  ['conversation', 'id'],
  ['conversation', 'name'],
  ['conversation', 'tenantId'],
  ['conversation', 'conversationType'],
  ['channelData', 'tenant', 'id'],
  ['channelData', 'eventType'],
  ['channelData', 'channel', 'id'],
  ['channelData', 'team', 'id'],
];
const MEMBER_LISTS = ['membersAdded', 'membersRemoved'] as const;

/**
 * The first field (a dotted name) that makes the body unusable as an activity, or undefined.
 * Checked here because deeper down a wrong type becomes an internal error (`text` as an object),
 * a missing field a hang (no `serviceUrl`: the connector client looked up a public host for 11 s),
 * and a nameless invoke a 501. Only known fields are read: no recursion into the body.
 */
function activityProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'body';
  const type = body['type'];
  if (typeof type !== 'string' || type.trim() === '') return 'type';
  // Replies go to serviceUrl; the Bot Framework Service always sends one.
  if (!isHttpUrl(body['serviceUrl'])) return 'serviceUrl';
  const conversationId = valueAt(body, ['conversation', 'id']);
  if (typeof conversationId !== 'string' || conversationId === '') return 'conversation.id';
  // Teams names every invoke (adaptiveCard/action, …); a nameless one is not a Teams invoke.
  if (type === 'invoke' && (typeof body['name'] !== 'string' || body['name'] === '')) return 'name';
  for (const path of STRING_FIELDS) {
    const value = valueAt(body, path);
    if (value === INVALID_PARENT) return path.slice(0, -1).join('.');
    if (value !== undefined && value !== null && typeof value !== 'string') return path.join('.');
  }
  for (const list of MEMBER_LISTS) {
    const members = body[list];
    if (members === undefined || members === null) continue;
    if (!Array.isArray(members) || !members.every((member) => isRecord(member) && typeof member['id'] === 'string')) return list;
  }
  return undefined;
}

const INVALID_PARENT = Symbol('a parent of the field is not an object');

function valueAt(body: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === undefined || current === null) return undefined;
    if (!isRecord(current)) return INVALID_PARENT;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
