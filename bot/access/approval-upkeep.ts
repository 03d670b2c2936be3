import { ApprovalMaintenance, type MaintenanceResult } from '../../services/approvals/approval-maintenance';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { Logger } from '../../services/logger';
import type { ApprovalCardPublisher } from './approval-card-publisher';
import type { ApprovalCardDelivery } from './approval-delivery';

export interface ApprovalUpkeepOptions {
  /** Default one minute: expiry is enforced at decision time anyway; this bounds how late cards change. */
  intervalInMs?: number;
}

/**
 * The approvals' timer in the app: resumes follow-ups, expires overdue requests, sends
 * reminders and delivers card updates. It runs once at start (so expiry holds across a restart)
 * and then on an unref'd interval; `kick()` delivers right after a click, and `stop()` waits
 * for whatever is running, so closing the app never cuts a delivery in half.
 */
export class ApprovalUpkeep {
  private readonly maintenance: ApprovalMaintenance;
  private delivering: Promise<void> | undefined;
  private deliverAgain = false;

  constructor(
    approvals: ApprovalService,
    private readonly publisher: ApprovalCardPublisher,
    private readonly delivery: ApprovalCardDelivery,
    private readonly logger: Logger,
    options: ApprovalUpkeepOptions = {},
  ) {
    this.maintenance = new ApprovalMaintenance(approvals, {
      intervalInMs: options.intervalInMs,
      onResult: (result) => this.afterMaintenance(result),
      onError: (error) => this.logger.error({ err: error, code: 'APPROVAL.MAINTENANCE_FAILED' }, 'approval maintenance failed'),
    });
  }

  start(): void {
    this.maintenance.start();
  }

  async stop(): Promise<void> {
    await this.maintenance.stop();
    while (this.delivering) await this.delivering;
  }

  /** One full pass, awaited (tests, and anything that must know it finished). */
  async runOnce(): Promise<MaintenanceResult> {
    const result = await this.maintenance.runOnce();
    await this.afterMaintenance(result);
    return result;
  }

  /** Delivers pending card updates soon, without making the caller (an invoke) wait for Teams. */
  kick(): void {
    if (this.delivering) {
      this.deliverAgain = true;
      return;
    }
    this.delivering = this.deliverSafely().finally(() => {
      this.delivering = undefined;
      if (this.deliverAgain) {
        this.deliverAgain = false;
        this.kick();
      }
    });
  }

  /** Resolves when no kicked delivery is running. */
  async idle(): Promise<void> {
    while (this.delivering) await this.delivering;
  }

  private async afterMaintenance(result: MaintenanceResult): Promise<void> {
    for (const request of result.reminders) await this.publisher.publish(request, { reminder: true });
    await this.deliverSafely();
  }

  private async deliverSafely(): Promise<void> {
    try {
      await this.delivery.deliverPending();
    } catch (error) {
      this.logger.error({ err: error, code: 'APPROVAL.DELIVERY_FAILED' }, 'approval card delivery failed');
    }
  }
}
