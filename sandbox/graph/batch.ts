/**
 * JSON batching (POST /v1.0/$batch): at most 20 requests, `dependsOn` ordering, a status per
 * item, 424 for items whose dependency failed. Each item goes through the same permission
 * checks as a top-level call and through the fault layer, so a test can throttle one item.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallerClaims, SandboxContext } from '../core/types';
import { executeGraphRequest } from './dispatch';
import { GraphErrors, GraphHttpError, graphErrorBody } from './errors';
import { isObject } from './request-body';

export const MAX_BATCH_REQUESTS = 20;
export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function parseItems(body: unknown): BatchItem[] {
  if (!isObject(body) || !Array.isArray(body.requests)) throw GraphErrors.plainBadRequest('Invalid batch payload format.');
  const requests = body.requests as unknown[];
  if (requests.length === 0) throw GraphErrors.plainBadRequest('Invalid batch payload format: the batch contains no requests.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw GraphErrors.plainBadRequest(`Invalid batch payload format: the batch contains ${requests.length} requests; the limit is ${MAX_BATCH_REQUESTS}.`);
  }
  const items = requests.map((raw, index): BatchItem => {
    if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '' || typeof raw.method !== 'string' || typeof raw.url !== 'string') {
      throw GraphErrors.plainBadRequest(`Invalid batch payload format: request ${index} needs id, method and url.`);
    }
    const headers: Record<string, string> = {};
    if (isObject(raw.headers)) for (const [k, v] of Object.entries(raw.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const dependsOn = Array.isArray(raw.dependsOn) ? (raw.dependsOn as unknown[]).filter((d): d is string => typeof d === 'string') : [];
    if (raw.body !== undefined && !headers['content-type']) {
      throw GraphErrors.plainBadRequest(`Write request id : ${raw.id} does not contain Content-Type header or body.`);
    }
    return { id: raw.id, method: raw.method.toUpperCase(), url: raw.url, headers, body: raw.body, dependsOn };
  });
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw GraphErrors.plainBadRequest(`Invalid batch payload format: duplicate request id '${item.id}'.`);
    ids.add(item.id);
  }
  for (const item of items) {
    const unknown = item.dependsOn.find((d) => !ids.has(d) || d === item.id);
    if (unknown !== undefined) throw GraphErrors.plainBadRequest(`Invalid batch payload format: request '${item.id}' depends on unknown request '${unknown}'.`);
    if (/^\/?(v1\.0\/)?\$batch/i.test(item.url)) throw GraphErrors.plainBadRequest('Nested $batch requests are not supported.');
    if (/^https?:/i.test(item.url)) throw GraphErrors.plainBadRequest(`Invalid batch payload format: request '${item.id}' must use a relative URL.`);
  }
  return items;
}

export async function executeBatch(ctx: SandboxContext, caller: CallerClaims, body: unknown, requestId: string): Promise<{ responses: BatchItemResponse[] }> {
  const items = parseItems(body);
  const byId = new Map(items.map((i) => [i.id, i]));
  const done = new Map<string, BatchItemResponse>();
  const inProgress = new Set<string>();

  const run = async (item: BatchItem): Promise<BatchItemResponse> => {
    const finished = done.get(item.id);
    if (finished) return finished;
    if (inProgress.has(item.id)) throw GraphErrors.plainBadRequest('Invalid batch payload format: dependsOn forms a cycle.');
    inProgress.add(item.id);
    let failedDependency = false;
    for (const dependency of item.dependsOn) {
      const result = await run(byId.get(dependency) as BatchItem);
      if (result.status >= 400) failedDependency = true;
    }
    const response = failedDependency ? failedDependencyResponse(item, ctx, requestId) : await runItem(ctx, caller, item, requestId);
    done.set(item.id, response);
    return response;
  };

  // Items run one at a time, in order, with dependencies first: the sandbox's state has no
  // concurrency control, and real Graph gives no ordering guarantee to rely on anyway.
  for (const item of items) await run(item);
  return { responses: items.map((i) => done.get(i.id) as BatchItemResponse) };
}

function failedDependencyResponse(item: BatchItem, ctx: SandboxContext, requestId: string): BatchItemResponse {
  const error = new GraphHttpError(424, 'FailedDependency', 'The request failed because a request it depends on failed.');
  return { id: item.id, status: 424, headers: { 'Content-Type': ODATA_JSON }, body: graphErrorBody(error, { requestId, now: ctx.clock.now() }) };
}

async function runItem(ctx: SandboxContext, caller: CallerClaims, item: BatchItem, requestId: string): Promise<BatchItemResponse> {
  const response = await answerItem(ctx, caller, item, requestId);
  ctx.traffic?.record({ kind: 'batchItem', method: item.method, path: new URL(item.url, 'https://batch.invalid/').pathname.replace(/^\/v1\.0(?=\/|$)/i, '').replace(/^/, '/v1.0'), status: response.status });
  return response;
}

async function answerItem(ctx: SandboxContext, caller: CallerClaims, item: BatchItem, requestId: string): Promise<BatchItemResponse> {
  // The JS SDK's BatchRequestContent sends "/v1.0/users…" (scheme and host stripped from a full
  // URL); Graph accepts the version prefix as well as the bare "/users…".
  const relative = (item.url.startsWith('/') ? item.url : `/${item.url}`).replace(/^\/v1\.0(?=\/|$)/i, '');
  const url = new URL(`${ctx.baseUrl}/v1.0${relative}`);
  // Same fault rules as top-level requests, matched on the item's own path.
  const decision = ctx.faults.decide({ method: item.method, path: url.pathname });
  if (decision.delayInMs > 0) await sleep(decision.delayInMs);
  if (decision.action) {
    const throttled = decision.action.kind === 'throttle';
    const status = decision.action.kind === 'error' ? decision.action.status : throttled ? 429 : 503;
    const error = throttled
      ? new GraphHttpError(429, 'TooManyRequests', 'Too many requests to this resource. Please try again later.')
      : new GraphHttpError(status, status === 503 ? 'ServiceUnavailable' : 'UnknownError', 'The service is temporarily unavailable. Please try again later.');
    const headers: Record<string, string> = { 'Content-Type': ODATA_JSON };
    if (decision.action.kind === 'throttle') headers['Retry-After'] = String(decision.action.retryAfterInSeconds);
    return { id: item.id, status, headers, body: graphErrorBody(error, { requestId, now: ctx.clock.now() }) };
  }
  try {
    const result = await executeGraphRequest(ctx, caller, { method: item.method, url, headers: item.headers, body: item.body });
    const headers: Record<string, string> = {};
    if (result.body !== undefined) headers['Content-Type'] = typeof result.body === 'string' ? 'text/plain;charset=utf-8' : ODATA_JSON;
    for (const [name, value] of Object.entries(result.headers ?? {})) if (name.toLowerCase() === 'location') headers.Location = value;
    return { id: item.id, status: result.status, headers, ...(result.body !== undefined ? { body: result.body } : {}) };
  } catch (error) {
    if (!(error instanceof GraphHttpError)) throw error;
    return { id: item.id, status: error.status, headers: { 'Content-Type': ODATA_JSON, ...error.headers }, body: graphErrorBody(error, { requestId, now: ctx.clock.now() }) };
  }
}
