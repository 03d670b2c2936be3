import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderOperatorsCard, Verbs, type AdaptiveCardJson } from '../../cards';
import { actionTitle } from '../../dialogs/access/grant-text-parser';
import type { AccessGrantService } from '../../services/access/access-grant.service';
import { describePerson, type Actor } from '../../services/access/actor';
import { describeScopeRule } from '../../services/access/operator-grant';
import type { AuditLog } from '../../services/ports/audit-log.port';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface OperatorsDependencies {
  grants: AccessGrantService;
  audit: Pick<AuditLog, 'recordRead'>;
}

const PAGE_SIZE = 10;

/** One page of operator grants plus every auditor; the service refuses anyone but tenant admins. */
async function operatorsCard(grants: AccessGrantService, actor: Actor, offset: number, correlationId: string): Promise<AdaptiveCardJson> {
  try {
    const operators = await grants.listOperators(actor, { correlationId });
    const auditors = await grants.listAuditors(actor, { correlationId });
    const start = Math.min(Math.max(0, offset), Math.max(0, operators.length - 1));
    return renderOperatorsCard({
      operators: operators.slice(start, start + PAGE_SIZE).map((grant) => ({
        name: describePerson(grant.operator),
        scope: grant.scope.map(describeScopeRule),
        actions: grant.allowedActions.map(actionTitle),
        includePrivileged: grant.includePrivileged,
        grantedBy: describePerson(grant.grantedBy),
        grantedAt: grant.updatedAt,
      })),
      auditors: auditors.map((grant) => describePerson(grant.auditor)),
      offset: operators.length === 0 ? 0 : start,
      pageSize: PAGE_SIZE,
      total: operators.length,
    });
  } catch (error) {
    const card = expectedErrorCard(error, ANY_VIEWER, correlationId, { title: "I can't show the operators" });
    if (card) return card;
    throw error;
  }
}

export function createOperatorsCommand(dependencies: OperatorsDependencies): CommandDefinition {
  return {
    id: 'operator.list',
    capability: 'operator.list',
    usage: 'operators',
    description: 'Lists operator grants and auditors (tenant admins).',
    patterns: ['operators', 'list [the] operators', 'show [the] operators', '[show] [the] operator grants', 'who are the operators'],
    handle: async (context) => {
      const { actor } = context;
      await dependencies.audit.recordRead(actor, 'operator.list', context.correlationId);
      await sendCard(context.turn, await operatorsCard(dependencies.grants, actor, 0, context.correlationId));
    },
  };
}

/** Previous / Next on the operators card. The offset is only a position; the list is re-read and re-authorized. */
export function createOperatorsPageVerb(dependencies: OperatorsDependencies): VerbDefinition {
  return {
    verb: Verbs.operatorsPage,
    handle: async (context) => {
      const actor = context.actor;
      const offset = typeof context.data.offset === 'number' && Number.isInteger(context.data.offset) ? context.data.offset : 0;
      return { card: await operatorsCard(dependencies.grants, actor, offset, context.correlationId) };
    },
  };
}
