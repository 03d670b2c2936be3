/**
 * "Create service account" after the ack: the turn answers at once with a progress card, the
 * creation continues as a background task, and the card is replaced in place as steps finish,
 * ending in "created" (with the sign-in readiness) or in the failure with its next step.
 *
 * A double click, a redelivered invoke or the command typed twice while a creation runs in this
 * process gets the current progress card instead of a second run. The service's tenant lock and
 * journal are the backstop across processes (it answers OPERATION_IN_PROGRESS).
 */
import { renderProgressCard, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import type { BackgroundTasks } from '../../services/service-account/background-tasks';
import { CREATE_STEPS, createProgressBoard, type ProgressListener, type ProgressRow } from '../../services/service-account/provisioning-progress';
import type { ServiceAccountProvisioningService } from '../../services/service-account/service-account-provisioning.service';
import type { CoalescingCardUpdaterOptions } from '../shared/coalescing-card-updater';
import { LiveCard, type LiveCardTarget } from '../shared/live-card';
import type { ManagementMode } from '../../services/ports/tenant-settings.repository.port';
import { creationFailedView, creationResultView, creationRunningView } from './progress-views';

export interface CreationRunnerDependencies {
  provisioning: Pick<ServiceAccountProvisioningService, 'create'>;
  /** The tenant's management type when the creation ends: in Advanced mode the card ends with "Turn on management session". */
  modeOf?: (tenantId: string) => ManagementMode;
  tasks: BackgroundTasks;
  logger: Logger;
  cardUpdates?: CoalescingCardUpdaterOptions;
}

/**
 * Puts the first progress card on screen (a command posts it; an invoke answers with it) and
 * says how to replace it later.
 */
export type AttachCard = (first: AdaptiveCardJson) => Promise<LiveCardTarget>;

export interface CreationStart {
  /** What the turn shows now: the first progress state, or the current one of a running creation. */
  card: AdaptiveCardJson;
  started: boolean;
}

interface RunningCreation {
  /** Set once the card is on screen; until then a second click sees the first state. */
  live?: LiveCard;
  first: AdaptiveCardJson;
}

export class ServiceAccountCreationRunner {
  private readonly running = new Map<string, RunningCreation>();

  constructor(private readonly deps: CreationRunnerDependencies) {}

  /**
   * Starts a creation (or a resume of an interrupted one: the service decides) for the actor's
   * tenant, unless one runs in this process; answers with the card to show.
   */
  async start(actor: Actor, attach: AttachCard): Promise<CreationStart> {
    const running = this.running.get(actor.tenantId);
    if (running) return { card: running.live?.latest ?? running.first, started: false };

    let rows: readonly ProgressRow[] = CREATE_STEPS.map((step) => ({ ...step, state: 'pending' }));
    const first = renderProgressCard(creationRunningView(rows));
    const entry: RunningCreation = { first };
    // Claimed before anything is awaited, so two clicks in the same instant start one run.
    this.running.set(actor.tenantId, entry);
    try {
      const target = await attach(first);
      entry.live = new LiveCard(target, this.deps.logger, this.deps.cardUpdates);
    } catch (error) {
      this.running.delete(actor.tenantId);
      throw error;
    }
    const live = entry.live;
    const listener = createProgressBoard(CREATE_STEPS, (next) => {
      rows = next;
      live.show(renderProgressCard(creationRunningView(next)));
    });
    this.deps.tasks.start('serviceAccount.create', async () => {
      try {
        const card = await this.runOnce(actor, listener, () => rows);
        live.show(card);
        await live.flush();
      } finally {
        this.running.delete(actor.tenantId);
      }
    });
    return { card: first, started: true };
  }

  private async runOnce(actor: Actor, listener: ProgressListener, rows: () => readonly ProgressRow[]): Promise<AdaptiveCardJson> {
    try {
      const result = await this.deps.provisioning.create(actor.tenantId, actor, listener);
      return renderProgressCard(creationResultView(rows(), result, this.deps.modeOf?.(actor.tenantId)));
    } catch (error) {
      // The service has logged and audited the failure with its code; the card explains it.
      return renderProgressCard(creationFailedView(rows(), error));
    }
  }
}
