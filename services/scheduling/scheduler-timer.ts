/**
 * The runtime's clock for the scheduler: a croner job that calls `tick()` every minute
 * (`protect` keeps a slow tick from overlapping the next). Slot times themselves are computed
 * by RotationSchedule from the tenant's pattern and zone; this timer only says "look now".
 * The composition root owns it: `start()` after the bot listens, `stop()` on shutdown.
 */
import { Cron } from 'croner';
import type { RotationLogger } from '../rotation/rotation-collaborators.port';
import { silentRotationLogger } from '../rotation/rotation-collaborators.port';
import { errorCode } from '../rotation/rotation-convergence';

export interface Tickable {
  start(): Promise<unknown>;
  tick(): Promise<unknown>;
}

export class SchedulerTimer {
  private job: Cron | undefined;

  constructor(
    private readonly scheduler: Tickable,
    private readonly options: { pattern?: string; logger?: RotationLogger } = {},
  ) {}

  /** Runs the start-up pass (recovery + missed slot), then ticks every minute. */
  async start(): Promise<void> {
    if (this.job) return;
    const logger = this.options.logger ?? silentRotationLogger;
    await this.scheduler.start();
    this.job = new Cron(
      this.options.pattern ?? '* * * * *',
      {
        protect: true,
        catch: (error: unknown) => logger.error({ code: errorCode(error) }, 'scheduler tick failed'),
      },
      async () => {
        await this.scheduler.tick();
      },
    );
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
  }
}
