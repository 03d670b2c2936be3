/**
 * Keeps a flood of denials from flooding the audit (issue 11, finding 8). Every denial is still
 * refused and still shown to the user; what is limited is how many of them are written in full.
 *
 * Per tenant and user, a window opens with their first denial. Within it the first `maxPerKind`
 * denials of each kind (capability + reason) and at most `maxPerUser` in all are recorded exactly
 * as before; the rest are only counted. When the window has closed, one `access.denied.burst`
 * record per kind says how many were left out, between when and when, under which last
 * reference. No timer is needed: the summary is written by the user's next denial after the
 * window, by any later denial (which first settles the oldest closed windows), or by `flush`,
 * which the scheduler may call for users who went quiet. A summary whose write fails is kept
 * and written with the next one. Counters live in memory and are bounded; a restart loses only
 * the counts of the open windows.
 */
import type { AuditEntry, AuditPerson, AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';

export interface DenialAuditLimits {
  /** Length of a user's window. Default one minute. */
  windowInMs: number;
  /** Denials of one kind recorded in full per window. Default 10. */
  maxPerKind: number;
  /**
   * Denials recorded in full per user and window, all kinds together. Default 200: a user who
   * tries every command and button once (about 110 today; the catalogue grows with each feature)
   * is still recorded in full. test/unit/access/denial-flood.test.ts fails when the catalogue
   * outgrows it.
   */
  maxPerUser: number;
  /** Distinct kinds counted per user and window; more are counted under one catch-all kind. Default 64. */
  maxKindsPerUser: number;
  /** Users with an open window; the oldest is settled early beyond this. Default 10 000. */
  maxTrackedUsers: number;
}

export const DEFAULT_DENIAL_AUDIT_LIMITS: DenialAuditLimits = {
  windowInMs: 60_000,
  maxPerKind: 10,
  maxPerUser: 200,
  maxKindsPerUser: 64,
  maxTrackedUsers: 10_000,
};

/** The audit action of a summary record. */
export const DENIAL_BURST_ACTION = 'access.denied.burst';

/** What the limiter needs to know about one denial. */
export interface DenialToRecord {
  tenantId: string;
  actor: AuditPerson;
  /** The capability that was refused. */
  action: string;
  /** The denial reason (ACCESS.*). */
  code: string;
  correlationId: string;
}

interface KindCount {
  action: string;
  code: string;
  actor: AuditPerson;
  recorded: number;
  suppressed: number;
  firstSuppressedAt?: string;
  lastSuppressedAt?: string;
  lastCorrelationId?: string;
}

interface UserWindow {
  tenantId: string;
  startedAt: number;
  recorded: number;
  kinds: Map<string, KindCount>;
}

const OTHER_KINDS = '*';
/** How many closed windows of other users one denial settles on its way, so the work per call stays small. */
const SETTLE_PER_CALL = 10;

export class DenialAuditLimiter {
  private readonly limits: DenialAuditLimits;
  /** Insertion order is opening order: the oldest window is always first. */
  private readonly windows = new Map<string, UserWindow>();
  /** Closed windows whose summaries could not be written yet (the audit failed); retried first. */
  private unwritten: UserWindow[] = [];

  constructor(
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
    limits: Partial<DenialAuditLimits> = {},
  ) {
    this.limits = { ...DEFAULT_DENIAL_AUDIT_LIMITS, ...limits };
  }

  /**
   * Counts one denial and says whether the caller records it in full. Summaries of windows that
   * closed meanwhile are written first, so they precede the records that follow them.
   * @throws AuditError when a summary cannot be written.
   */
  async admit(denial: DenialToRecord): Promise<boolean> {
    const now = this.clock.now().getTime();
    // Decided synchronously, so concurrent denials of one user cannot both take the last slot.
    const due = [...this.unwritten.splice(0), ...this.takeClosed(now, SETTLE_PER_CALL)];
    const userKey = `${denial.tenantId}\u0000${denial.actor.userId}`;
    const closedOwn = this.windows.get(userKey);
    if (closedOwn && now - closedOwn.startedAt >= this.limits.windowInMs) {
      this.windows.delete(userKey);
      due.push(closedOwn);
    }
    let window = this.windows.get(userKey);
    if (!window) {
      window = { tenantId: denial.tenantId, startedAt: now, recorded: 0, kinds: new Map() };
      this.windows.set(userKey, window);
      if (this.windows.size > this.limits.maxTrackedUsers) due.push(...this.takeOldest(1));
    }
    const kind = this.kindOf(window, denial);
    const admitted = kind.recorded < this.limits.maxPerKind && window.recorded < this.limits.maxPerUser;
    if (admitted) {
      kind.recorded += 1;
      window.recorded += 1;
    } else {
      const at = new Date(now).toISOString();
      kind.suppressed += 1;
      kind.firstSuppressedAt ??= at;
      kind.lastSuppressedAt = at;
      kind.lastCorrelationId = denial.correlationId;
      kind.actor = denial.actor;
    }
    await this.writeSummaries(due);
    return admitted;
  }

  /**
   * Writes the summaries of every window that has closed (all of them with `everything`, e.g. at
   * shutdown) and forgets those windows. Returns how many summary records were written.
   * @throws AuditError when a summary cannot be written.
   */
  async flush(options: { everything?: boolean } = {}): Promise<number> {
    const now = this.clock.now().getTime();
    const closed = options.everything ? this.takeOldest(this.windows.size) : this.takeClosed(now, Number.POSITIVE_INFINITY);
    return this.writeSummaries([...this.unwritten.splice(0), ...closed]);
  }

  private kindOf(window: UserWindow, denial: DenialToRecord): KindCount {
    let key = `${denial.action}\u0000${denial.code}`;
    if (!window.kinds.has(key) && window.kinds.size >= this.limits.maxKindsPerUser) key = OTHER_KINDS;
    let kind = window.kinds.get(key);
    if (!kind) {
      kind = { action: key === OTHER_KINDS ? OTHER_KINDS : denial.action, code: denial.code, actor: denial.actor, recorded: 0, suppressed: 0 };
      window.kinds.set(key, kind);
    }
    return kind;
  }

  private takeClosed(now: number, limit: number): UserWindow[] {
    const closed: UserWindow[] = [];
    for (const [key, window] of this.windows) {
      if (closed.length >= limit || now - window.startedAt < this.limits.windowInMs) break;
      this.windows.delete(key);
      closed.push(window);
    }
    return closed;
  }

  private takeOldest(count: number): UserWindow[] {
    const taken: UserWindow[] = [];
    for (const [key, window] of this.windows) {
      if (taken.length >= count) break;
      this.windows.delete(key);
      taken.push(window);
    }
    return taken;
  }

  private async writeSummaries(windows: readonly UserWindow[]): Promise<number> {
    let written = 0;
    for (const [index, window] of windows.entries()) {
      for (const kind of window.kinds.values()) {
        if (kind.suppressed === 0) continue;
        try {
          await this.audit.append(summaryOf(window, kind, this.limits.windowInMs));
        } catch (error) {
          // Nothing counted is lost: this window (less what was written) and the rest wait for the next try.
          this.unwritten.push(...windows.slice(index));
          if (this.unwritten.length > this.limits.maxTrackedUsers) this.unwritten.splice(0, this.unwritten.length - this.limits.maxTrackedUsers);
          throw error;
        }
        kind.suppressed = 0;
        written += 1;
      }
    }
    return written;
  }
}

function summaryOf(window: UserWindow, kind: KindCount, windowInMs: number): AuditEntry {
  return {
    tenantId: window.tenantId,
    actor: kind.actor,
    action: DENIAL_BURST_ACTION,
    result: { outcome: 'denied', code: kind.code },
    // The last left-out denial's reference: the card that showed it finds this record.
    correlationId: kind.lastCorrelationId ?? 'unknown',
    details: {
      deniedAction: kind.action,
      notRecorded: kind.suppressed,
      recordedInFull: kind.recorded,
      windowStartedAt: new Date(window.startedAt).toISOString(),
      windowEndedAt: new Date(window.startedAt + windowInMs).toISOString(),
      firstAt: kind.firstSuppressedAt ?? '',
      lastAt: kind.lastSuppressedAt ?? '',
    },
  };
}
