import { toPerson, type Actor } from '../../services/access/actor';
import type { AuditWriter, JsonObject } from '../../services/ports/audit-log.port';

/**
 * Records a command that reads or registers something (the audit, the operators list, the
 * admin channel). Changes made by services are audited by those services; this covers the
 * commands whose only effect is what they show or store at the bot edge.
 */
export async function recordCommand(audit: AuditWriter, actor: Actor, action: string, correlationId: string, details: JsonObject = {}): Promise<void> {
  await audit.append({ tenantId: actor.tenantId, actor: toPerson(actor), action, result: { outcome: 'ok' }, correlationId, details });
}
