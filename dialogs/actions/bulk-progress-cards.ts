/**
 * The progress card of each running bulk job: the card whose Confirm started it, replaced in
 * place through the Notifier (so a job resumed by a new process updates the same card), at most
 * every 2 s (Teams allows a bot about 7 messages a second per conversation), always ending on the
 * final summary.
 */
import type { Logger } from '../../services/logger';
import type { BulkProgress, BulkProgressSink } from '../../services/actions/bulk/bulk-progress';
import type { Notifier } from '../../services/ports/notifier.port';
import { CoalescingCardUpdater, type CoalescingCardUpdaterOptions } from '../shared/coalescing-card-updater';
import { bulkProgressCard } from './bulk-views';

export const BULK_CARD_INTERVAL_IN_MS = 2_000;

export class BulkProgressCards implements BulkProgressSink {
  private readonly updaters = new Map<string, CoalescingCardUpdater>();

  constructor(
    private readonly notifier: Pick<Notifier, 'update'>,
    private readonly logger: Logger,
    private readonly options: CoalescingCardUpdaterOptions = {},
  ) {}

  progress(view: BulkProgress): void {
    this.updaterFor(view)?.push(bulkProgressCard(view));
  }

  async finished(view: BulkProgress): Promise<void> {
    const updater = this.updaterFor(view);
    if (!updater) return;
    updater.push(bulkProgressCard(view));
    await updater.flush();
    this.updaters.delete(view.job.id);
  }

  /** Resolves once every queued card update went out (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.updaters.values()].map((updater) => updater.flush()));
  }

  private updaterFor(view: BulkProgress): CoalescingCardUpdater | undefined {
    const { job } = view;
    const card = job.card;
    if (!card) return undefined;
    let updater = this.updaters.get(job.id);
    if (!updater) {
      const summary = `${view.title}: bulk action`;
      updater = new CoalescingCardUpdater(
        (next) => this.notifier.update({ target: { tenantId: job.tenantId, kind: 'user', id: job.actor.userId }, conversationId: card.conversationId, activityId: card.activityId }, { card: next, summary }),
        this.logger,
        { minIntervalInMs: BULK_CARD_INTERVAL_IN_MS, ...this.options },
      );
      this.updaters.set(job.id, updater);
    }
    return updater;
  }
}
