/**
 * GraphBatch on @microsoft/microsoft-graph-client: the SDK's BatchRequestContent builds the JSON
 * batch body (it strips scheme, host and port from each request, leaving "/v1.0/users/…", which
 * Graph accepts), and the batch goes out as one POST /$batch through the same client chain as
 * every other call (token, RetryHandler for a throttled *batch*, our fetch). Items are answered
 * individually: a throttled item is a 429 item with its own Retry-After, not an error, so the
 * caller retries exactly the items that need it.
 */
import { BatchRequestContent, type Client } from '@microsoft/microsoft-graph-client';
import { DirectoryError } from '../../ports/directory.port';
import { MAX_GRAPH_BATCH_REQUESTS, type GraphBatch, type GraphBatchItemResult, type GraphBatchRequest } from '../../ports/graph-batch.port';
import { GraphClientPool, type GraphFetch, type GraphRetryOptions } from './graph-client-factory';
import { toDirectoryError } from './graph-error-mapping';

export interface GraphBatchOptions {
  baseUrl?: string;
  getAccessToken: (tenantId: string) => Promise<string>;
  fetch?: GraphFetch;
  retry?: GraphRetryOptions;
}

interface BatchResponseItemDto {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class GraphBatchClient implements GraphBatch {
  private readonly pool: GraphClientPool;

  constructor(options: GraphBatchOptions) {
    this.pool = new GraphClientPool(options);
  }

  async send(tenantId: string, requests: readonly GraphBatchRequest[]): Promise<GraphBatchItemResult[]> {
    if (requests.length === 0) return [];
    if (requests.length > MAX_GRAPH_BATCH_REQUESTS) throw new Error(`A Graph batch takes at most ${MAX_GRAPH_BATCH_REQUESTS} requests, not ${requests.length}.`);
    let answer: { responses?: BatchResponseItemDto[] };
    try {
      const content = new BatchRequestContent(
        requests.map((request) => ({
          id: request.id,
          request: new Request(`${this.pool.baseUrl}${request.url}`, {
            method: request.method,
            ...(request.body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request.body) } : {}),
          }),
        })),
      );
      answer = (await this.client(tenantId).api('/$batch').post(await content.getContent())) as { responses?: BatchResponseItemDto[] };
    } catch (error) {
      throw toDirectoryError(error, 'batch request', ['User.ReadWrite.All']);
    }
    const byId = new Map((answer.responses ?? []).map((item) => [item.id, item]));
    return requests.map((request): GraphBatchItemResult => {
      const item = byId.get(request.id);
      if (!item) throw new DirectoryError('DIRECTORY.UNAVAILABLE', `Microsoft Graph answered the batch without item ${request.id}.`);
      const retryAfter = headerOf(item.headers, 'retry-after');
      const body = isObject(item.body) ? item.body : undefined;
      const errorCode = item.status >= 400 && body && isObject(body['error']) && typeof body['error']['code'] === 'string' ? body['error']['code'] : undefined;
      return {
        id: item.id,
        status: item.status,
        ...(retryAfter !== undefined && Number.isFinite(Number(retryAfter)) ? { retryAfterInMs: Math.max(0, Number(retryAfter) * 1000) } : {}),
        ...(errorCode ? { errorCode } : {}),
        ...(item.status < 300 && body ? { body } : {}),
      };
    });
  }

  private client(tenantId: string): Client {
    return this.pool.client(tenantId);
  }
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
