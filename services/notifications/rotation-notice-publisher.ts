/**
 * Rotation events → notices → outbox → Teams. Implements the rotation service's event sink and
 * the scheduler's overdue / heads-up notices. Each notice has a dedupe key, so recovery
 * re-reporting a run or the scheduler raising a daily alert twice queues nothing new.
 */
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { Clock } from '../ports/clock.port';
import type {
  LockedOutEvent,
  RotationEventSink,
  RotationFailedEvent,
  RotationSucceededEvent,
} from '../rotation/rotation-collaborators.port';
import type { Notice } from './notice.types';
import type { NoticeOutbox } from './notice-outbox';
import { localDateKey } from './notice-time-format';
import type { HeadsUpEvent, OverdueEvent, RotationNoticeComposer } from './rotation-notice-composer';
import type { NoticeTargetSource } from './notice-outbox';

export interface RotationNoticePublisherDeps {
  composer: RotationNoticeComposer;
  targets: NoticeTargetSource;
  outbox: NoticeOutbox;
  settings: Pick<TenantSettingsRepository, 'get'>;
  clock: Clock;
  /** Send right after queueing (default true); the scheduler's tick retries whatever stays queued. */
  deliverImmediately?: boolean;
}

/** The scheduler's notices, next to the rotation service's events. */
export interface ScheduledRotationNotices {
  overdue(event: OverdueEvent): Promise<void>;
  headsUp(event: HeadsUpEvent): Promise<void>;
  lockedOut(event: LockedOutEvent): Promise<void>;
}

export class RotationNoticePublisher implements RotationEventSink, ScheduledRotationNotices {
  constructor(private readonly deps: RotationNoticePublisherDeps) {}

  async rotationSucceeded(event: RotationSucceededEvent): Promise<void> {
    const notice = this.deps.composer.succeeded(event, this.timeZone(event.tenantId), this.deps.settings.get(event.tenantId).rotationCron);
    await this.publish(notice, `rotation:${event.result.rotationId}:succeeded`);
  }

  async rotationFailed(event: RotationFailedEvent): Promise<void> {
    const notice = this.deps.composer.failed(event, this.timeZone(event.tenantId), this.deps.settings.get(event.tenantId).rotationCron);
    await this.publish(notice, `rotation:${event.rotationId}:failed:${event.state.kind}`);
  }

  /** At most one locked-out alert per tenant per local day. */
  async lockedOut(event: LockedOutEvent): Promise<void> {
    const zone = this.timeZone(event.tenantId);
    const notice = this.deps.composer.lockedOut(event, zone);
    await this.publish(notice, `rotation:lockedOut:${localDateKey(this.deps.clock.now(), zone)}`);
  }

  /** At most one overdue alert per tenant per local day. */
  async overdue(event: OverdueEvent): Promise<void> {
    const zone = this.timeZone(event.tenantId);
    const notice = this.deps.composer.overdue(event, zone);
    await this.publish(notice, `rotation:overdue:${localDateKey(this.deps.clock.now(), zone)}`);
  }

  /** One heads-up per scheduled slot. */
  async headsUp(event: HeadsUpEvent): Promise<void> {
    const notice = this.deps.composer.headsUp(event, this.timeZone(event.tenantId));
    await this.publish(notice, `rotation:headsUp:${event.scheduledAt}`);
  }

  private async publish(notice: Notice, dedupeKey: string): Promise<void> {
    const targets = await this.deps.targets.resolve(notice.tenantId);
    const inserted = this.deps.outbox.enqueue(notice.tenantId, targets, notice, { dedupeKey });
    if (inserted > 0 && this.deps.deliverImmediately !== false) await this.deps.outbox.deliverPending({ tenantId: notice.tenantId });
  }

  private timeZone(tenantId: string): string {
    return this.deps.settings.get(tenantId).rotationTimeZone;
  }
}
