/**
 * Small shared parts of the schedulers that run stored cron patterns (playbooks, workflow
 * schedules): the cron objects kept per pattern and zone, and one pass at a time.
 */
import { RotationSchedule } from './rotation-schedule';

/** One RotationSchedule (croner) per pattern and zone, built on first use. */
export class CronSchedules {
  private readonly schedules = new Map<string, RotationSchedule>();

  /** @throws InvalidScheduleError for a pattern or zone that was stored before it was checked. */
  get(cron: string, timeZone: string): RotationSchedule {
    const key = `${cron}@${timeZone}`;
    let schedule = this.schedules.get(key);
    if (!schedule) {
      schedule = new RotationSchedule(cron, timeZone);
      this.schedules.set(key, schedule);
    }
    return schedule;
  }

  /** Releases the cron objects. */
  dispose(): void {
    for (const schedule of this.schedules.values()) schedule.dispose();
    this.schedules.clear();
  }
}

/** Runs one pass at a time: a call while a pass runs shares that pass (a timer tick overlapping a start-up pass). */
export class SinglePass<T> {
  private inFlight: Promise<T> | undefined;

  run(pass: () => Promise<T>): Promise<T> {
    if (this.inFlight) return this.inFlight;
    const running = pass().finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = running;
    return running;
  }
}
