/** Request-body checks shared by the routes, driven by each route's declared body contract. */
import { GraphErrors } from './errors';
import type { GraphCall, RouteBody } from './graph-types';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON object, or Graph's answer to an empty or non-JSON payload. */
export function objectBody(call: GraphCall): JsonObject {
  if (call.body === undefined || call.body === '') throw GraphErrors.plainBadRequest('Empty Payload. JSON content expected.');
  if (!isObject(call.body)) throw GraphErrors.plainBadRequest('Invalid request body: JSON object expected.');
  return call.body;
}

/** A qualified name in a property path is a type cast, not a property. */
export function isTypeCast(segment: string): boolean {
  return segment.includes('.');
}

/** Top-level names a body contract allows ("passwordProfile/password" allows "passwordProfile"). */
export function topLevelNames(body: RouteBody): Set<string> {
  if (body.kind !== 'entity' && body.kind !== 'action') return new Set();
  return new Set(body.properties.map((p) => p.split('/').find((segment) => !isTypeCast(segment)) as string));
}

/** Rejects properties the route's contract does not name, as OData does for unknown ones. */
export function rejectUnknownProperties(body: JsonObject, contract: RouteBody, typeName: string): void {
  const allowed = topLevelNames(contract);
  for (const name of Object.keys(body)) {
    if (name.startsWith('@odata.')) continue;
    if (!allowed.has(name)) throw GraphErrors.unknownProperty(name, typeName);
  }
}

export function stringProperty(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
