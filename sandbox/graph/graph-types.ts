/**
 * The contract between the Graph dispatcher and its route modules. Routes are data plus a
 * handler, so the CSDL conformance test can walk every method, path template and body property
 * the sandbox serves without running anything.
 */
import type { CallerClaims, SandboxContext } from '../core/types';
import type { DirectoryState } from '../directory/model';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphCall {
  ctx: SandboxContext;
  state: DirectoryState;
  caller: CallerClaims;
  method: GraphMethod;
  /** Decoded path segments after /v1.0. */
  segments: string[];
  /** Values of the template's `{name}` segments. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lowercased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** Absolute URL of this (sub-)request, used to build @odata.nextLink. */
  url: URL;
  now: Date;
}

export interface GraphResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The route changed the directory: the dispatcher persists the state. */
  mutated?: boolean;
}

/**
 * What a request body may carry, for validation and the CSDL test. Properties are OData
 * property paths: segments joined by '/', a qualified name is a type cast applying to what
 * precedes it (or to the body itself when it comes first):
 * `passwordProfile/password`, `microsoft.graph.ipNamedLocation/ipRanges/microsoft.graph.iPv4CidrRange/cidrAddress`.
 */
export type RouteBody =
  | { kind: 'entity'; type: string; properties: string[] }
  | { kind: 'action'; properties: string[] }
  | { kind: 'reference' }
  | { kind: 'batch' };

/** Permissions a route needs, as Microsoft Graph's permission tables list them ("any of"). */
export interface PermissionRequirement {
  /** Application permissions (app-only tokens' `roles`). Empty: app-only is not supported. */
  application: readonly string[];
  /** Delegated permissions (user tokens' `scp`). Directory.AccessAsUser.All counts where listed. */
  delegated: readonly string[];
  /**
   * Directory role actions the signed-in user must hold for delegated calls
   * (e.g. microsoft.directory/users/create). Reads that every member may do need none.
   */
  userRoleActions?: (call: GraphCall) => string[];
}

export interface GraphRoute {
  method: GraphMethod;
  /** Template relative to /v1.0, e.g. '/users/{user-id}/revokeSignInSessions'. */
  path: string;
  body?: RouteBody;
  permissions: PermissionRequirement;
  /** App-only callers get this 400 instead of a 403 (e.g. /me). */
  delegatedOnly?: string;
  handle(call: GraphCall): GraphResult | Promise<GraphResult>;
}
