import type { TurnContext } from 'botbuilder';
import { renderGrantResultCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { AuditLog } from '../../services/ports/audit-log.port';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition, VerbResult } from '../invoke-router';
import { auditPageCard, parseBeforeCursor, verifyAuditCard } from './audit-cards';
import { parseExportArguments, type AuditExportChat, type ExportRequest } from './audit-export';

export interface AuditCommandDependencies {
  audit: AuditLog;
  /** How exports reach the auditor (file consent or a signed link); without it exports are refused. */
  exports?: AuditExportChat;
}

/** `audit`: the newest records (tenant admins and auditors). Reading the audit is itself audited. */
export function createAuditCommand(dependencies: AuditCommandDependencies): CommandDefinition {
  return {
    id: 'audit.view',
    capability: 'audit.view',
    usage: 'audit',
    description: 'Shows the latest audit records (tenant admins and auditors).',
    patterns: ['audit', '[show] [me] [the] audit log', 'show [me] [the] audit', 'audit log'],
    handle: async (context) => {
      const { actor } = context;
      await dependencies.audit.recordRead(actor, 'audit.view', context.correlationId);
      await sendCard(context.turn, await auditPageCard(dependencies.audit, actor.tenantId));
    },
  };
}

/** `verify audit`: walks the hash chain and says whether (and where) it breaks. */
export function createVerifyAuditCommand(dependencies: AuditCommandDependencies): CommandDefinition {
  return {
    id: 'audit.verify',
    capability: 'audit.verify',
    usage: 'verify audit',
    description: 'Checks that no audit record was changed or removed (tenant admins and auditors).',
    patterns: ['verify [the] audit [log]', 'verify [the] audit chain', 'check [the] audit [log]', 'check [the] audit chain'],
    handle: async (context) => {
      const { actor } = context;
      await sendCard(context.turn, await verifyAndRecord(dependencies, actor, context.correlationId));
    },
  };
}

/**
 * `export audit [from] [to] [as csv|json]`: a file (Teams file consent) in personal chat, or a
 * signed download link for the asker alone; in a group chat or channel the card carries no link.
 */
export function createExportAuditCommand(dependencies: AuditCommandDependencies): CommandDefinition {
  return {
    id: 'audit.export',
    capability: 'audit.export',
    usage: 'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]',
    description: 'Sends the audit as a CSV or JSON file, or a download link only you can open (tenant admins and auditors).',
    patterns: [/^export (?:the )?audit(?: log)?(?<rest>(?:\s.*)?)$/i],
    handle: async (context) => {
      const { actor } = context;
      const parsed = parseExportArguments(context.args.rest ?? '');
      if (!parsed.ok) {
        await sendCard(context.turn, renderGrantResultCard({ outcome: 'failed', title: "I can't export that", message: parsed.message, correlationId: context.correlationId }));
        return;
      }
      await exportToChat(dependencies, context.turn, actor, parsed.value, context.correlationId, (card) => sendCard(context.turn, card));
    },
  };
}

export function createAuditVerbs(dependencies: AuditCommandDependencies): VerbDefinition[] {
  return [
    {
      verb: Verbs.auditPage,
      handle: async (context) => ({ card: await auditPageCard(dependencies.audit, context.tenantId, parseBeforeCursor(context.data.before)) }),
    },
    {
      verb: Verbs.auditVerify,
      handle: async (context) => {
        const actor = context.actor;
        return { card: await verifyAndRecord(dependencies, actor, context.correlationId) };
      },
    },
    {
      verb: Verbs.auditExport,
      handle: async (context): Promise<VerbResult> => {
        const actor = context.actor;
        // "Show my download link": the answer goes to the clicker only; the service checks they own the export.
        if (typeof context.data.exportId === 'string' && dependencies.exports) {
          return { card: await dependencies.exports.showLink(actor, context.data.exportId.slice(0, 64).toLowerCase(), context.correlationId) };
        }
        const format = context.data.format === 'json' ? 'json' : 'csv';
        let answer: VerbResult | undefined;
        await exportToChat(dependencies, context.turn, actor, { format }, context.correlationId, async (card) => {
          answer = { card };
        });
        return answer ?? { message: 'The audit export is on its way.' };
      },
    },
  ];
}

async function verifyAndRecord(dependencies: AuditCommandDependencies, actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  const verified = await verifyAuditCard(dependencies.audit, actor.tenantId, correlationId);
  await dependencies.audit.recordRead(actor, 'audit.verify', correlationId, {
    intact: verified.ok,
    checked: verified.checked,
    ...(verified.brokenAt !== undefined ? { brokenAt: verified.brokenAt } : {}),
  });
  return verified.card;
}

async function exportToChat(
  dependencies: AuditCommandDependencies,
  turn: TurnContext,
  actor: Actor,
  request: ExportRequest,
  correlationId: string,
  reply: (card: AdaptiveCardJson) => Promise<void>,
): Promise<void> {
  if (!dependencies.exports) {
    await reply(renderGrantResultCard({ outcome: 'failed', title: "I can't export that", message: 'Audit exports are not set up in this bot.', correlationId }));
    return;
  }
  await dependencies.exports.offer(turn, actor, request, correlationId, reply);
}
