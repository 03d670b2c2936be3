/**
 * `status` and its card buttons: the "Management ON/OFF" card for the viewer, and Details
 * (the session record, plus the token broker's counters for tenant admins).
 */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderSessionDetailsCard, renderSessionStatusCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { VerbDefinition } from '../invoke-router';
import type { SessionContext } from './session-context';
import { counterFacts, detailsFacts, statusView } from './session-views';

/** The status card as `actor` should see it; `note` explains what just happened. */
export async function statusCardFor(session: SessionContext, actor: Actor, note?: string): Promise<AdaptiveCardJson> {
  const status = await session.services.sessions.getStatus(actor.tenantId);
  const viewer = await session.viewerOf(actor);
  return renderSessionStatusCard(statusView(status, { mayOperate: viewer.mayOperate, isTenantAdmin: viewer.isTenantAdmin, ...(note ? { note } : {}) }));
}

/** For the foundation's `status` command and Refresh button (bot/commands/status.command.ts). */
export function createStatusCardSource(session: SessionContext) {
  return async (turn: Parameters<SessionContext['actorOf']>[0]): Promise<AdaptiveCardJson> => statusCardFor(session, await session.actorOf(turn));
}

export function createDetailsVerb(session: SessionContext): VerbDefinition {
  return {
    verb: Verbs.sessionDetails,
    handle: async (context) => {
      const actor = await session.actorOf(context.turn);
      try {
        // The service re-checks that the actor is a tenant admin (session.details).
        const details = await session.services.sessions.getDetails(actor);
        return { card: renderSessionDetailsCard({ facts: detailsFacts(details), counters: counterFacts(details) }) };
      } catch (error) {
        const card = expectedErrorCard(error, await session.viewerOf(actor), context.correlationId);
        if (card) return { card };
        throw error;
      }
    },
  };
}
