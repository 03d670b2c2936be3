/**
 * Every Graph v1.0 route the sandbox serves, as data. The dispatcher matches against it and the
 * CSDL conformance test walks it (method, path template, body contract).
 */
import { conditionalAccessRoutes } from './conditional-access.routes';
import type { GraphMethod, GraphRoute, RouteBody } from './graph-types';
import { groupRoutes } from './groups.routes';
import { managerRoutes } from './manager.routes';
import { roleManagementRoutes } from './role-management.routes';
import { tenantRoutes } from './tenant.routes';
import { teamworkRoutes } from './teamwork.routes';
import { userAccessRoutes } from './user-access.routes';
import { userActionRoutes } from './user-actions.routes';
import { userRoutes } from './users.routes';

export const GRAPH_ROUTES: readonly GraphRoute[] = [
  ...userRoutes,
  ...userActionRoutes,
  ...userAccessRoutes,
  ...managerRoutes,
  ...groupRoutes,
  ...roleManagementRoutes,
  ...conditionalAccessRoutes,
  ...tenantRoutes,
  ...teamworkRoutes,
];

/** The route table without handlers: what the conformance test checks against the metadata. */
export interface GraphRouteDescription {
  method: GraphMethod | 'POST';
  path: string;
  body?: RouteBody;
}

export function describeGraphRoutes(): GraphRouteDescription[] {
  return [
    ...GRAPH_ROUTES.map(({ method, path, body }) => ({ method, path, ...(body ? { body } : {}) })),
    // JSON batching is an OData endpoint outside the entity model.
    { method: 'POST' as const, path: '/$batch', body: { kind: 'batch' as const } },
  ];
}
