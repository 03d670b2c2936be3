/**
 * The confirmation card's buttons. Confirm runs the prepared action once, as the session's
 * account, for the person who prepared it: the actor comes from the activity, the action from
 * the server-side pending record named by the card's id. A redelivered or repeated confirmation
 * gets the stored answer and changes nothing. Cancel changes nothing at all.
 */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderActionResultCard, renderWorkInProgressCard, type ActionResultOutcome, type AdaptiveCardJson, type CardFact } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { ExecuteResult } from '../../services/actions/management-action.service';
import type { VerbDefinition } from '../invoke-router';
import type { ActionChatRow } from './action-rows';
import { answerWithinBudget } from './invoke-budget';
import type { SessionContext } from './session-context';

const PENDING_ID = /^[0-9a-f-]{8,64}$/i;

export function createActionConfirmVerb(session: SessionContext, row: ActionChatRow): VerbDefinition {
  return {
    verb: row.verb,
    handle: async (context) => {
      const pendingActionId = typeof context.data['pendingActionId'] === 'string' ? context.data['pendingActionId'] : '';
      if (!PENDING_ID.test(pendingActionId)) {
        return { card: renderActionResultCard({ outcome: 'failed', title: row.confirmTitle, summary: "This card is not valid any more. Run the command again.", facts: [], correlationId: context.correlationId }) };
      }
      if (context.data['decision'] === 'cancel') {
        return { card: renderActionResultCard({ outcome: 'cancelled', title: `${row.confirmTitle}: cancelled`, summary: 'Nothing was changed.', facts: [] }) };
      }
      const actor = await session.actorOf(context.turn);
      const card = await answerWithinBudget(
        context.turn,
        executeCard(session, actor, pendingActionId, context.correlationId),
        renderWorkInProgressCard({ title: `${row.confirmTitle}…`, message: 'Working on it as the management session account.' }),
        { correlationId: context.correlationId, logger: context.logger, summary: row.confirmTitle },
        session.budget(),
      );
      return { card };
    },
  };
}

async function executeCard(session: SessionContext, actor: Actor, pendingActionId: string, correlationId: string): Promise<AdaptiveCardJson> {
  try {
    return resultCard(await session.services.actions.execute(actor, pendingActionId));
  } catch (error) {
    const card = expectedErrorCard(error, await session.viewerOf(actor), correlationId);
    if (card) return card;
    throw error;
  }
}

const TITLES: Record<ExecuteResult['outcome'], (title: string) => string> = {
  done: (title) => `Done: ${title}`,
  failed: (title) => `Not done: ${title}`,
  unknown: (title) => `Outcome unknown: ${title}`,
  'in-progress': (title) => `Still running: ${title}`,
};

/** The result card; also used for a proactive "your interrupted action ended so" message. */
export function resultCard(result: Pick<ExecuteResult, 'outcome' | 'title' | 'summary' | 'target' | 'principal' | 'autoEnabled' | 'duplicate' | 'correlationId'>): AdaptiveCardJson {
  const facts: CardFact[] = [{ label: 'User', value: `${result.target.displayName} (${result.target.upn})` }];
  if (result.principal) facts.push({ label: 'Run as', value: result.principal.userPrincipalName });
  const notes = [
    ...(result.autoEnabled ? ['The management session was turned on automatically for this action (auto-enable).'] : []),
    ...(result.duplicate ? ['This confirmation was already answered; nothing was run again.'] : []),
  ];
  return renderActionResultCard({
    outcome: result.outcome as ActionResultOutcome,
    title: TITLES[result.outcome](result.title),
    summary: result.summary,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    facts,
    correlationId: result.correlationId,
  });
}
