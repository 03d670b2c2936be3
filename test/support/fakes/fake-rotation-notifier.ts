import { randomUUID } from 'node:crypto';
import { NotifierError, type NotificationTarget, type Notifier, type OutboundCard, type SentMessage } from '../../../services/ports/notifier.port';
import type { Notice } from '../../../services/notifications/notice.types';
import type { NoticeRenderer } from '../../../services/notifications/notice-outbox';

/**
 * A Teams proactive-messaging stand-in: records what reached whom, answers NO_REFERENCE for
 * targets without a stored conversation reference, and fails the next sends as scripted.
 */
export class FakeRotationNotifier implements Notifier {
  readonly delivered: Array<{ target: NotificationTarget; message: OutboundCard; activityId: string }> = [];
  readonly tries: Array<{ target: NotificationTarget; outcome: string }> = [];
  /** Errors thrown by the next sends, in order. */
  readonly script: Error[] = [];
  /** Target ids with no conversation reference. */
  readonly withoutReference = new Set<string>();

  async send(target: NotificationTarget, message: OutboundCard): Promise<SentMessage> {
    if (this.withoutReference.has(target.id)) {
      this.tries.push({ target, outcome: 'NOTIFY.NO_REFERENCE' });
      throw new NotifierError('NOTIFY.NO_REFERENCE', 'no conversation reference stored');
    }
    const scripted = this.script.shift();
    if (scripted) {
      this.tries.push({ target, outcome: scripted.name });
      throw scripted;
    }
    const activityId = randomUUID();
    this.tries.push({ target, outcome: 'ok' });
    this.delivered.push({ target, message, activityId });
    return { target, conversationId: `conv-${target.kind}-${target.id}`, activityId };
  }

  async update(): Promise<void> {
    return undefined;
  }

  /** Delivered notice summaries for one target. */
  summariesFor(targetId: string): string[] {
    return this.delivered.filter((entry) => entry.target.id === targetId).map((entry) => entry.message.summary);
  }
}

/** An HTTP failure shaped like botbuilder's RestError: statusCode plus response headers. */
export function httpFailure(status: number, retryAfterSeconds?: number): Error {
  const error = new Error(`Request failed with status ${status}`) as Error & { statusCode: number; response: { headers: Record<string, string> } };
  error.name = 'RestError';
  error.statusCode = status;
  error.response = { headers: retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {} };
  return error;
}

/** A minimal card renderer (the real ones live in cards/): title, paragraphs, facts and buttons. */
export const fakeRotationNoticeRenderer: NoticeRenderer = {
  render(notice: Notice): OutboundCard {
    return {
      summary: notice.summary,
      card: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: notice.title, weight: 'Bolder' },
          ...notice.paragraphs.map((text) => ({ type: 'TextBlock', text, wrap: true })),
          { type: 'FactSet', facts: notice.facts },
        ],
        actions: notice.actions.map((action) => ({ type: 'Action.Execute', verb: action.verb, title: action.title, data: action.data })),
      },
    };
  },
};
