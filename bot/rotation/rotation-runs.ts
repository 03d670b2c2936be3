/**
 * Runs a rotation after the turn that asked for it was answered. `RotationService.rotate`
 * takes seconds (a verified sign-in, Retry-After waits) and then waits for the notices to be
 * delivered, longer than Teams gives a turn (~15 s) or an invoke; so the turn acknowledges at
 * once and this class owns the work until it settles (no floating promise: `drain()` awaits it).
 *
 * The outcome reaches the admins as notices (success, failure, locked-out) through the outbox.
 * This class only adds what no notice says: a follow-up in the conversation the admin asked
 * in, when that conversation gets no notice, or when the service refused without one
 * (already running, no service account, lease lost).
 */
import type { AdaptiveCardJson } from '../../cards';
import { toPerson, type Actor } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import { errorCode } from '../../services/rotation/rotation-convergence';
import { isRotationError, type RotationErrorCode } from '../../services/rotation/rotation-errors';
import type { RotationService } from '../../services/rotation/rotation.service';
import { doneCard, failureCard, type RotationRunKind } from './rotation-replies';

/** Refusals the service reports to its caller only: no history notice goes out for them. */
const WITHOUT_NOTICE: ReadonlySet<RotationErrorCode> = new Set(['ROTATION.IN_PROGRESS', 'ROTATION.LEASE_LOST', 'ROTATION.NO_SERVICE_ACCOUNT']);

export interface RotationOrigin {
  tenantId: string;
  conversationId: string;
  /** True when the conversation is one the notices go to (the admin channel, or the admin's personal chat). */
  getsNotice: boolean;
}

export interface RotationRunRequest {
  kind: RotationRunKind;
  /** From the activity (`from.aadObjectId` + tenant), never from card data. */
  actor: Actor;
  origin: RotationOrigin;
  correlationId: string;
}

export interface RotationRunsDependencies {
  rotation: Pick<RotationService, 'rotate' | 'forceReset'>;
  notifier: Pick<Notifier, 'send'>;
  tenantSettings: Pick<TenantSettingsRepository, 'get'>;
  logger: Logger;
}

export class RotationRuns {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: RotationRunsDependencies) {}

  /** Starts the run and returns at once; its outcome is reported by notices and, where needed, a follow-up. */
  start(request: RotationRunRequest): void {
    const task = this.run(request).catch((error: unknown) => {
      // run() reports every failure itself; this is the last guard (a follow-up that could not be sent).
      this.deps.logger.error({ tenantId: request.origin.tenantId, correlationId: request.correlationId, code: errorCode(error) }, 'rotation: background run failed');
    });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Resolves when every run started so far has settled (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }

  private async run(request: RotationRunRequest): Promise<void> {
    const { tenantId } = request.origin;
    const person = toPerson(request.actor);
    let followUp: AdaptiveCardJson | undefined;
    try {
      const result =
        request.kind === 'forceReset' ? await this.deps.rotation.forceReset(tenantId, person) : await this.deps.rotation.rotate(tenantId, { kind: 'manual', actor: person });
      this.deps.logger.info({ tenantId, correlationId: request.correlationId, rotationId: result.rotationId, kind: request.kind }, 'rotation asked in chat finished');
      if (!request.origin.getsNotice) followUp = doneCard(request.kind, result, this.deps.tenantSettings.get(tenantId).rotationTimeZone);
    } catch (error) {
      const code = errorCode(error);
      this.deps.logger.warn({ tenantId, correlationId: request.correlationId, code, kind: request.kind }, 'rotation asked in chat did not succeed');
      const noticeSent = isRotationError(error) && !WITHOUT_NOTICE.has(error.code);
      if (!noticeSent || !request.origin.getsNotice) followUp = failureCard(error, request.correlationId);
    }
    if (followUp) await this.followUp(request, followUp);
  }

  /** The conversation's stored reference is the one the request arrived on; a failure is logged, the notices stand. */
  private async followUp(request: RotationRunRequest, card: AdaptiveCardJson): Promise<void> {
    const { tenantId, conversationId } = request.origin;
    try {
      await this.deps.notifier.send({ tenantId, kind: 'conversation', id: conversationId }, { card, summary: 'Password rotation update' });
    } catch (error) {
      this.deps.logger.warn({ tenantId, correlationId: request.correlationId, code: errorCode(error) }, 'rotation: follow-up could not be posted');
    }
  }
}
