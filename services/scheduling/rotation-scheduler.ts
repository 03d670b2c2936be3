/**
 * Drives rotation from the clock: the weekly slot (croner, in the tenant's zone), recovery of
 * unsettled tenants, the overdue alert, the locked-out reminder, the optional 24 h heads-up,
 * and a delivery round of the notice outbox. The runtime calls `tick()` every minute from a
 * croner job (SchedulerTimer); tests call it directly after moving a ManualClock.
 *
 * - One run per slot: the slot is claimed in SQLite (INSERT OR IGNORE) before the rotation
 *   starts; a restart in the middle of a slot leaves it claimed, and recovery settles the run.
 * - Catch-up: a slot missed while the bot was down is the latest occurrence after the last
 *   claimed one (and after the arm time); only that one runs, once, at the next tick.
 * - A schedule counts from when it was armed (first seen, or changed): changing Monday to
 *   Sunday on a Tuesday does not "catch up" last Sunday.
 */
import type { Clock } from '../ports/clock.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import { localDateKey } from '../notifications/notice-time-format';
import type { ScheduledRotationNotices } from '../notifications/rotation-notice-publisher';
import type { RotationLogger } from '../rotation/rotation-collaborators.port';
import { silentRotationLogger } from '../rotation/rotation-collaborators.port';
import { errorCode } from '../rotation/rotation-convergence';
import { isRotationError } from '../rotation/rotation-errors';
import type { RotationCondition, RotationTrigger } from '../rotation/rotation.types';
import type { SchedulerJob, SchedulerSlotStore } from './scheduler-slot.port';
import { SlotCursors } from './slot-cursors';
import type { TenantRotationSchedules } from './tenant-rotation-schedule';

/** What the scheduler needs from the rotation service (RotationService satisfies it). */
export interface ScheduledRotation {
  rotate(tenantId: string, trigger: RotationTrigger): Promise<unknown>;
  recover(tenantId: string, options?: { verifyCurrent?: boolean }): Promise<unknown>;
  needsRecovery(tenantId: string): boolean;
  condition(tenantId: string): RotationCondition | undefined;
}

/** Tenants the scheduler looks at (those with a service-account record; the composition root adapts the repository). */
export interface ScheduledTenantSource {
  listTenantIds(): Promise<readonly string[]> | readonly string[];
}

export interface RotationSchedulerDeps {
  clock: Clock;
  tenants: ScheduledTenantSource;
  settings: Pick<TenantSettingsRepository, 'get'>;
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  schedules: TenantRotationSchedules;
  slots: SchedulerSlotStore;
  rotation: ScheduledRotation;
  notices?: ScheduledRotationNotices;
  /** The notice outbox; one delivery round per tick retries whatever stayed queued. */
  outbox?: { deliverPending(): Promise<unknown> };
  logger?: RotationLogger;
}

export interface RotationSchedulerOptions {
  /** Last successful rotation older than this raises the overdue alert (once per local day). Default 8 days. */
  overdueAfterInMs?: number;
  /** Send a heads-up this long before a scheduled rotation; off when undefined. Issue 7 suggests 24 h. */
  headsUpBeforeInMs?: number;
}

export interface TickReport {
  at: string;
  rotations: Array<{ tenantId: string; slot: string; outcome: string }>;
  recoveries: Array<{ tenantId: string; outcome: string }>;
  alerts: Array<{ tenantId: string; job: SchedulerJob; key: string }>;
  errors: Array<{ tenantId: string; code: string }>;
}

const DAY_IN_MS = 86_400_000;

export class RotationScheduler {
  private readonly logger: RotationLogger;
  private readonly overdueAfterInMs: number;
  private inFlight: Promise<TickReport> | undefined;
  private readonly cursors: SlotCursors;

  constructor(
    private readonly deps: RotationSchedulerDeps,
    private readonly options: RotationSchedulerOptions = {},
  ) {
    this.logger = deps.logger ?? silentRotationLogger;
    this.overdueAfterInMs = options.overdueAfterInMs ?? 8 * DAY_IN_MS;
    this.cursors = new SlotCursors(deps.schedules, deps.slots);
  }

  /**
   * On process start: a full recovery of every tenant (vault inspection, and a sign-in with the
   * current version, which detects a password reset made outside the bot), then a tick, which
   * runs a slot missed while the bot was down. Never throws for one tenant's failure.
   */
  async start(): Promise<TickReport> {
    const recoveries: TickReport['recoveries'] = [];
    for (const tenantId of await this.deps.tenants.listTenantIds()) {
      if (!this.isScheduled(tenantId)) continue;
      recoveries.push({ tenantId, outcome: await this.recover(tenantId, { verifyCurrent: true }) });
    }
    const report = await this.tick();
    return { ...report, recoveries: [...recoveries, ...report.recoveries] };
  }

  /** One pass over all tenants at the clock's current time. Overlapping calls share one pass. */
  tick(): Promise<TickReport> {
    if (this.inFlight) return this.inFlight;
    const pass = this.runTick().finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = pass;
    return pass;
  }

  private async runTick(): Promise<TickReport> {
    const now = this.deps.clock.now();
    const report: TickReport = { at: now.toISOString(), rotations: [], recoveries: [], alerts: [], errors: [] };
    for (const tenantId of await this.deps.tenants.listTenantIds()) {
      try {
        await this.tickTenant(tenantId, now, report);
      } catch (error) {
        report.errors.push({ tenantId, code: errorCode(error) });
        this.logger.error({ tenantId, code: errorCode(error) }, 'scheduler: tenant tick failed');
      }
    }
    if (this.deps.outbox) {
      try {
        await this.deps.outbox.deliverPending();
      } catch (error) {
        this.logger.error({ code: errorCode(error) }, 'scheduler: notice delivery round failed');
      }
    }
    return report;
  }

  private async tickTenant(tenantId: string, now: Date, report: TickReport): Promise<void> {
    if (!this.isScheduled(tenantId)) return;
    if (this.deps.rotation.needsRecovery(tenantId)) report.recoveries.push({ tenantId, outcome: await this.recover(tenantId) });

    const position = this.cursors.advance(tenantId, now);
    if (position.fellBack) this.logger.warn({ tenantId }, 'scheduler: invalid rotation schedule in settings; using the weekly default');
    if (position.due) await this.runSlot(tenantId, position.due, now, report);
    await this.remindLockedOut(tenantId, now, report);
    await this.checkOverdue(tenantId, now, report);
    if (position.next) await this.headsUp(tenantId, position.next, now, report);
  }

  /** Releases the cron objects held for the tenants' schedules. */
  dispose(): void {
    this.cursors.dispose();
  }

  private async runSlot(tenantId: string, slot: Date, now: Date, report: TickReport): Promise<void> {
    const slotKey = slot.toISOString();
    if (!this.deps.slots.claim(tenantId, 'rotation', slotKey, now)) return;
    const lastRotationAt = this.deps.serviceAccounts.get(tenantId)?.lastRotationAt;
    if (lastRotationAt && Date.parse(lastRotationAt) >= slot.getTime()) {
      // Someone rotated at or after the slot time (typically a manual rotation that held the lease over it).
      this.deps.slots.complete(tenantId, 'rotation', slotKey, 'already-rotated', now);
      report.rotations.push({ tenantId, slot: slotKey, outcome: 'already-rotated' });
      return;
    }
    let outcome = 'succeeded';
    try {
      await this.deps.rotation.rotate(tenantId, { kind: 'schedule', slot: slotKey });
    } catch (error) {
      outcome = errorCode(error);
      if (outcome === 'ROTATION.IN_PROGRESS') {
        // Nothing ran: another holder (a manual run, or a dead process's lease not yet expired) had the tenant. Try again next tick.
        this.deps.slots.release(tenantId, 'rotation', slotKey);
        this.cursors.retryLater(tenantId, slot);
        report.rotations.push({ tenantId, slot: slotKey, outcome });
        return;
      }
      // The rotation recorded, audited and announced its own failure; the slot is spent.
      if (!isRotationError(error)) this.logger.error({ tenantId, slot: slotKey, code: outcome }, 'scheduler: rotation threw an unexpected error');
    }
    this.deps.slots.complete(tenantId, 'rotation', slotKey, outcome, this.deps.clock.now());
    report.rotations.push({ tenantId, slot: slotKey, outcome });
  }

  private async remindLockedOut(tenantId: string, now: Date, report: TickReport): Promise<void> {
    const condition = this.deps.rotation.condition(tenantId);
    if (condition?.kind !== 'locked-out' || condition.state?.kind !== 'locked-out' || !this.deps.notices) return;
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) return;
    const key = localDateKey(now, this.deps.settings.get(tenantId).rotationTimeZone);
    if (!this.deps.slots.claim(tenantId, 'locked-out-alert', key, now)) return;
    await this.deps.notices.lockedOut({
      tenantId,
      accountUpn: record.userPrincipalName,
      secretName: record.secretName,
      state: condition.state,
      detectedAt: condition.since,
    });
    report.alerts.push({ tenantId, job: 'locked-out-alert', key });
  }

  private async checkOverdue(tenantId: string, now: Date, report: TickReport): Promise<void> {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record || !this.deps.notices) return;
    const last = record.lastRotationAt ?? record.createdAt;
    const since = now.getTime() - Date.parse(last);
    if (!(since > this.overdueAfterInMs)) return;
    const key = localDateKey(now, this.deps.settings.get(tenantId).rotationTimeZone);
    if (!this.deps.slots.claim(tenantId, 'overdue', key, now)) return;
    await this.deps.notices.overdue({ tenantId, accountUpn: record.userPrincipalName, lastSuccessfulRotationAt: last, sinceLastRotationInMs: since });
    report.alerts.push({ tenantId, job: 'overdue', key });
  }

  private async headsUp(tenantId: string, next: Date, now: Date, report: TickReport): Promise<void> {
    const before = this.options.headsUpBeforeInMs;
    if (before === undefined || !this.deps.notices || next.getTime() - now.getTime() > before) return;
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) return;
    const key = next.toISOString();
    if (!this.deps.slots.claim(tenantId, 'heads-up', key, now)) return;
    await this.deps.notices.headsUp({ tenantId, accountUpn: record.userPrincipalName, scheduledAt: key });
    report.alerts.push({ tenantId, job: 'heads-up', key });
  }

  private async recover(tenantId: string, options: { verifyCurrent?: boolean } = {}): Promise<string> {
    try {
      const outcome = (await this.deps.rotation.recover(tenantId, options)) as { kind?: string } | undefined;
      return outcome?.kind ?? 'done';
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ROTATION.IN_PROGRESS') this.logger.error({ tenantId, code }, 'scheduler: recovery failed');
      return code;
    }
  }

  private isScheduled(tenantId: string): boolean {
    return this.deps.settings.get(tenantId).mode === 'advanced' && this.deps.serviceAccounts.get(tenantId) !== undefined;
  }
}
