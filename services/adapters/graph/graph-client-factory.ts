/**
 * Builds a @microsoft/microsoft-graph-client 3.0.7 Client for one tenant.
 *
 * How the client reaches the network: its default chain ends in HTTPMessageHandler, which calls
 * the *global* `fetch` (Node's bundled undici) with `fetchOptions` merged in. Rather than rely on
 * the bundled undici accepting a dispatcher from the npm `undici` package, the chain here ends in
 * our own FetchHandler that calls an injected fetch (npm undici's, bound to a dispatcher that
 * trusts only the sandbox CA; or plain global fetch against real Graph). Nothing process-wide
 * changes.
 *
 * Two traps of the client this avoids:
 *  - AuthenticationHandler adds the bearer token only for graph.microsoft.com hosts or hosts in
 *    `customHosts`, and only for https:// URLs; anything else is sent *without* a token, silently.
 *    So the sandbox is https and its hostname goes in `customHosts`.
 *  - RetryHandler retries 429/503/504 honouring Retry-After (seconds), up to maxRetries (default 3,
 *    max 10) with a delay cap of 180 s; we keep it and make its options configurable.
 */
import { DirectoryError } from '../../ports/directory.port';
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';

/** What the client needs from fetch; undici's fetch and the global fetch both fit. */
export type GraphFetch = (url: string, init: Record<string, unknown>) => Promise<unknown>;

export interface GraphRetryOptions {
  /** 0–10; default 3. */
  maxRetries?: number;
  /** Delay when the response has no Retry-After, in seconds (0–180); default 3. */
  delayInSeconds?: number;
}

/** Sends the request with the injected fetch; the last link of the middleware chain. */
class FetchHandler implements Middleware {
  constructor(private readonly fetch: GraphFetch) {}

  async execute(context: Context): Promise<void> {
    const request = context.request as unknown;
    if (typeof request === 'string') {
      context.response = (await this.fetch(request, { ...(context.options as Record<string, unknown>) })) as Response;
      return;
    }
    // The client only builds Request objects when following redirects; rebuild it as url + init.
    const r = request as Request;
    const body = r.body ? await r.arrayBuffer() : undefined;
    const headers: Record<string, string> = {};
    r.headers.forEach((value, name) => {
      headers[name] = value;
    });
    context.response = (await this.fetch(r.url, { ...(context.options as Record<string, unknown>), method: r.method, headers, body })) as Response;
  }
}

/**
 * Wraps the token function so its failure reaches our caller unchanged: the client re-throws
 * GraphClientError as is, while any other error would be flattened into a GraphError.
 */
class TokenFunctionAuthProvider implements AuthenticationProvider {
  constructor(
    private readonly tenantId: string,
    private readonly tokenFor: (tenantId: string) => Promise<string>,
  ) {}

  async getAccessToken(): Promise<string> {
    try {
      return await this.tokenFor(this.tenantId);
    } catch (error) {
      const wrapped = new GraphClientError('Could not get an access token for Microsoft Graph.');
      wrapped.customError = error;
      throw wrapped;
    }
  }
}

export interface GraphClientFactoryOptions {
  /** e.g. https://graph.microsoft.com/v1.0 or https://127.0.0.1:PORT/v1.0 */
  baseUrl: string;
  getAccessToken: (tenantId: string) => Promise<string>;
  fetch: GraphFetch;
  retry?: GraphRetryOptions;
}

export function createGraphClient(tenantId: string, options: GraphClientFactoryOptions): Client {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:') throw new Error(`Graph base URL must be https (the client sends no token over http): ${options.baseUrl}`);
  const version = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const chain: Middleware[] = [
    new AuthenticationHandler(new TokenFunctionAuthProvider(tenantId, options.getAccessToken)),
    new RetryHandler(new RetryHandlerOptions(options.retry?.delayInSeconds ?? 3, options.retry?.maxRetries ?? 3)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new FetchHandler(options.fetch),
  ];
  // The client links an array of handlers into a chain itself (HTTPClient.parseMiddleWareArray).
  return Client.initWithMiddleware({
    middleware: chain,
    baseUrl: `${base.origin}/`,
    defaultVersion: version,
    customHosts: base.hostname === 'graph.microsoft.com' ? undefined : new Set([base.hostname]),
  });
}

/** Where a pool's clients send: the options every Graph adapter takes. */
export interface GraphClientPoolOptions {
  /** Graph v1.0 root: https://graph.microsoft.com/v1.0 (default) or the sandbox's https://127.0.0.1:PORT/v1.0. */
  baseUrl?: string;
  getAccessToken: (tenantId: string) => Promise<string>;
  /** Defaults to the global fetch. */
  fetch?: GraphFetch;
  retry?: GraphRetryOptions;
}

/** One Graph client per tenant, made on first use; shared by the Graph adapters. */
export class GraphClientPool {
  private readonly clients = new Map<string, Client>();
  /** The v1.0 root without a trailing slash, for `@odata.id` references and batch item URLs. */
  readonly baseUrl: string;

  constructor(private readonly options: GraphClientPoolOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  }

  client(tenantId: string): Client {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = createGraphClient(tenantId, {
        baseUrl: this.baseUrl,
        getAccessToken: this.options.getAccessToken,
        fetch: this.options.fetch ?? ((url, init) => fetch(url, init as RequestInit)),
        retry: this.options.retry,
      });
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

/** Pages followed per collection before giving up (999 items each): far beyond any real tenant's lists. */
export const MAX_GRAPH_PAGES = 50;

/**
 * Every page of a collection, following @odata.nextLink. `mustComplete`: a collection longer than
 * MAX_GRAPH_PAGES throws DIRECTORY.UNAVAILABLE instead of being cut short, for answers that must be whole.
 */
export async function listAllPages<T>(client: Client, path: string, options: { mustComplete?: boolean } = {}): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = path;
  for (let page = 0; next && page < MAX_GRAPH_PAGES; page += 1) {
    const response = (await client.api(next).get()) as { value: T[]; '@odata.nextLink'?: string };
    items.push(...response.value);
    next = response['@odata.nextLink'];
  }
  if (next && options.mustComplete) throw new DirectoryError('DIRECTORY.UNAVAILABLE', `The collection at ${path.split('?')[0]} has more than ${MAX_GRAPH_PAGES} pages; it was not read to the end.`);
  return items;
}
