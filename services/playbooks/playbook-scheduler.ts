/**
 * Runs playbooks on their tenants' schedules: a cron pattern in the tenant's IANA time zone,
 * evaluated by croner (RotationSchedule does the daylight-saving arithmetic). The runtime calls
 * `tick()` every minute (SchedulerTimer); tests call `runDue(now)` with a ManualClock's time.
 *
 * - One run per slot: the slot is claimed in SQLite (INSERT OR IGNORE) before the run starts, so
 *   a restart, or a second tick, never runs it again.
 * - Catch-up: slots missed while the bot was down collapse into the latest one, run once.
 * - A schedule counts from when it was set (armedAt): setting it never "catches up" the past.
 * - A slot that finds the playbook still running (or waiting for an attestation) is recorded as
 *   skipped, not queued.
 * - Each tick first resumes runs a previous process left with work (and owed notices).
 */
import type { Person } from '../access/actor';
import type { AreaLogger } from '../ports/area-logger.port';
import { silentLogger } from '../ports/area-logger.port';
import type { Clock } from '../ports/clock.port';
import { CronSchedules, SinglePass } from '../scheduling/cron-schedules';
import type { RotationSchedule } from '../scheduling/rotation-schedule';
import { codeOf } from './playbook-errors';
import type { PlaybookRepository } from './playbook.repository.port';
import type { PlaybookService } from './playbook.service';

export interface PlaybookSchedulerDeps {
  repository: Pick<PlaybookRepository, 'listSchedules' | 'claimSlot' | 'completeSlot' | 'lastSlot'>;
  playbooks: Pick<PlaybookService, 'runScheduled' | 'resumeInterrupted'>;
  clock: Clock;
  logger?: AreaLogger;
}

export interface PlaybookTickReport {
  at: string;
  resumed: number;
  runs: Array<{ tenantId: string; playbookId: string; slot: string; outcome: string; runId?: string }>;
  errors: Array<{ tenantId: string; playbookId: string; code: string }>;
}

export class PlaybookScheduler {
  private readonly schedules = new CronSchedules();
  private readonly passes = new SinglePass<PlaybookTickReport>();
  private readonly logger: AreaLogger;

  constructor(private readonly deps: PlaybookSchedulerDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** For SchedulerTimer: the start-up pass (resume + a slot missed while down). */
  start(): Promise<PlaybookTickReport> {
    return this.tick();
  }

  tick(): Promise<PlaybookTickReport> {
    return this.runDue(this.deps.clock.now());
  }

  /** One pass over every tenant's schedules at `now`. Overlapping calls share one pass. */
  runDue(now: Date): Promise<PlaybookTickReport> {
    return this.passes.run(() => this.pass(now));
  }

  /** Releases the cron objects held for the schedules. */
  dispose(): void {
    this.schedules.dispose();
  }

  private async pass(now: Date): Promise<PlaybookTickReport> {
    const report: PlaybookTickReport = { at: now.toISOString(), resumed: 0, runs: [], errors: [] };
    report.resumed = await this.deps.playbooks.resumeInterrupted();
    for (const schedule of this.deps.repository.listSchedules()) {
      const { tenantId, playbookId } = schedule;
      try {
        const cron = this.scheduleFor(schedule.cron, schedule.timeZone);
        const last = this.deps.repository.lastSlot(tenantId, playbookId);
        const notBefore = Math.max(Date.parse(schedule.armedAt), last ? Date.parse(last) + 1 : 0);
        const due = cron.latestAtOrBefore(now, new Date(notBefore));
        if (!due) continue;
        const slot = due.toISOString();
        if (!this.deps.repository.claimSlot(tenantId, playbookId, slot, now.toISOString())) continue;
        const outcome = await this.runSlot(tenantId, playbookId, slot, schedule.setBy);
        report.runs.push({ tenantId, playbookId, slot, ...outcome });
      } catch (error) {
        const code = codeOf(error, 'PLAYBOOK.SCHEDULE_FAILED');
        report.errors.push({ tenantId, playbookId, code });
        this.logger.error({ tenantId, playbookId, code }, 'playbook scheduler: slot failed');
      }
    }
    return report;
  }

  private async runSlot(tenantId: string, playbookId: string, slot: string, onBehalfOf: Person): Promise<{ outcome: string; runId?: string }> {
    try {
      const result = await this.deps.playbooks.runScheduled(tenantId, playbookId, slot, onBehalfOf);
      const outcome = result.status === 'started' ? result.run.state : result.status === 'busy' ? 'PLAYBOOK.RUN_IN_PROGRESS' : 'PLAYBOOK.NOT_FOUND';
      const runId = result.status === 'started' ? result.run.id : result.status === 'busy' ? result.activeRunId : undefined;
      this.deps.repository.completeSlot(tenantId, playbookId, slot, outcome, runId);
      return { outcome, ...(runId ? { runId } : {}) };
    } catch (error) {
      // The run is stored and resumes on a later tick; the slot is spent either way.
      const code = codeOf(error, 'PLAYBOOK.SCHEDULE_FAILED');
      this.deps.repository.completeSlot(tenantId, playbookId, slot, code);
      return { outcome: code };
    }
  }

  /** The pattern's cron object, or InvalidScheduleError for a pattern stored before it was valid. */
  private scheduleFor(cron: string, timeZone: string): RotationSchedule {
    return this.schedules.get(cron, timeZone);
  }
}
