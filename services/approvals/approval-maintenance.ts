/**
 * The approvals' timer work in one place: finish follow-ups a crash left behind, expire overdue
 * requests and hand due reminders to whoever sends them. `runOnce` is what start-up, the timer
 * and tests call; the timer never overlaps itself and `stop` waits for a running tick.
 */
import type { ApprovalRequest } from './approval-request';
import type { ApprovalService } from './approval.service';

export interface MaintenanceResult {
  resumedFollowUps: number;
  expired: ApprovalRequest[];
  reminders: ApprovalRequest[];
}

export interface ApprovalMaintenanceOptions {
  /** Default one minute: expiry is also enforced at decision time, so this only bounds how late cards update. */
  intervalInMs?: number;
  /** Delivers the tick's results (reminder cards, expired-card refreshes) — the bot layer. */
  onResult?: (result: MaintenanceResult) => Promise<void>;
  /** A failed tick is reported and the next one tries again. */
  onError?: (error: unknown) => void;
}

export class ApprovalMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly approvals: ApprovalService,
    private readonly options: ApprovalMaintenanceOptions = {},
  ) {}

  async runOnce(): Promise<MaintenanceResult> {
    const resumedFollowUps = await this.approvals.resumeFollowUps();
    const expired = await this.approvals.expireDue();
    const reminders = await this.approvals.remindersDue();
    return { resumedFollowUps, expired, reminders };
  }

  /** Runs a tick now (start-up) and then every interval. */
  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalInMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .then((result) => this.options.onResult?.(result))
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
      });
  }
}
