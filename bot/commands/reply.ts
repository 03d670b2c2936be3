import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';

/** Sends one Adaptive Card as a message; the attachment wire shape Teams expects. */
export async function sendCard(turn: TurnContext, card: AdaptiveCardJson, text?: string): Promise<void> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (text) activity.text = text;
  await turn.sendActivity(activity);
}
