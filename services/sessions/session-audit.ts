/** Small mappers from this area's types to the audit log's entry shape. */
import type { AuditPrincipal, JsonObject } from '../ports/audit-log.port';
import type { SessionPrincipal } from './session.types';

export function auditPrincipal(principal: SessionPrincipal | undefined): { principal: AuditPrincipal } | Record<string, never> {
  return principal ? { principal: { id: principal.objectId, upn: principal.userPrincipalName } } : {};
}

/** Audit details are JSON: undefined fields are left out rather than written as null. */
export function auditDetails(details: Record<string, string | number | boolean | undefined>): JsonObject {
  const json: JsonObject = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined) json[key] = value;
  return json;
}
