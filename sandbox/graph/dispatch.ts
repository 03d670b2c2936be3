/**
 * Routes one Graph request (top-level or a $batch item) to its handler: path matching,
 * the permission check every call gets, the handler, and persistence of changes.
 */
import type { CallerClaims, SandboxContext } from '../core/types';
import { GraphErrors } from './errors';
import type { GraphCall, GraphMethod, GraphResult, GraphRoute } from './graph-types';
import { checkRoutePermissions } from './permissions';
import { GRAPH_ROUTES } from './route-table';

export interface GraphRequestInput {
  method: string;
  /** Absolute URL of the request, path starting with /v1.0. */
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

interface RouteMatch {
  route: GraphRoute;
  params: Record<string, string>;
}

function splitPath(pathname: string): string[] {
  const relative = pathname.replace(/^\/v1\.0/i, '');
  try {
    return relative.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw GraphErrors.plainBadRequest('Invalid request URL: bad percent-encoding.');
  }
}

function templateSegments(route: GraphRoute): string[] {
  return route.path.split('/').filter(Boolean);
}

function matchTemplate(route: GraphRoute, segments: string[]): { params: Record<string, string>; literals: number } | undefined {
  const template = templateSegments(route);
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  let literals = 0;
  for (let i = 0; i < template.length; i += 1) {
    const t = template[i] as string;
    const s = segments[i] as string;
    if (t.startsWith('{') && t.endsWith('}')) params[t.slice(1, -1)] = s;
    else if (t.toLowerCase() === s.toLowerCase()) literals += 1;
    else return undefined;
  }
  return { params, literals };
}

/** The most specific template wins (`/users/$count` over `/users/{user-id}`). */
export function matchRoute(method: string, segments: string[]): RouteMatch {
  const candidates = GRAPH_ROUTES.map((route) => ({ route, match: matchTemplate(route, segments) })).filter((c) => c.match !== undefined);
  if (candidates.length === 0) throw GraphErrors.segmentNotFound(firstUnknownSegment(segments));
  const forMethod = candidates.filter((c) => c.route.method === method);
  if (forMethod.length === 0) throw GraphErrors.methodNotAllowed();
  forMethod.sort((a, b) => (b.match?.literals ?? 0) - (a.match?.literals ?? 0));
  const best = forMethod[0] as { route: GraphRoute; match: { params: Record<string, string> } };
  return { route: best.route, params: best.match.params };
}

/** Graph names the first segment it could not resolve. */
function firstUnknownSegment(segments: string[]): string {
  for (let depth = 1; depth <= segments.length; depth += 1) {
    const prefix = segments.slice(0, depth);
    const known = GRAPH_ROUTES.some((route) => {
      const template = templateSegments(route);
      return template.length >= depth && prefix.every((s, i) => (template[i] as string).startsWith('{') || (template[i] as string).toLowerCase() === s.toLowerCase());
    });
    if (!known) return segments[depth - 1] as string;
  }
  return segments[segments.length - 1] ?? '';
}

export async function executeGraphRequest(ctx: SandboxContext, caller: CallerClaims, input: GraphRequestInput): Promise<GraphResult> {
  const method = input.method.toUpperCase();
  const segments = splitPath(input.url.pathname);
  const { route, params } = matchRoute(method, segments);
  const call: GraphCall = {
    ctx,
    state: ctx.state().directory,
    caller,
    method: method as GraphMethod,
    segments,
    params,
    query: input.url.searchParams,
    headers: input.headers,
    body: input.body,
    url: input.url,
    now: ctx.clock.now(),
  };
  if (route.delegatedOnly && caller.kind === 'app') throw GraphErrors.plainBadRequest(route.delegatedOnly);
  const denied = checkRoutePermissions(call, route.permissions);
  if (denied) throw denied;
  const result = await route.handle(call);
  if (result.mutated) await ctx.persist();
  return result;
}

