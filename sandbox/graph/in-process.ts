/**
 * The Graph routes without the HTTPS server: for unit tests of the routes and for the CSDL
 * conformance test, which drives the real Graph client through `fetch` below. Tokens here are
 * unsigned claim sets minted by `appToken` / `userToken`; this context is never mounted on the
 * sandbox's server, whose handler verifies signed tokens through the core.
 */
import { randomUUID } from 'node:crypto';
import type { CallerClaims, SandboxContext, SandboxState, TokenVerificationResult } from '../core/types';
import { loadContosoDirectory } from '../directory/seed';
import { directoryRoleTemplateIdsOf, findApplication, findUser, type DirectoryState } from '../directory/model';
import { createFaultController } from '../faults/fault-controller';
import { emptyVault } from '../keyvault/vault-seed';
import type { FaultController } from '../faults/fault-types';
import { createGraphHandler } from './index';

export const IN_PROCESS_BASE_URL = 'https://graph.sandbox.test';

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface InProcessGraph {
  ctx: SandboxContext;
  directory(): DirectoryState;
  faults: FaultController;
  /** How many times the routes asked to persist. */
  persistCount(): number;
  /** Client-credentials token claims for an app of the directory. */
  appToken(appId: string): string;
  /** Password-grant token claims for a user, through an app's consented delegated scopes. */
  userToken(userIdOrUpn: string, appId: string): string;
  request(method: string, path: string, options?: { token?: string; headers?: Record<string, string>; body?: unknown }): Promise<InProcessResponse>;
  /** A fetch for the real Graph client: requests go straight to the handler. */
  fetch: (url: string, init: Record<string, unknown>) => Promise<Response>;
}

const PREFIX = 'inprocess.';

function encodeClaims(claims: CallerClaims): string {
  return PREFIX + Buffer.from(JSON.stringify(claims)).toString('base64url');
}

function verify(header: string | undefined): TokenVerificationResult {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return { ok: false, reason: 'missing', message: 'Access token is empty.' };
  const token = match[1] as string;
  if (!token.startsWith(PREFIX)) return { ok: false, reason: 'invalid', message: 'IDX14100: JWT is not well formed.' };
  try {
    return { ok: true, caller: JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as CallerClaims };
  } catch {
    return { ok: false, reason: 'invalid', message: 'IDX14100: JWT is not well formed.' };
  }
}

export function createInProcessGraph(options: { directory?: DirectoryState; now?: () => Date } = {}): InProcessGraph {
  const state: SandboxState = { directory: options.directory ?? loadContosoDirectory(), vault: emptyVault() };
  const faults = createFaultController();
  let persists = 0;
  const ctx: SandboxContext = {
    tenantId: state.directory.tenantId,
    baseUrl: IN_PROCESS_BASE_URL,
    clock: { now: options.now ?? (() => new Date()) },
    state: () => state,
    persist: async () => {
      persists += 1;
    },
    faults,
    verifyAccessToken: verify,
    newRequestId: randomUUID,
  };
  const handler = createGraphHandler(ctx);

  const request = async (method: string, path: string, opts: { token?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<InProcessResponse> => {
    const url = new URL(path, IN_PROCESS_BASE_URL);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const rawBody = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    let body: unknown = opts.body;
    if (typeof opts.body === 'string') {
      try {
        body = JSON.parse(opts.body) as unknown;
      } catch {
        body = opts.body;
      }
    }
    const response = await handler({ method: method.toUpperCase(), url, path: url.pathname, query: url.searchParams, headers, body, rawBody, remoteAddress: '127.0.0.1' });
    if (!response) return { status: 404, headers: {}, body: undefined };
    const lower: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers ?? {})) lower[k.toLowerCase()] = v;
    return { status: response.status, headers: lower, body: response.body };
  };

  return {
    ctx,
    directory: () => state.directory,
    faults,
    persistCount: () => persists,
    appToken(appId) {
      const app = findApplication(state.directory, appId);
      if (!app) throw new Error(`No app ${appId}`);
      return encodeClaims({ kind: 'app', oid: app.servicePrincipalId, tid: state.directory.tenantId, appid: app.appId, aud: 'https://graph.microsoft.com', roles: [...app.roles], scopes: [], wids: [] });
    },
    userToken(userIdOrUpn, appId) {
      const app = findApplication(state.directory, appId);
      const user = findUser(state.directory, userIdOrUpn);
      if (!app || !user) throw new Error(`No app ${appId} or user ${userIdOrUpn}`);
      return encodeClaims({
        kind: 'user', oid: user.id, tid: state.directory.tenantId, appid: app.appId, aud: 'https://graph.microsoft.com', roles: [],
        scopes: [...app.delegatedScopes], wids: directoryRoleTemplateIdsOf(state.directory, user.id), upn: user.userPrincipalName,
      });
    },
    request,
    fetch: async (url, init) => {
      const headers: Record<string, string> = {};
      const h = init.headers as Record<string, string> | Headers | undefined;
      if (h instanceof Headers) h.forEach((v, k) => (headers[k] = v));
      else if (h) Object.assign(headers, h);
      const u = new URL(url);
      const body = typeof init.body === 'string' ? init.body : undefined;
      const result = await request(String(init.method ?? 'GET'), `${u.pathname}${u.search}`, { headers, body });
      const payload = result.body === undefined ? null : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
      return new Response(result.status === 204 ? null : payload, { status: result.status, headers: result.headers });
    },
  };
}
