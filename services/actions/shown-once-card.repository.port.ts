/**
 * Where a card that shows a secret once (a temporary password) lives, and when the bot hides
 * it. Only the card's address and its due time are stored: never the secret. The bot redacts due
 * cards on a timer and at start, so a restart does not leave a password on screen.
 * Implemented by services/adapters/sqlite/shown-once-card.sqlite.ts.
 */

export type ShownOnceCardState = 'shown' | 'redacted' | 'abandoned';

export interface ShownOnceCard {
  id: string;
  tenantId: string;
  /** The conversation (the operator's personal chat) and the message that holds the card. */
  conversationId: string;
  activityId: string;
  /** Who the secret was shown to; only they may hide it by hand. */
  actorUserId: string;
  /** The action that produced it, for the redacted card's words (no secret). */
  pendingActionId: string;
  title: string;
  targetUpn: string;
  targetDisplayName: string;
  shownAt: string;
  dueAt: string;
  state: ShownOnceCardState;
  /** Failed automatic redactions so far (the connector refused or could not be reached). */
  attempts: number;
  redactedAt?: string;
}

export interface ShownOnceCardRepository {
  add(card: ShownOnceCard): void;
  get(id: string): ShownOnceCard | undefined;
  /** Cards still shown whose due time is at or before `now`, oldest first. */
  listDue(now: Date, limit: number): ShownOnceCard[];
  /** shown → redacted (or abandoned). False when it was not shown any more (redacted meanwhile). */
  finish(id: string, state: Exclude<ShownOnceCardState, 'shown'>, now: Date): boolean;
  /** Counts a failed automatic redaction and moves its due time to `retryAt`. */
  recordFailure(id: string, retryAt: Date): void;
}
