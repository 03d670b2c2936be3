/**
 * A tenant's rotation schedule: a cron pattern evaluated in the tenant's IANA time zone by
 * croner, which does the daylight-saving arithmetic. On a spring-forward day a local time that
 * does not exist (02:30 in Europe/Amsterdam) runs once at the same offset after the gap
 * (03:30); on a fall-back day a time that occurs twice runs once. We never add intervals to
 * instants ourselves.
 */
import { Cron } from 'croner';
import { DEFAULT_TENANT_SETTINGS } from '../ports/tenant-settings.repository.port';
import { AppError } from '../errors';

export class InvalidScheduleError extends AppError<'SCHEDULE.INVALID'> {
  constructor(developerMessage: string) {
    super('SCHEDULE.INVALID', developerMessage);
  }
}

/** Windows tried, smallest first, when looking back for the latest occurrence; bounds the work for any pattern. */
const LOOKBACK_WINDOWS_IN_MS = [3_600_000, 86_400_000, 8 * 86_400_000, 32 * 86_400_000, 367 * 86_400_000];
const MAX_ITERATIONS = 20_000;

export class RotationSchedule {
  /** Changes when the pattern or the zone changes, so the scheduler re-arms instead of "catching up" a slot of the old schedule. */
  readonly key: string;
  private readonly cron: Cron;

  /** @throws InvalidScheduleError (SCHEDULE.INVALID) for a bad pattern or an unknown time zone. */
  constructor(
    readonly pattern: string,
    readonly timeZone: string,
  ) {
    if (!isValidTimeZone(timeZone)) throw new InvalidScheduleError(`unknown time zone: ${timeZone}`);
    try {
      this.cron = new Cron(pattern, { timezone: timeZone, paused: true, legacyMode: true });
    } catch (error) {
      throw new InvalidScheduleError(`invalid cron pattern: ${error instanceof Error ? error.message : 'unparseable'}`);
    }
    this.key = `${pattern}@${timeZone}`;
  }

  /** The default weekly slot, Monday 03:00, in the given zone (or UTC when the zone is unknown). */
  static weeklyDefault(timeZone: string): RotationSchedule {
    return new RotationSchedule(DEFAULT_TENANT_SETTINGS.rotationCron, isValidTimeZone(timeZone) ? timeZone : 'UTC');
  }

  /** First occurrence strictly after `at`. */
  nextAfter(at: Date): Date | undefined {
    return this.cron.nextRun(at) ?? undefined;
  }

  /** First occurrence at or after `at`. */
  nextAtOrAfter(at: Date): Date | undefined {
    return this.cron.nextRun(new Date(at.getTime() - 1)) ?? undefined;
  }

  /** The latest occurrence in [notBefore, at], if any: the slot that is due (or was missed) at `at`. */
  latestAtOrBefore(at: Date, notBefore: Date): Date | undefined {
    if (notBefore.getTime() > at.getTime()) return undefined;
    for (const window of LOOKBACK_WINDOWS_IN_MS) {
      const from = new Date(Math.max(notBefore.getTime(), at.getTime() - window));
      let current = this.nextAtOrAfter(from);
      if (current && current.getTime() <= at.getTime()) {
        for (let i = 0; i < MAX_ITERATIONS; i += 1) {
          const next = this.nextAfter(current);
          if (!next || next.getTime() > at.getTime()) return current;
          current = next;
        }
        return current;
      }
      if (from.getTime() === notBefore.getTime()) return undefined;
    }
    return undefined;
  }

  dispose(): void {
    this.cron.stop();
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
