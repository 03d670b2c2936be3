/**
 * Where each tenant's schedule stands: the next slot that is due, kept in memory so an idle
 * tick costs no cron arithmetic (croner's zone-aware `nextRun` is the expensive part of a tick).
 * It is rebuilt from the store after a restart or a schedule change: from the later of the arm
 * time and the last claimed slot, so a missed slot is found again and a claimed one is not.
 * The store's claim stays the authority on "runs once"; this is only a cache of where to look.
 */
import type { SchedulerJob, SchedulerSlotStore } from './scheduler-slot.port';
import type { RotationSchedule } from './rotation-schedule';
import type { TenantRotationSchedules } from './tenant-rotation-schedule';

interface Cursor {
  settingsKey: string;
  schedule: RotationSchedule;
  fellBack: boolean;
  nextDue: Date | undefined;
}

export interface SlotPosition {
  /** The latest occurrence in (last claimed, now], if any: the slot to run now (older missed ones are skipped). */
  due?: Date;
  /** The first occurrence after now. */
  next?: Date;
  /** True when the tenant's pattern or zone was invalid and the weekly default applies. */
  fellBack: boolean;
}

const MAX_CATCH_UP_STEPS = 100_000;

export class SlotCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly schedules: TenantRotationSchedules,
    private readonly slots: SchedulerSlotStore,
    private readonly job: SchedulerJob = 'rotation',
  ) {}

  /** Moves the tenant's cursor to `now`. Times must not go backwards for one process. */
  advance(tenantId: string, now: Date): SlotPosition {
    const cursor = this.cursorFor(tenantId, now);
    let due: Date | undefined;
    if (cursor.nextDue && cursor.nextDue.getTime() <= now.getTime()) {
      due = cursor.nextDue;
      let next = cursor.schedule.nextAfter(due);
      for (let step = 0; next && next.getTime() <= now.getTime() && step < MAX_CATCH_UP_STEPS; step += 1) {
        due = next;
        next = cursor.schedule.nextAfter(due);
      }
      cursor.nextDue = next;
    }
    return { ...(due ? { due } : {}), ...(cursor.nextDue ? { next: cursor.nextDue } : {}), fellBack: cursor.fellBack };
  }

  /** Makes `slot` due again on the next tick (its claim was released because the work could not start). */
  retryLater(tenantId: string, slot: Date): void {
    const cursor = this.cursors.get(tenantId);
    if (cursor && (!cursor.nextDue || slot.getTime() < cursor.nextDue.getTime())) cursor.nextDue = slot;
  }

  dispose(): void {
    for (const cursor of this.cursors.values()) cursor.schedule.dispose();
    this.cursors.clear();
  }

  private cursorFor(tenantId: string, now: Date): Cursor {
    const settingsKey = this.schedules.settingsKeyFor(tenantId);
    const existing = this.cursors.get(tenantId);
    if (existing && existing.settingsKey === settingsKey) return existing;
    existing?.schedule.dispose();
    const { schedule, fellBack } = this.schedules.scheduleFor(tenantId);
    const armedAt = this.slots.arm(tenantId, this.job, schedule.key, now).getTime();
    const lastClaimed = this.slots.list(tenantId, this.job, { limit: 1 })[0];
    const notBefore = lastClaimed ? Math.max(armedAt, Date.parse(lastClaimed.slotKey) + 1) : armedAt;
    const cursor: Cursor = { settingsKey, schedule, fellBack, nextDue: schedule.nextAtOrAfter(new Date(notBefore)) };
    this.cursors.set(tenantId, cursor);
    return cursor;
  }
}
