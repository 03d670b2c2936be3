import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { Verbs, type AdaptiveCardJson } from '../../cards';
import type { ApprovalsCards } from '../../dialogs/approvals/approvals-cards';
import type { Actor } from '../../services/access/actor';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface ApprovalsCommandDependencies {
  cards: Pick<ApprovalsCards, 'forActor'>;
}

async function listCard(cards: ApprovalsCommandDependencies['cards'], actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  try {
    return await cards.forActor(actor, { correlationId });
  } catch (error) {
    const card = expectedErrorCard(error, ANY_VIEWER, correlationId, { title: "I can't show the pending approvals" });
    if (card) return card;
    throw error;
  }
}

/**
 * `approvals` (tenant admins, checked at the door; help lists it for them only): the pending
 * requests of the tenant, each with who asked, what and when, and Approve / Reject / Cancel as
 * the PendingApprovalsService allows. The clicks are decided again by the ApprovalService.
 */
export function createApprovalsCommand(dependencies: ApprovalsCommandDependencies): CommandDefinition {
  return {
    id: 'approval.list',
    capability: 'approval.list',
    usage: 'approvals',
    description: 'Lists the requests waiting for a decision, with Approve / Reject for approvers and Cancel for the requester (tenant admins).',
    patterns: ['approvals', '[show] [the] [pending] approvals', '[show] [the] pending requests', '[show] [the] approval requests', 'list [the] [pending] approvals'],
    handle: async (context) => sendCard(context.turn, await listCard(dependencies.cards, context.actor, context.correlationId)),
  };
}

/** Refresh on the list, and "Show pending approvals" on a cancelled approval card: the list is read and authorized again. */
export function createApprovalsListVerb(dependencies: ApprovalsCommandDependencies): VerbDefinition {
  return {
    verb: Verbs.approvalsList,
    handle: async (context) => ({ card: await listCard(dependencies.cards, context.actor, context.correlationId) }),
  };
}
