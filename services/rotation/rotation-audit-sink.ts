/**
 * Writes the rotation's audit records into the tamper-evident audit log (services/audit). The
 * principal is the bot's own app: rotation changes the password through the bot's identity,
 * never with the service account's token.
 */
import type { AuditEntry, AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { RotationAuditEntry, RotationAuditSink } from './rotation-collaborators.port';

export class AuditLogRotationSink implements RotationAuditSink {
  /** @param botAppId the bot's client id, recorded as the principal of the Graph calls. */
  constructor(
    private readonly writer: AuditWriter,
    private readonly botAppId: string,
  ) {}

  /** @throws AuditError AUDIT.INVALID_ENTRY (the rotation reporter logs it and carries on). */
  async append(entry: RotationAuditEntry): Promise<void> {
    await this.writer.append(toAuditEntry(entry, this.botAppId));
  }
}

export function toAuditEntry(entry: RotationAuditEntry, botAppId: string): AuditEntry {
  const details: JsonObject = {};
  for (const [key, value] of Object.entries(entry.details ?? {})) if (value !== undefined) details[key] = value;
  const actor: AuditEntry['actor'] = { userId: entry.actor.userId };
  if (entry.actor.upn) actor.upn = entry.actor.upn;
  if (entry.actor.displayName) actor.displayName = entry.actor.displayName;
  return {
    tenantId: entry.tenantId,
    actor,
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id, ...(entry.target.name ? { upn: entry.target.name } : {}) },
    principal: { id: botAppId },
    result: { outcome: entry.result, ...(entry.code ? { code: entry.code } : {}) },
    correlationId: entry.correlationId,
    details,
  };
}
