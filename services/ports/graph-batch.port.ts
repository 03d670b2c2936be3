/**
 * Graph JSON batching as a port: up to 20 requests in one HTTP call (POST /$batch), each with
 * its own answer. Implemented by services/adapters/graph/graph-batch.ts on
 * @microsoft/microsoft-graph-client's BatchRequestContent. Services see these types only.
 *
 * A whole-batch failure (network, 401, the $batch call itself throttled past the SDK's retries)
 * throws DirectoryError: the caller cannot know which items ran. Per-item failures (a 429 for
 * one user, a 404) come back as items, never as a throw.
 */
export const MAX_GRAPH_BATCH_REQUESTS = 20;

export interface GraphBatchRequest {
  /** Unique within the batch. */
  id: string;
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  /** Relative to the Graph version root, e.g. `/users/{id}`. */
  url: string;
  body?: Readonly<Record<string, unknown>>;
}

export interface GraphBatchItemResult {
  id: string;
  status: number;
  /** From the item's own Retry-After header (429, 503). */
  retryAfterInMs?: number;
  /** Graph's error code for a failed item, e.g. `Request_ResourceNotFound`. */
  errorCode?: string;
  /** The item's JSON body for a successful GET; undefined otherwise. */
  body?: Readonly<Record<string, unknown>>;
}

export interface GraphBatch {
  /**
   * Sends the requests (at most MAX_GRAPH_BATCH_REQUESTS) as one POST /$batch and returns one
   * result per request, in request order. Each item needs its own permission (e.g. User.ReadWrite.All).
   * @throws DirectoryError for a failure of the whole batch.
   */
  send(tenantId: string, requests: readonly GraphBatchRequest[]): Promise<GraphBatchItemResult[]>;
}
