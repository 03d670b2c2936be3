import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ConversationReferenceStore, StoredConversationReference } from '../services/ports/conversation-reference.port';
import type { Logger } from '../services/logger';
import { NotifierError, type NotificationTarget, type Notifier, type OutboundCard, type SentMessage } from '../services/ports/notifier.port';
import { afterInvokeAnswer } from '../dialogs/shared/invoke-response-gate';
import type { AdaptiveCardJson } from '../cards';

/** Connector answers Teams asks bots to retry later (DESIGN §7); anything else is a plain failure. */
const THROTTLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/**
 * A NotifierError that also carries the connector's HTTP status and Retry-After, so the
 * delivery policy (services/notifications) can honour them. The port's class has no room for
 * them; a subclass keeps `instanceof NotifierError` true for every caller.
 */
export class ConnectorNotifierError extends NotifierError {
  constructor(
    code: NotifierError['code'],
    message: string,
    readonly status?: number,
    readonly retryAfterInMs?: number,
  ) {
    super(code, message);
  }
}

export interface ProactiveNotifierOptions {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's app id; empty in sandbox mode (no token on outbound calls). */
  botAppId: string;
  references: Pick<ConversationReferenceStore, 'get' | 'findPersonal'>;
  logger: Logger;
  now?: () => number;
}

/**
 * The Notifier port on Bot Framework proactive messaging: it looks up the stored conversation
 * reference (a user's personal chat, or a conversation registered with `notify here`) and posts
 * or updates a card through `continueConversationAsync`. It is called only by services and
 * timers inside the process; there is deliberately no HTTP route that triggers it.
 */
export class ProactiveNotifier implements Notifier {
  private readonly now: () => number;

  constructor(private readonly options: ProactiveNotifierOptions) {
    this.now = options.now ?? Date.now;
  }

  async send(target: NotificationTarget, message: OutboundCard): Promise<SentMessage> {
    const stored = await this.referenceFor(target);
    let activityId: string | undefined;
    await this.continueConversation(stored, 'send', async (turn) => {
      // TurnContext addresses every outgoing activity as a reply to the incoming one, which here
      // is the made-up continuation event; a proactive card is a new message in the conversation.
      turn.onSendActivities(async (_turn, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
      activity.summary = message.summary;
      activityId = (await turn.sendActivity(activity))?.id;
    });
    // Without an id the card could never be updated in place; treat it as a failed send.
    if (!activityId) throw new ConnectorNotifierError('NOTIFY.FAILED', 'the connector returned no activity id');
    return { target, conversationId: stored.conversationId, activityId };
  }

  async update(sent: SentMessage, message: OutboundCard): Promise<void> {
    const stored = await this.options.references.get(sent.target.tenantId, sent.conversationId);
    if (!stored) throw new NotifierError('NOTIFY.NO_REFERENCE', 'no conversation reference for the sent message');
    // A click on this very card may still be waiting for its answer: update only after it has gone.
    await afterInvokeAnswer(sent.conversationId, sent.activityId, message.card as AdaptiveCardJson);
    await this.continueConversation(stored, 'update', async (turn) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
      activity.id = sent.activityId;
      activity.summary = message.summary;
      await turn.updateActivity(activity);
    });
  }

  private async referenceFor(target: NotificationTarget): Promise<StoredConversationReference> {
    const stored =
      target.kind === 'user'
        ? await this.options.references.findPersonal(target.tenantId, target.id)
        : await this.options.references.get(target.tenantId, target.id);
    if (!stored) throw new NotifierError('NOTIFY.NO_REFERENCE', `no conversation reference for this ${target.kind}`);
    return stored;
  }

  private async continueConversation(stored: StoredConversationReference, operation: 'send' | 'update', logic: (turn: TurnContext) => Promise<void>): Promise<void> {
    // The adapter hands errors thrown inside `logic` to onTurnError, which logs and swallows
    // them; keep the error here so the caller sees the connector's answer.
    let failure: { error: unknown } | undefined;
    const guarded = async (turn: TurnContext): Promise<void> => {
      try {
        await logic(turn);
      } catch (error) {
        failure = { error };
      }
    };
    try {
      await this.options.adapter.continueConversationAsync(this.options.botAppId, stored.reference as ConversationReference, guarded);
      if (failure) throw failure.error;
    } catch (error) {
      const mapped = this.mapError(error);
      // Ids and codes only: connector errors can echo the request body (the card).
      this.options.logger.warn(
        { code: mapped.code, status: mapped.status, retryAfterInMs: mapped.retryAfterInMs, operation, tenantId: stored.tenantId, conversationId: stored.conversationId },
        'proactive message failed',
      );
      throw mapped;
    }
  }

  private mapError(error: unknown): ConnectorNotifierError {
    if (error instanceof ConnectorNotifierError) return error;
    const status = statusOf(error);
    if (status !== undefined && THROTTLE_STATUSES.has(status)) {
      return new ConnectorNotifierError('NOTIFY.THROTTLED', `the connector answered ${status}`, status, retryAfterOf(error, this.now()));
    }
    return new ConnectorNotifierError('NOTIFY.FAILED', status === undefined ? 'the connector could not be reached' : `the connector answered ${status}`, status);
  }
}

interface ConnectorErrorShape {
  statusCode?: unknown;
  response?: { status?: unknown; headers?: { get?: (name: string) => string | undefined } | Record<string, unknown> };
}

function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const shape = error as ConnectorErrorShape;
  for (const value of [shape.statusCode, shape.response?.status]) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
  }
  return undefined;
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110); botframework-connector exposes it on `response.headers`. */
export function retryAfterOf(error: unknown, now: number): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const headers = (error as ConnectorErrorShape).response?.headers;
  if (!headers) return undefined;
  const raw =
    typeof headers.get === 'function'
      ? (headers.get as (name: string) => string | undefined).call(headers, 'retry-after')
      : Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
