import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';
import { ConversationCardChannel } from './conversation-card-channel';
import type { Logger } from '../../services/logger';
import { CoalescingCardUpdater, type CoalescingCardUpdaterOptions } from './coalescing-card-updater';
import { followClickedCard } from './invoke-response-gate';

/** Where a live card lives: either already posted (replace it) or still to be posted once. */
export type LiveCardTarget =
  | {
      kind: 'posted';
      replace: (card: AdaptiveCardJson) => Promise<void>;
      /** The card is the one a click is being answered on: the answer shows the live card's newest state. */
      answersClick?: (latest: () => AdaptiveCardJson | undefined) => void;
      /** Where the card is, when known: lets others keep a durable reference to it (approval copies). */
      card?: { conversationId: string; activityId: string };
    }
  | { kind: 'unposted'; post: (card: AdaptiveCardJson) => Promise<(card: AdaptiveCardJson) => Promise<void>> };

/**
 * One card that shows a long-running change: posted once, then replaced in place, throttled
 * (see CoalescingCardUpdater). `latest` is what the card shows now, so a double click can be
 * answered with the current progress instead of a second run.
 */
export class LiveCard {
  private readonly updater: CoalescingCardUpdater;
  private replace: ((card: AdaptiveCardJson) => Promise<void>) | undefined;
  private current: AdaptiveCardJson | undefined;

  constructor(target: LiveCardTarget, logger: Logger, options: CoalescingCardUpdaterOptions = {}) {
    if (target.kind === 'posted') {
      this.replace = target.replace;
      target.answersClick?.(() => this.current);
    }
    const deliver = async (card: AdaptiveCardJson): Promise<void> => {
      if (this.replace) return this.replace(card);
      if (target.kind === 'unposted') this.replace = await target.post(card);
    };
    // A card that is not posted yet has nothing on screen to race with: post it right away.
    this.updater = new CoalescingCardUpdater(deliver, logger, target.kind === 'unposted' ? { ...options, startImmediately: true } : options);
  }

  get latest(): AdaptiveCardJson | undefined {
    return this.current;
  }

  show(card: AdaptiveCardJson): void {
    this.current = card;
    this.updater.push(card);
  }

  flush(): Promise<void> {
    return this.updater.flush();
  }
}

/**
 * The card a clicked button lives on, as a live-card target: Teams puts that message's id in
 * the invoke's `replyToId`, and the invoke's answer replaces it first. Without one (a client
 * that does not say), the progress goes to a new message in the same conversation.
 */
export function clickedCardTarget(turn: TurnContext, botAppId: string, summary: string): LiveCardTarget {
  const channel = ConversationCardChannel.fromTurn(turn, botAppId);
  const activityId = turn.activity.replyToId;
  if (activityId) {
    const conversationId = channel.conversationId;
    return {
      kind: 'posted',
      replace: (card) => channel.update(activityId, card, summary),
      answersClick: (latest) => followClickedCard(turn, latest),
      ...(conversationId ? { card: { conversationId, activityId } } : {}),
    };
  }
  return {
    kind: 'unposted',
    post: async (card) => {
      const id = await channel.send(card, summary);
      return (next) => channel.update(id, next, summary);
    },
  };
}

/** Sends the card as this turn's reply and returns how to replace it after the turn. */
export async function postInTurn(turn: TurnContext, card: AdaptiveCardJson, botAppId: string, summary: string): Promise<LiveCardTarget> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  const sent = await turn.sendActivity(activity);
  const channel = ConversationCardChannel.fromTurn(turn, botAppId);
  const id = sent?.id;
  if (!id) {
    // The connector gave no id to update: the next state goes out as a new card, updated from then on.
    return {
      kind: 'unposted',
      post: async (next) => {
        const newId = await channel.send(next, summary);
        return (again) => channel.update(newId, again, summary);
      },
    };
  }
  const conversationId = channel.conversationId;
  return { kind: 'posted', replace: (next) => channel.update(id, next, summary), ...(conversationId ? { card: { conversationId, activityId: id } } : {}) };
}
