/**
 * The sandbox core's contract with the route handlers (Entra, Key Vault, Graph).
 *
 * A handler is `(req: SandboxRequest) => Promise<SandboxResponse | undefined>`: it returns
 * `undefined` when the request is not one of its routes, so the core can try the next handler.
 * The core runs the loopback admin routes and the fault layer before any handler, so handlers
 * never deal with injected faults themselves (except `$batch`, which may ask `ctx.faults.decide`
 * per sub-request).
 *
 * Handlers mutate the live state objects returned by `ctx.state()` and then `await ctx.persist()`.
 * Every request reads the state afresh, so a password changed through Graph is what the token
 * endpoint checks on the very next sign-in.
 */
import type { DirectoryState } from '../directory/model';
import type { VaultState } from '../keyvault/vault-state';
import type { FaultController } from '../faults/fault-types';
import type { TrafficLog } from './traffic-log';

export interface SandboxRequest {
  method: string;
  /** Absolute URL as the client addressed it (https://127.0.0.1:PORT/...). */
  url: URL;
  /** url.pathname, percent-encoding left as sent. */
  path: string;
  query: URLSearchParams;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /**
   * Parsed JSON when the body is JSON (by content type, or when it parses as JSON);
   * otherwise the raw string (form posts: parse with `new URLSearchParams(req.rawBody)`);
   * `undefined` when there is no body.
   */
  body: unknown;
  rawBody: string;
  /** Peer address as Node reports it, e.g. "127.0.0.1" or "::ffff:127.0.0.1". */
  remoteAddress: string;
}

export interface SandboxResponse {
  status: number;
  /** Header names as they should go on the wire. `content-type` defaults to application/json for object bodies. */
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON; strings and Buffers as is; undefined sends no body. */
  body?: unknown;
}

export type SandboxHandler = (req: SandboxRequest) => Promise<SandboxResponse | undefined>;

/** Everything the sandbox persists in one JSON file under dataDir. */
export interface SandboxState {
  directory: DirectoryState;
  vault: VaultState;
}

/** Claims of a verified access token, as Graph and Key Vault need them to authorize a call. */
export interface CallerClaims {
  /** 'app' for client_credentials tokens, 'user' for delegated (password grant) tokens. */
  kind: 'app' | 'user';
  /** Object id of the caller: the user for delegated tokens, the app's service principal for app tokens. */
  oid: string;
  tid: string;
  /** Client (application) id of the app that requested the token. */
  appid: string;
  aud: string;
  /** Application permissions (app tokens); empty for user tokens. */
  roles: string[];
  /** Delegated scopes, split from the space-separated `scp` claim; empty for app tokens. */
  scopes: string[];
  /** Directory role template ids of the user (user tokens); empty for app tokens. */
  wids: string[];
  upn?: string;
}

export type TokenVerificationResult =
  | { ok: true; caller: CallerClaims }
  | {
      ok: false;
      /** missing: no bearer header; invalid: bad signature/shape/issuer; expired; audience: wrong aud. */
      reason: 'missing' | 'invalid' | 'expired' | 'audience';
      message: string;
    };

export interface SandboxClock {
  now(): Date;
}

export interface SandboxContext {
  readonly tenantId: string;
  /** https://127.0.0.1:PORT (no trailing slash). */
  readonly baseUrl: string;
  readonly clock: SandboxClock;
  /** Live, mutable state. Mutate in place, then `await persist()`. */
  state(): SandboxState;
  /** Writes the state file atomically; concurrent calls are serialized. */
  persist(): Promise<void>;
  readonly faults: FaultController;
  /**
   * Verifies an `Authorization: Bearer …` header against the sandbox's signing key, issuer,
   * tenant, expiry and (when given) audience, e.g. 'https://graph.microsoft.com'.
   */
  verifyAccessToken(authorizationHeader: string | undefined, options?: { audience?: string }): TokenVerificationResult;
  /** A fresh GUID for request-id / trace ids. */
  newRequestId(): string;
  /** Requests and executed `$batch` items, for tests that count calls (absent: nothing recorded). */
  readonly traffic?: TrafficLog;
}
