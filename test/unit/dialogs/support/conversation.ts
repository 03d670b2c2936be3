/**
 * A typed conversation with a multi-turn dialog, as a table: what the user says each turn and
 * what the bot says back (one entry per reply, each a phrase the reply must contain).
 */
import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import { cardsIn, expectValidCard, messageActivity, sendTurn } from '../../../support/dialog-test';

export interface Exchange {
  user: string;
  /** One phrase per reply, in order: a prompt's text or a card's content. */
  bot: string[];
}

/** A reply as the user would read it: its text, or its card's content. */
export function said(reply: Partial<Activity>): string {
  if (typeof reply.text === 'string' && reply.text !== '') return reply.text;
  return JSON.stringify((reply.attachments ?? []).map((attachment) => attachment.content));
}

/** Plays the exchanges in order on one client (turn ids `turn-1`, `turn-2`, …); every card replied must be valid. */
export async function converse(client: DialogTestClient, exchanges: readonly Exchange[], firstTurn = 1): Promise<void> {
  for (const [index, exchange] of exchanges.entries()) {
    const { replies } = await sendTurn(client, messageActivity(exchange.user, { id: `turn-${firstTurn + index}` }));
    const lines = replies.map(said);
    expect({ user: exchange.user, bot: lines }).toEqual({ user: exchange.user, bot: exchange.bot.map((phrase) => expect.stringContaining(phrase)) });
    for (const card of cardsIn(replies)) expectValidCard(card);
  }
}
