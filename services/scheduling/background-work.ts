/**
 * The bot's own background work, owned by one object so start and stop are symmetrical and no
 * promise floats (STYLE.md §11):
 * - at start, sessions and management actions the previous process left in between are settled
 *   (awaited: the bot must not serve a session still marked ENABLING by a dead process);
 * - the rotation scheduler starts (recovery of a rotation the last process was cut off in, taking
 *   over its lease as soon as that process is gone, + a missed slot, then a croner tick every
 *   minute, which also delivers queued notices), and every interrupted management-account
 *   change resumes by itself (approved mode switches, then creations and disables of the
 *   service account; ModeSwitchService.resumeInterrupted orders them), both in the background
 *   because they call Graph and Key Vault;
 * - every minute, sessions past their time-to-live are turned off and stale actions settled;
 *   whoever must hear about it is told through the sinks;
 * - later features add jobs (workflows resume their runs and take timeout paths; playbooks run
 *   their schedules): each starts in the background, ticks with the housekeeping, and stops
 *   before the tasks drain.
 */
import type { InterruptedActionNotice } from '../actions/interrupted-action-reconciler';
import type { ManagementActionService } from '../actions/management-action.service';
import type { Logger } from '../logger';
import type { BackgroundTasks } from '../service-account/background-tasks';
import type { ModeSwitchService } from '../service-account/mode-switch.service';
import type { ManagementSessionService } from '../sessions/management-session.service';
import type { SessionNoticeSink } from '../sessions/session-collaborators.port';
import type { SessionNotice } from '../sessions/session.types';
import type { RotationScheduler } from './rotation-scheduler';
import { SchedulerTimer } from './scheduler-timer';

/** Who hears about what the background work settled; without one, it is logged (ids only). */
export interface BackgroundWorkSinks {
  /** Session notices (expiry, credentials lost on restart, ended) to the person who enabled it. */
  sessionNotices?: SessionNoticeSink;
  /** An operator told how an action interrupted by a crash ended. */
  interruptedActions?: { deliver(notice: InterruptedActionNotice): Promise<void> };
}

export interface BackgroundWorkOptions {
  /** Session expiry and action settling. Default one minute. */
  housekeepingIntervalInMs?: number;
  /** Off in tests that drive rotation themselves. Default on. */
  rotationScheduler?: boolean;
}

/** A feature's background work: resumed at start, advanced every housekeeping pass, stopped at shutdown. */
export interface BackgroundJob {
  name: string;
  start?(): Promise<unknown>;
  tick?(): Promise<unknown>;
  stop?(): Promise<unknown>;
}

export interface BackgroundWorkDependencies {
  /** Feature jobs (workflows, playbooks). */
  jobs?: readonly BackgroundJob[];
  sessions: ManagementSessionService;
  actions: ManagementActionService;
  modeSwitch: ModeSwitchService;
  rotationScheduler: RotationScheduler;
  backgroundTasks: BackgroundTasks;
  sinks: BackgroundWorkSinks;
  logger: Logger;
}

const MINUTE_IN_MS = 60_000;

export class BackgroundWork {
  private timer: NodeJS.Timeout | undefined;
  private schedulerTimer: SchedulerTimer | undefined;
  private housekeeping: Promise<void> | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly deps: BackgroundWorkDependencies,
    private readonly options: BackgroundWorkOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { logger } = this.deps;
    await this.guarded('session recovery', async () => this.tellEnablers(await this.deps.sessions.recover()));
    await this.settleActions();

    if (this.options.rotationScheduler ?? true) {
      this.schedulerTimer = new SchedulerTimer(this.deps.rotationScheduler, { logger: logger.child({ area: 'scheduler' }) });
      const timer = this.schedulerTimer;
      this.deps.backgroundTasks.start('rotation scheduler start', () => timer.start());
    }
    this.deps.backgroundTasks.start('resume interrupted management-account changes', () => this.deps.modeSwitch.resumeInterrupted());
    for (const job of this.deps.jobs ?? []) {
      if (job.start) this.deps.backgroundTasks.start(`${job.name}: start`, () => job.start!());
    }

    this.timer = setInterval(() => this.tick(), this.options.housekeepingIntervalInMs ?? MINUTE_IN_MS);
    // The bot's HTTP server keeps the process alive; this timer must not.
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      this.schedulerTimer?.stop();
      await this.housekeeping;
      for (const job of this.deps.jobs ?? []) if (job.stop) await this.guarded(`${job.name}: stop`, async () => void (await job.stop!()));
      await this.deps.backgroundTasks.drain();
      // The scheduler's start may have finished during the drain and created its cron job.
      this.schedulerTimer?.stop();
    })();
    return this.stopping;
  }

  /** One housekeeping pass; a pass still running is not overlapped. */
  private tick(): void {
    if (this.housekeeping || this.stopping) return;
    this.housekeeping = (async () => {
      await this.guarded('session expiry', async () => this.tellEnablers(await this.deps.sessions.expireDue()));
      await this.settleActions();
      // Confirmations nobody clicked expire; their records go, so they never pile up.
      await this.guarded('pending action purge', async () => void (await this.deps.actions.purgeExpired()));
      for (const job of this.deps.jobs ?? []) if (job.tick) await this.guarded(`${job.name}: tick`, async () => void (await job.tick!()));
    })().finally(() => {
      this.housekeeping = undefined;
    });
  }

  private async settleActions(): Promise<void> {
    await this.guarded('action reconciliation', async () => {
      for (const notice of await this.deps.actions.reconcileInterrupted()) await this.tellOperator(notice);
    });
  }

  private async tellEnablers(notices: readonly SessionNotice[]): Promise<void> {
    const sink = this.deps.sinks.sessionNotices;
    for (const notice of notices) {
      if (!sink) {
        this.deps.logger.info({ tenantId: notice.tenantId, code: notice.code, kind: notice.kind }, 'session notice (no sink wired)');
        continue;
      }
      await this.guarded('session notice', () => sink.deliver(notice));
    }
  }

  private async tellOperator(notice: InterruptedActionNotice): Promise<void> {
    const sink = this.deps.sinks.interruptedActions;
    if (!sink) {
      this.deps.logger.info({ tenantId: notice.tenantId, pendingActionId: notice.pendingActionId, state: notice.state }, 'interrupted action settled (no sink wired)');
      return;
    }
    await this.guarded('interrupted action notice', () => sink.deliver(notice));
  }

  /** Background work never throws into a timer; its failure is logged by code, never by payload. */
  private async guarded(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.logger.error({ task: what, errorName: error instanceof Error ? error.name : typeof error, code: codeOf(error) }, 'background work failed');
    }
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
