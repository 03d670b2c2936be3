import type { AdaptiveCardJson } from '../../cards';
import type { Logger } from '../../services/logger';

export interface CoalescingCardUpdaterOptions {
  /**
   * Least time between two updates of the card. Teams allows a bot about 7 messages a second
   * per conversation (DESIGN §7); 300 ms leaves room for the rest of the conversation. The
   * first update also waits this long after the card was posted, so an invoke's own answer
   * (the same card, first state) reaches the client before any update to it.
   */
  minIntervalInMs?: number;
  /** Send the first state at once (nothing is on screen yet to race with). */
  startImmediately?: boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_MIN_INTERVAL_IN_MS = 300;

/**
 * Replaces one posted card in place as work progresses, throttled: while an update is waiting
 * or in flight, newer states replace the queued one, so the card skips intermediate states but
 * always ends on the latest. The work reporting progress never waits for Teams (`push` returns
 * at once); whoever owns the work awaits `flush()` at the end so the final state is delivered.
 * A failed update is logged and dropped: the next state (or the final one) carries everything.
 */
export class CoalescingCardUpdater {
  private queued: AdaptiveCardJson | undefined;
  private pumping: Promise<void> | undefined;
  private lastSentAt: number;
  private readonly minIntervalInMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly update: (card: AdaptiveCardJson) => Promise<void>,
    private readonly logger: Logger,
    options: CoalescingCardUpdaterOptions = {},
  ) {
    this.minIntervalInMs = options.minIntervalInMs ?? DEFAULT_MIN_INTERVAL_IN_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.lastSentAt = options.startImmediately ? Number.NEGATIVE_INFINITY : this.now();
  }

  /** Queues the card as the next state; returns without waiting for Teams. */
  push(card: AdaptiveCardJson): void {
    this.queued = card;
    this.ensurePumping();
  }

  /** Resolves once every pushed state has been sent (or given up on). */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** The pump is owned here and awaited by flush(); it never rejects (see pump()). */
  private ensurePumping(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      // A state pushed between the pump's last check and here must not be stranded.
      if (this.queued) this.ensurePumping();
    });
  }

  private async pump(): Promise<void> {
    while (this.queued) {
      const wait = this.lastSentAt + this.minIntervalInMs - this.now();
      if (wait > 0) await this.sleep(wait);
      const card = this.queued;
      this.queued = undefined;
      if (!card) continue;
      try {
        await this.update(card);
      } catch (error) {
        this.logger.warn({ code: codeOf(error), errorName: error instanceof Error ? error.name : typeof error }, 'progress card update failed; the next state will carry it');
      }
      this.lastSentAt = this.now();
    }
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
