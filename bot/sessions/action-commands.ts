/**
 * `block sign-in for <user>`, `unblock sign-in for <user>`, `revoke sessions for <user>`: the
 * service resolves the target, authorizes the actor on it, makes sure the session is on (auto-
 * enabling it if the tenant allows) and holds the pending action; the bot shows the
 * confirmation card, which carries only the pending action's id.
 */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderActionConfirmationCard, type AdaptiveCardJson, type CardFact } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { PrepareResult } from '../../services/actions/management-action.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { ActionChatRow } from './action-rows';
import type { SessionContext } from './session-context';
import { formatUtc } from './session-views';

export const AUTO_ENABLED_NOTE = 'The management session was off, so it was turned on automatically for this request (auto-enable).';

export function createActionCommand(session: SessionContext, row: ActionChatRow): CommandDefinition {
  return {
    id: row.actionId,
    usage: row.usage,
    description: row.description,
    patterns: row.patterns,
    handle: async (context) => {
      const actor = await session.actorOf(context.turn);
      await sendCard(context.turn, await confirmationCard(session, actor, row, context.args['user'] ?? '', context.correlationId));
    },
  };
}

async function confirmationCard(session: SessionContext, actor: Actor, row: ActionChatRow, targetQuery: string, correlationId: string): Promise<AdaptiveCardJson> {
  let prepared: PrepareResult;
  try {
    prepared = await session.services.actions.prepare(actor, row.actionId, targetQuery.trim(), { correlationId });
  } catch (error) {
    const card = expectedErrorCard(error, await session.viewerOf(actor), correlationId);
    if (card) return card;
    throw error;
  }
  const facts: CardFact[] = [
    { label: 'User', value: `${prepared.target.displayName} (${prepared.target.upn})` },
    { label: 'Runs as', value: prepared.session.principal?.userPrincipalName ?? 'the management session account' },
  ];
  const since = formatUtc(prepared.session.enabledAt);
  if (since) facts.push({ label: 'Session on since', value: since });
  return renderActionConfirmationCard({
    title: `${prepared.description.summary}?`,
    facts,
    consequences: prepared.description.consequences,
    ...(prepared.autoEnabled ? { note: AUTO_ENABLED_NOTE } : {}),
    verb: row.verb,
    pendingActionId: prepared.pendingActionId,
    confirmTitle: row.confirmTitle,
    destructive: prepared.description.destructive,
    expiresAt: formatUtc(prepared.expiresAt) ?? prepared.expiresAt,
  });
}
