/**
 * What a Teams client shows for one message, from what reached Teams: it applies an invoke's
 * answer when the answer arrives and every update of the message (`updateActivity`, a PUT to the
 * Bot Connector) when it arrives, in that order. Whatever arrived last is on screen, so an answer
 * that arrives after an update of the same card wins, stale or not (issue 12, item 7).
 *
 * Arrival order is the order the test process saw things: an update when the fake connector
 * recorded it, an answer when its HTTP response came back to the clicking client.
 */
import type { ConnectorCall, FakeConnector } from './fake-connector';

export type ClientCard = Record<string, unknown>;

interface Arrival {
  /** Position among the connector's calls: an answer sits between the calls before and after it. */
  position: number;
  card: ClientCard;
  source: 'answer' | 'update';
}

const CARD = 'application/vnd.microsoft.card.adaptive';

function cardOfCall(call: ConnectorCall): ClientCard | undefined {
  const attachments = (call.activity?.['attachments'] as Array<{ contentType: string; content: ClientCard }> | undefined) ?? [];
  return attachments.find((attachment) => attachment.contentType === CARD)?.content;
}

export class TeamsLikeClient {
  private readonly answers = new Map<string, Arrival[]>();

  constructor(private readonly connector: FakeConnector) {}

  /**
   * Clicks a button on the message `activityId`: `send` posts the invoke and resolves with its
   * HTTP answer. The answer's card is applied to the message when the answer arrives.
   */
  async click(conversationId: string, activityId: string, send: () => Promise<{ status: number; body: unknown }>): Promise<ClientCard | undefined> {
    const answer = await send();
    const body = answer.body as { type?: string; value?: ClientCard } | undefined;
    if (answer.status !== 200 || body?.type !== CARD || !body.value) return undefined;
    const key = `${conversationId}\u0000${activityId}`;
    const list = this.answers.get(key) ?? [];
    list.push({ position: this.connector.calls.length - 0.5, card: body.value, source: 'answer' });
    this.answers.set(key, list);
    return body.value;
  }

  /** Everything applied to the message, in arrival order. */
  history(conversationId: string, activityId: string): Array<{ source: 'answer' | 'update'; card: ClientCard }> {
    const updates: Arrival[] = [];
    this.connector.calls.forEach((call, index) => {
      if (call.kind !== 'update' || call.rejectedWith !== undefined || call.conversationId !== conversationId || call.activityId !== activityId) return;
      const card = cardOfCall(call);
      if (card) updates.push({ position: index, card, source: 'update' });
    });
    const answers = this.answers.get(`${conversationId}\u0000${activityId}`) ?? [];
    return [...updates, ...answers].sort((a, b) => a.position - b.position).map(({ source, card }) => ({ source, card }));
  }

  /** The card the message shows now. */
  onScreen(conversationId: string, activityId: string): ClientCard | undefined {
    return this.history(conversationId, activityId).at(-1)?.card;
  }
}
