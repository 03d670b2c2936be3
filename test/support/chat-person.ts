/**
 * A person talking to the bot over HTTP in their personal chat, and what they read on its cards:
 * every button (top-level actions and ActionSets in the body), a button by its title, every
 * visible text joined, an input's value, and the card checks every answer must pass (Adaptive
 * Cards 1.5 schema, the adaptivecards library, words not raw values).
 */
import { libraryErrors, schemaErrors } from './adaptive-card-validation';
import type { AppWithSandbox, UserChannel } from './app-harness';
import { lintCardText } from './card-text-lint';
import type { ConnectorCall } from './fake-connector';
import { cardOf, elementsOf, invokeCard, type Card } from './session-bot-world';

export class ChatPerson {
  constructor(
    private readonly world: AppWithSandbox,
    readonly channel: UserChannel,
  ) {}

  async say(text: string): Promise<{ card: Card; activityId: string }> {
    const [reply] = await this.world.exchange(this.channel.message(text), 1, 20_000);
    const index = this.world.bot.connector.calls.indexOf(reply as ConnectorCall);
    return { card: cardOf(reply), activityId: `sent-${index + 1}` };
  }

  /** Clicks a button, with the card's inputs (as Teams merges them into the data). */
  async click(button: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<Card> {
    const data = { ...(button['data'] as Record<string, unknown>), ...inputs };
    return invokeCard(await this.world.send(this.channel.invoke(String(button['verb']), data, { replyToId: 'sent-card' })));
  }
}

/** Every button on a card (top-level actions and ActionSets in the body). */
export function buttonsOf(card: Card): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['type'] === 'string' && record['type'].startsWith('Action.')) found.push(record);
      Object.entries(record).forEach(([key, value]) => key !== 'data' && visit(value));
    }
  };
  visit(card);
  return found;
}

export function buttonNamed(card: Card, title: string): Record<string, unknown> {
  const button = buttonsOf(card).find((candidate) => candidate['title'] === title);
  if (!button) throw new Error(`No "${title}" button; buttons: ${buttonsOf(card).map((b) => String(b['title'])).join(', ')}`);
  return button;
}

export function buttonTitles(card: Card): string[] {
  return buttonsOf(card).map((button) => String(button['title']));
}

/** Every visible text of the card, joined: what a person reads. */
export function wordsOf(card: Card): string {
  return elementsOf(card)
    .flatMap((element) => [element['text'], ...(Array.isArray(element['facts']) ? (element['facts'] as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]) : [])])
    .filter((text): text is string => typeof text === 'string')
    .join('\n')
    .replace(/\\([\\`*_[\]<>~])/g, '$1');
}

export function inputValue(card: Card, id: string): unknown {
  return elementsOf(card).find((element) => element['id'] === id)?.['value'];
}

export function expectValidCard(card: Card): void {
  expect(schemaErrors(card)).toEqual([]);
  expect(libraryErrors(card)).toEqual([]);
  expect(lintCardText(card)).toEqual([]);
}
