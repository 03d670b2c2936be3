/**
 * The sandbox's Microsoft Graph v1.0 subset. The core mounts this handler for every request;
 * it claims paths under /v1.0/ and answers everything else with `undefined`.
 *
 * Every call needs a valid Graph access token from the sandbox's token endpoint (401
 * InvalidAuthenticationToken otherwise) and the permissions Microsoft Graph lists for the
 * operation (403 Authorization_RequestDenied otherwise). Errors use Graph's shape with
 * innerError request-id / date / client-request-id.
 */
import type { CallerClaims, SandboxContext, SandboxRequest, SandboxResponse } from '../core/types';
import { executeBatch, ODATA_JSON } from './batch';
import { executeGraphRequest } from './dispatch';
import { GraphErrors, GraphHttpError, graphErrorBody } from './errors';

export { GRAPH_ROUTES, describeGraphRoutes } from './route-table';
export type { GraphRouteDescription } from './route-table';

/** Graph accepts tokens whose audience names it by URI or by application id. */
const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

export function createGraphHandler(ctx: SandboxContext): (req: SandboxRequest) => Promise<SandboxResponse | undefined> {
  return async (req) => {
    if (!/^\/v1\.0(\/|$)/i.test(req.path)) return undefined;
    const requestId = ctx.newRequestId();
    const clientRequestId = req.headers['client-request-id'];
    const idHeaders: Record<string, string> = { 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId };
    try {
      const caller = authenticate(ctx, req.headers.authorization);
      if (/^\/v1\.0\/\$batch\/?$/i.test(req.path)) {
        if (req.method !== 'POST') throw GraphErrors.methodNotAllowed();
        const body = await executeBatch(ctx, caller, req.body, requestId);
        return { status: 200, headers: { ...idHeaders, 'Content-Type': ODATA_JSON, 'OData-Version': '4.0' }, body };
      }
      const result = await executeGraphRequest(ctx, caller, { method: req.method, url: req.url, headers: req.headers, body: req.body });
      const headers: Record<string, string> = { ...idHeaders, 'OData-Version': '4.0', ...(result.headers ?? {}) };
      if (result.body !== undefined && typeof result.body !== 'string') headers['Content-Type'] = ODATA_JSON;
      return { status: result.status, headers, body: result.body };
    } catch (error) {
      if (!(error instanceof GraphHttpError)) throw error;
      return {
        status: error.status,
        headers: { ...idHeaders, 'Content-Type': 'application/json', ...error.headers },
        body: graphErrorBody(error, { requestId, clientRequestId, now: ctx.clock.now() }),
      };
    }
  };
}

function authenticate(ctx: SandboxContext, authorization: string | undefined): CallerClaims {
  const verified = ctx.verifyAccessToken(authorization);
  if (!verified.ok) {
    throw GraphErrors.invalidToken(verified.reason === 'missing' ? 'Access token is empty.' : verified.message);
  }
  const aud = verified.caller.aud.replace(/\/+$/, '').toLowerCase();
  if (!GRAPH_AUDIENCES.includes(aud)) throw GraphErrors.invalidToken('Access token validation failure. Invalid audience.');
  return verified.caller;
}
