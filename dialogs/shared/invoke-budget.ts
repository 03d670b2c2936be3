/**
 * Teams wants an invoke answered within a few seconds (DESIGN §7). A card action whose work
 * may take longer (a sign-in, a Graph call through a throttled tenant) is answered with the
 * work's own card when it finishes within the budget; otherwise with a progress card at once,
 * and the clicked card is updated in place when the work finishes. The work keeps running in
 * the app's BackgroundTasks, so it is awaited on shutdown and never floats.
 */
import type { TurnContext } from 'botbuilder';
import { renderErrorCard, type AdaptiveCardJson } from '../../cards';
import type { Logger } from '../../services/logger';
import type { BackgroundTasks } from '../../services/service-account/background-tasks';
import { ConversationCardChannel } from './conversation-card-channel';

export interface InvokeBudgetDependencies {
  tasks: BackgroundTasks;
  botAppId: string;
  /** Default 3 s: well inside Teams' invoke timeout, long enough for a warm sign-in. */
  budgetInMs?: number;
}

const DEFAULT_BUDGET_IN_MS = 3_000;

export async function answerWithinBudget(
  turn: TurnContext,
  work: Promise<AdaptiveCardJson>,
  progress: AdaptiveCardJson,
  context: { correlationId: string; logger: Logger; summary: string },
  deps: InvokeBudgetDependencies,
): Promise<AdaptiveCardJson> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deps.budgetInMs ?? DEFAULT_BUDGET_IN_MS);
  });
  // A rejection is observed here or in the background task below, never left unhandled.
  const settled = work.then(
    (card) => ({ card }),
    (error: unknown) => ({ error }),
  );
  const first = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  if (first !== 'late') {
    if ('error' in first) throw first.error;
    return first.card;
  }

  // The turn context is revoked when this turn ends; keep the conversation reference instead.
  const channel = ConversationCardChannel.fromTurn(turn, deps.botAppId);
  const clickedCardId = turn.activity.replyToId;
  deps.tasks.start('update a card after a slow action', async () => {
    const outcome = await settled;
    let card: AdaptiveCardJson;
    if ('error' in outcome) {
      context.logger.error({ correlationId: context.correlationId, errorName: outcome.error instanceof Error ? outcome.error.name : typeof outcome.error }, 'slow card action failed');
      card = renderErrorCard({ title: "That didn't work", message: 'Sorry, I could not finish that. Nothing more will happen.', correlationId: context.correlationId });
    } else {
      card = outcome.card;
    }
    if (clickedCardId) await channel.update(clickedCardId, card, context.summary);
    else await channel.send(card, context.summary);
  });
  return progress;
}
