/**
 * One request's path through the sandbox: admin routes, then the fault layer (latency, 429,
 * 5xx, outages) for every service alike, then the first handler that claims the route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { faultResponse } from '../faults/fault-responses';
import { areaOfPath } from '../faults/route-area';
import { handleAdminRequest, type AdminDependencies } from './admin-routes';
import { BodyTooLargeError, readSandboxRequest, writeSandboxResponse } from './http-io';
import type { SandboxContext, SandboxHandler, SandboxResponse } from './types';

export interface PipelineOptions {
  ctx: SandboxContext;
  handlers: SandboxHandler[];
  admin: AdminDependencies;
  /** Unexpected handler errors; the client only sees a 500 with a request id. */
  onError?: (error: unknown, requestId: string) => void;
}

export function createRequestPipeline(options: PipelineOptions) {
  const { ctx } = options;
  return async (message: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = ctx.newRequestId();
    try {
      const req = await readSandboxRequest(message, ctx.baseUrl);
      const traffic = ctx.traffic;
      if (traffic && areaOfPath(req.path) !== 'admin') res.once('finish', () => traffic.record({ kind: 'http', method: req.method, path: req.path, status: res.statusCode }));
      const admin = await handleAdminRequest(req, options.admin);
      if (admin) return writeSandboxResponse(res, admin);

      const decision = ctx.faults.decide({ method: req.method, path: req.path });
      if (decision.delayInMs > 0) await sleep(decision.delayInMs);
      if (decision.action?.kind === 'reset') {
        // "Connection reset": the client sees ECONNRESET, as when a service's front end drops it.
        message.socket.destroy();
        return;
      }
      const area = areaOfPath(req.path);
      if (decision.action) {
        const correlationId = req.headers['client-request-id'];
        return writeSandboxResponse(res, faultResponse(area, decision.action, { requestId, now: ctx.clock.now(), correlationId }));
      }
      for (const handler of options.handlers) {
        const response = await handler(req);
        if (response) return writeSandboxResponse(res, withRequestId(response, area, requestId));
      }
      writeSandboxResponse(res, notFound(area, req.path, requestId, ctx.clock.now()));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return writeSandboxResponse(res, { status: 413, body: { error: { code: 'RequestEntityTooLarge', message: error.message } } });
      options.onError?.(error, requestId);
      if (!res.headersSent) writeSandboxResponse(res, { status: 500, body: { error: { code: 'InternalServerError', message: `Sandbox error. Request id: ${requestId}` } } });
    }
  };
}

/** Key Vault and Graph both echo a request id header; handlers may set their own. */
function withRequestId(response: SandboxResponse, area: string, requestId: string): SandboxResponse {
  const headers = { ...(response.headers ?? {}) };
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (area === 'vault' && !has('x-ms-request-id')) headers['x-ms-request-id'] = requestId;
  if (area === 'graph' && !has('request-id')) headers['request-id'] = requestId;
  return { ...response, headers };
}

function notFound(area: string, path: string, requestId: string, now: Date): SandboxResponse {
  if (area === 'graph') {
    return {
      status: 400,
      body: { error: { code: 'BadRequest', message: `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? ''}'.`, innerError: { date: now.toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } } },
    };
  }
  return { status: 404, body: { error: { code: 'NotFound', message: `The sandbox serves no route ${path}.` } } };
}
