import { CardFactory, MessageFactory, TurnContext, type Activity, type BotAdapter, type ConversationReference } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';
import { afterInvokeAnswer } from './invoke-response-gate';

/**
 * Updates a card in the conversation a turn came from, after that turn has been answered.
 *
 * A TurnContext is revoked when its turn ends, so work that outlives the turn (a creation that
 * runs after the ack) keeps the conversation reference instead and continues the conversation
 * through the adapter, like any proactive message. The reference comes from the activity the
 * user sent, so no stored reference is needed even for a card clicked in a new conversation.
 */
export class ConversationCardChannel {
  private constructor(
    private readonly adapter: Pick<BotAdapter, 'continueConversationAsync'>,
    private readonly botAppId: string,
    private readonly reference: Partial<ConversationReference>,
  ) {}

  static fromTurn(turn: TurnContext, botAppId: string): ConversationCardChannel {
    return new ConversationCardChannel(turn.adapter, botAppId, TurnContext.getConversationReference(turn.activity));
  }

  get conversationId(): string | undefined {
    return this.reference.conversation?.id;
  }

  /** Posts a new card to this conversation and returns its activity id. */
  async send(card: AdaptiveCardJson, summary: string): Promise<string> {
    let id: string | undefined;
    await this.continue(async (turn) => {
      // A continued turn would address the card as a reply to a made-up event; make it a new message.
      turn.onSendActivities(async (_turn, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      id = (await turn.sendActivity(cardActivity(card, summary)))?.id;
    });
    if (!id) throw new Error('the connector returned no activity id');
    return id;
  }

  /** Replaces the card of the message `activityId` in this conversation. */
  async update(activityId: string, card: AdaptiveCardJson, summary: string): Promise<void> {
    // Never ahead of a click's answer on the same card: the client applies that answer on arrival.
    await afterInvokeAnswer(this.conversationId, activityId, card);
    await this.continue(async (turn) => {
      const activity = cardActivity(card, summary);
      activity.id = activityId;
      await turn.updateActivity(activity);
    });
  }

  private async continue(logic: (turn: TurnContext) => Promise<void>): Promise<void> {
    // The adapter hands errors thrown inside the callback to onTurnError, which logs and
    // swallows them; keep the error here so the caller (the throttled updater) sees it.
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, this.reference, async (turn) => {
      try {
        await logic(turn);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}

/** No text beside the card: Teams would show it above the card on every update. */
function cardActivity(card: AdaptiveCardJson, summary: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  return activity;
}
