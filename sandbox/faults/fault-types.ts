/**
 * Fault injection vocabulary. Later issues use these for tests and benchmarks, so the
 * deterministic "next N requests" form exists next to the probabilistic one.
 */

/** Which part of the sandbox a request belongs to, derived from its path. */
export type SandboxArea = 'entra' | 'graph' | 'vault' | 'admin' | 'other';

/** Matches a request. All given fields must match; an empty matcher matches everything. */
export interface RouteMatcher {
  area?: SandboxArea;
  /** Upper-case HTTP method. */
  method?: string;
  /** Path prefix, e.g. '/v1.0/users'. */
  pathPrefix?: string;
  /** Regular expression source tested against the path, e.g. '^/v1\\.0/users/[^/]+$'. */
  pathPattern?: string;
}

/** When a rule fires: on each request with a probability, or on the next N matching requests. */
export interface FaultTrigger {
  /** 0..1; used when nextRequests is not set. Defaults to 1 (always). */
  probability?: number;
  /** Fire on the next N matching requests only, then stop. Deterministic, for tests. */
  nextRequests?: number;
}

export interface LatencyRule {
  match: RouteMatcher;
  delayInMs: number;
}

export interface ThrottleRule extends FaultTrigger {
  match: RouteMatcher;
  /** Sent as Retry-After (seconds). */
  retryAfterInSeconds: number;
}

export interface ServerErrorRule extends FaultTrigger {
  match: RouteMatcher;
  /** Defaults to 503. */
  status?: number;
}

export interface FaultConfig {
  latency?: LatencyRule[];
  throttle?: ThrottleRule[];
  serverErrors?: ServerErrorRule[];
  /** Every Key Vault route answers 503, or the connection is reset ('reset'). */
  vaultUnavailable?: boolean | { mode: '503' | 'reset' };
  /** Every Entra route (token, metadata, keys) answers 503. */
  entraUnavailable?: boolean;
}

export type FaultAction =
  | { kind: 'throttle'; retryAfterInSeconds: number }
  | { kind: 'error'; status: number }
  | { kind: 'reset' };

export interface FaultDecision {
  /** Total injected latency for this request. */
  delayInMs: number;
  /** What to answer instead of the real handler; undefined lets the request through. */
  action?: FaultAction;
}

export interface FaultController {
  /** Current configuration (counters of "next N" rules reflect what is left). */
  current(): FaultConfig;
  /** Replaces the whole configuration. */
  configure(config: FaultConfig): void;
  clear(): void;
  /** Decides the fault for one request and consumes "next N" budget of the rules that fire. */
  decide(request: { method: string; path: string }): FaultDecision;
}
