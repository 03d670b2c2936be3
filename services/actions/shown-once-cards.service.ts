/**
 * Cards that show a secret once (the temporary password of "reset password"): the bot hides the
 * secret in place when the operator says they copied it, and by itself after a set time
 * (default 10 minutes). The timer survives a restart because only the card's address and due
 * time are stored, never the secret: on start, every card already due is redacted.
 *
 * A dialog, a card verb and the timer call the same methods here; the card itself is rendered
 * at the bot edge (ShownOnceCardPublisher).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor';
import type { Clock } from '../ports/clock.port';
import { silentLogger, type AreaLogger } from '../sessions/session-collaborators.port';
import { ActionError } from './action-errors';
import type { ShownOnceCard, ShownOnceCardRepository } from './shown-once-card.repository.port';

export const DEFAULT_REDACT_AFTER_IN_MS = 10 * 60_000;

/** Replaces a shown-once card, in its conversation, with its redacted form. Implemented in bot/ on the Notifier. */
export interface ShownOnceCardPublisher {
  redact(card: ShownOnceCard): Promise<void>;
}

export interface ShownOnceCardsOptions {
  /** How long the secret stays on screen. Default 10 minutes. */
  redactAfterInMs?: number;
  /** How often due cards are looked for. Default 15 s. */
  checkIntervalInMs?: number;
  /** After a failed redaction, try again this much later. Default 30 s. */
  retryAfterInMs?: number;
  /** Give up after this many failed redactions (the message was deleted, the bot was removed). Default 20. */
  maxAttempts?: number;
}

export interface ShownOnceCardsDependencies {
  repository: ShownOnceCardRepository;
  publisher: ShownOnceCardPublisher;
  clock: Clock;
  logger?: AreaLogger;
  options?: ShownOnceCardsOptions;
}

export type NewShownOnceCard = Pick<ShownOnceCard, 'tenantId' | 'conversationId' | 'activityId' | 'actorUserId' | 'pendingActionId' | 'title' | 'targetUpn' | 'targetDisplayName'>;

export class ShownOnceCardsService {
  private readonly logger: AreaLogger;
  /** How long a secret stays on screen (the card says so). */
  readonly redactAfterInMs: number;
  private readonly checkIntervalInMs: number;
  private readonly retryAfterInMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: ShownOnceCardsDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.redactAfterInMs = deps.options?.redactAfterInMs ?? DEFAULT_REDACT_AFTER_IN_MS;
    this.checkIntervalInMs = deps.options?.checkIntervalInMs ?? 15_000;
    this.retryAfterInMs = deps.options?.retryAfterInMs ?? 30_000;
    this.maxAttempts = deps.options?.maxAttempts ?? 20;
  }

  /** Remembers a card that now shows a secret, and when to hide it. Stores no secret. */
  record(card: NewShownOnceCard): ShownOnceCard {
    const now = this.deps.clock.now();
    const stored: ShownOnceCard = {
      ...card,
      id: randomUUID(),
      shownAt: now.toISOString(),
      dueAt: new Date(now.getTime() + this.redactAfterInMs).toISOString(),
      state: 'shown',
      attempts: 0,
    };
    this.deps.repository.add(stored);
    return stored;
  }

  /**
   * "I've copied it": marks the card redacted now (the click's answer replaces it in place).
   * Repeating it is harmless. Only the person it was shown to may do it.
   * @throws ActionError ACTION.NOT_FOUND (also for another tenant's card), ACTION.NOT_PREPARER.
   */
  redactByOwner(actor: Actor, id: string): ShownOnceCard {
    const card = this.deps.repository.get(id);
    if (!card || card.tenantId !== actor.tenantId) throw new ActionError('ACTION.NOT_FOUND', 'This card is not known any more. The password it showed was hidden.');
    if (card.actorUserId !== actor.userId) throw new ActionError('ACTION.NOT_PREPARER', 'Only the person this card was shown to can hide it.');
    if (this.deps.repository.finish(id, 'redacted', this.deps.clock.now())) {
      this.logger.info({ tenantId: card.tenantId, shownOnceCardId: id }, 'shown-once card redacted by its owner');
    }
    return card;
  }

  /** Redacts every card that is due. Returns how many were redacted. Never runs twice at once. */
  runDue(): Promise<number> {
    this.running ??= this.redactDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Redacts what is already due (what a restart left on screen), then checks on a timer. */
  async start(): Promise<void> {
    await this.runDue();
    this.timer = setInterval(() => {
      void this.runDue();
    }, this.checkIntervalInMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async redactDue(): Promise<number> {
    let redacted = 0;
    const now = this.deps.clock.now();
    for (const card of this.deps.repository.listDue(now, 50)) {
      try {
        await this.deps.publisher.redact(card);
        if (this.deps.repository.finish(card.id, 'redacted', this.deps.clock.now())) redacted += 1;
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'UNKNOWN';
        if (card.attempts + 1 >= this.maxAttempts) {
          this.deps.repository.finish(card.id, 'abandoned', this.deps.clock.now());
          this.logger.error({ tenantId: card.tenantId, shownOnceCardId: card.id, code, attempts: card.attempts + 1 }, 'shown-once card could not be redacted; giving up');
        } else {
          this.deps.repository.recordFailure(card.id, new Date(this.deps.clock.now().getTime() + this.retryAfterInMs));
          this.logger.warn({ tenantId: card.tenantId, shownOnceCardId: card.id, code, attempts: card.attempts + 1 }, 'shown-once card redaction failed; will retry');
        }
      }
    }
    return redacted;
  }
}
