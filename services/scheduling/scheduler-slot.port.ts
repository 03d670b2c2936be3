/**
 * Scheduler slots (DESIGN.md §5). A slot (tenant, job, slot key) is claimed in the store
 * *before* its work runs, so a restart in the middle of a slot never runs it again. The arm time
 * is when a schedule (pattern + zone) started to apply to a tenant: slots before it are not
 * "missed", they simply were not scheduled. SQLite: services/adapters/sqlite/scheduler-slot.sqlite.ts.
 */
export type SchedulerJob = 'rotation' | 'heads-up' | 'overdue' | 'locked-out-alert';

export interface SchedulerSlotStore {
  /** INSERT OR IGNORE: true for the one caller that claimed the slot. */
  claim(tenantId: string, job: SchedulerJob, slotKey: string, claimedAt: Date): boolean;
  complete(tenantId: string, job: SchedulerJob, slotKey: string, outcome: string, finishedAt: Date): void;
  /** Gives a claimed slot back when its work could not even start (another holder had the tenant's lease). */
  release(tenantId: string, job: SchedulerJob, slotKey: string): void;
  /** Returns when `scheduleKey` was armed for the tenant and job, arming it at `now` if it is new or changed. */
  arm(tenantId: string, job: SchedulerJob, scheduleKey: string, now: Date): Date;
  /** Claimed slots, newest first (for status details and tests). */
  list(tenantId: string, job: SchedulerJob, options?: { limit?: number }): Array<{ slotKey: string; claimedAt: string; finishedAt?: string; outcome?: string }>;
}
