import type { AdaptiveCardJson } from '../../cards';
import type { Logger } from '../../services/logger';
import { CoalescingCardUpdater, type CoalescingCardUpdaterOptions } from './coalescing-card-updater';

/** Where a live card lives: either already posted (replace it) or still to be posted once. */
export type LiveCardTarget =
  | { kind: 'posted'; replace: (card: AdaptiveCardJson) => Promise<void> }
  | { kind: 'unposted'; post: (card: AdaptiveCardJson) => Promise<(card: AdaptiveCardJson) => Promise<void>> };

/**
 * One card that shows a long-running change: posted once, then replaced in place, throttled
 * (see CoalescingCardUpdater). `latest` is what the card shows now, so a double click can be
 * answered with the current progress instead of a second run.
 */
export class LiveCard {
  private readonly updater: CoalescingCardUpdater;
  private replace: ((card: AdaptiveCardJson) => Promise<void>) | undefined;
  private current: AdaptiveCardJson | undefined;

  constructor(target: LiveCardTarget, logger: Logger, options: CoalescingCardUpdaterOptions = {}) {
    if (target.kind === 'posted') this.replace = target.replace;
    const deliver = async (card: AdaptiveCardJson): Promise<void> => {
      if (this.replace) return this.replace(card);
      if (target.kind === 'unposted') this.replace = await target.post(card);
    };
    // A card that is not posted yet has nothing on screen to race with: post it right away.
    this.updater = new CoalescingCardUpdater(deliver, logger, target.kind === 'unposted' ? { ...options, startImmediately: true } : options);
  }

  get latest(): AdaptiveCardJson | undefined {
    return this.current;
  }

  show(card: AdaptiveCardJson): void {
    this.current = card;
    this.updater.push(card);
  }

  flush(): Promise<void> {
    return this.updater.flush();
  }
}
