/**
 * Notifier port: proactive messages to people and channels in Teams. Implemented in bot/
 * with the adapter's continueConversationAsync and stored conversation references.
 */
import { AppError } from '../errors';
export interface NotificationTarget {
  tenantId: string;
  /** A user's personal chat (aadObjectId) or a registered channel/conversation id. */
  kind: 'user' | 'conversation';
  id: string;
}

export interface OutboundCard {
  /** An Adaptive Card 1.5 object, already rendered by cards/. */
  card: object;
  /** Plain text fallback for notifications. */
  summary: string;
}

export interface SentMessage {
  target: NotificationTarget;
  conversationId: string;
  activityId: string;
}

export interface Notifier {
  /** Sends a card; throws NotifierError('NOTIFY.NO_REFERENCE') when no conversation reference is stored. */
  send(target: NotificationTarget, message: OutboundCard): Promise<SentMessage>;
  /** Replaces a previously sent card in place. */
  update(sent: SentMessage, message: OutboundCard): Promise<void>;
}

export class NotifierError extends AppError<'NOTIFY.NO_REFERENCE' | 'NOTIFY.FAILED' | 'NOTIFY.THROTTLED'> {
  constructor(code: 'NOTIFY.NO_REFERENCE' | 'NOTIFY.FAILED' | 'NOTIFY.THROTTLED', developerMessage: string) {
    super(code, developerMessage);
  }
}
