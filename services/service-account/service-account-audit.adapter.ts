/**
 * Writes this area's audit entries into the shared, hash-chained audit log (services/audit),
 * so the composition root wires `new AuditWriterSink(auditLog)` and nothing else.
 */
import type { AuditEntry, AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { ServiceAccountAuditEntry, ServiceAccountAuditSink } from './service-account.collaborators.port';

/** The audit's "principal used" for calls the bot makes with its own app identity. */
export const BOT_APP_PRINCIPAL_ID = 'bot-app';

export function toAuditEntry(entry: ServiceAccountAuditEntry): AuditEntry {
  const audit: AuditEntry = {
    tenantId: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    result: entry.code ? { outcome: entry.result, code: entry.code } : { outcome: entry.result },
    correlationId: entry.correlationId,
  };
  if (entry.target) {
    audit.target = { type: entry.target.type, id: entry.target.id };
    if (entry.target.name) {
      if (entry.target.type === 'user') audit.target.upn = entry.target.name;
      else audit.target.displayName = entry.target.name;
    }
  }
  if (entry.principal) {
    audit.principal = { id: entry.principal.kind === 'botApp' ? BOT_APP_PRINCIPAL_ID : (entry.principal.id ?? 'unknown') };
    if (entry.principal.name) audit.principal.upn = entry.principal.name;
  }
  if (entry.details) {
    audit.details = Object.fromEntries(Object.entries(entry.details).filter(([, value]) => value !== undefined)) as JsonObject;
  }
  return audit;
}

export class AuditWriterSink implements ServiceAccountAuditSink {
  constructor(private readonly writer: AuditWriter) {}

  async append(entry: ServiceAccountAuditEntry): Promise<void> {
    await this.writer.append(toAuditEntry(entry));
  }
}
