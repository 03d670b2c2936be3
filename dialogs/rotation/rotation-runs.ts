/**
 * Runs a rotation after the turn that asked for it was answered. `RotationService.rotate`
 * takes seconds (a verified sign-in, Retry-After waits) and then waits for the notices to be
 * delivered, longer than Teams gives a turn (~15 s) or an invoke; so the turn acknowledges at
 * once and the app's BackgroundTasks owns the work until it settles (drained on shutdown).
 *
 * The outcome reaches the admins as notices (success, failure, locked-out) through the outbox.
 * This class only adds what no notice says: a follow-up in the conversation the admin asked
 * in, when that conversation gets no notice, or when the service refused without one
 * (already running, no service account, lease lost).
 */
import type { AdaptiveCardJson } from '../../cards';
import { describePerson, toPerson, type Actor } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import { errorCode } from '../../services/rotation/rotation-convergence';
import { isRotationError, type RotationErrorCode } from '../../services/rotation/rotation-errors';
import type { RotationOriginConversation, RotationRequestsService } from '../../services/rotation/rotation-requests.service';
import type { RotationService } from '../../services/rotation/rotation.service';
import type { BackgroundTasks } from '../../services/service-account/background-tasks';
import { doneCard, failureCard, noServiceAccountCard, resultPromise, workingCard, type RotationRunKind } from './rotation-replies';

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

/** The card answers a command or replaces a confirmation; the text answers a button whose card must stay. */
export interface StartOutcome {
  started: boolean;
  card: AdaptiveCardJson;
  text: string;
}

export interface RotationRunsDependencies {
  rotation: Pick<RotationService, 'rotate' | 'forceReset'>;
  requests: Pick<RotationRequestsService, 'preflight' | 'timeZoneOf'>;
  notifier: Pick<Notifier, 'send'>;
  /** The app's one tracker of work that outlives its turn; drained on shutdown. */
  tasks: BackgroundTasks;
  logger: Logger;
}

export class RotationRuns {
  constructor(private readonly deps: RotationRunsDependencies) {}

  /**
   * The one entry into a rotation asked for by a person (`rotate password now`, `force reset`,
   * Rotate now, Retry rotation, Set a fresh password) for an already authorized actor: checks
   * there is an account, starts the run in the background, and says where the result will be posted.
   */
  begin(kind: RotationRunKind, actor: Actor, conversation: RotationOriginConversation, correlationId: string): StartOutcome {
    const preflight = this.deps.requests.preflight(actor.tenantId, conversation);
    if (!preflight) {
      return { started: false, card: noServiceAccountCard(correlationId), text: 'There is no management service account, so there is no password to rotate.' };
    }
    const destinations = { originGetsNotice: preflight.originGetsNotice, adminChannelRegistered: preflight.adminChannelRegistered };
    const origin: RotationOrigin = { tenantId: actor.tenantId, conversationId: conversation.id, getsNotice: preflight.originGetsNotice };
    this.start({ kind, actor, origin, correlationId });
    return {
      started: true,
      card: workingCard(kind, preflight.accountUpn, describePerson(actor), destinations, correlationId),
      text: `${kind === 'forceReset' ? 'Setting a fresh password' : 'Rotating'}… ${resultPromise(destinations)}`,
    };
  }

  /** Starts the run and returns at once; its outcome is reported by notices and, where needed, a follow-up. */
  start(request: RotationRunRequest): void {
    this.deps.tasks.start(`rotation.${request.kind}`, () => this.run(request));
  }

  private async run(request: RotationRunRequest): Promise<void> {
    const { tenantId } = request.origin;
    const person = toPerson(request.actor);
    let followUp: AdaptiveCardJson | undefined;
    try {
      const result =
        request.kind === 'forceReset' ? await this.deps.rotation.forceReset(tenantId, person) : await this.deps.rotation.rotate(tenantId, { kind: 'manual', actor: person });
      this.deps.logger.info({ tenantId, correlationId: request.correlationId, rotationId: result.rotationId, kind: request.kind }, 'rotation asked in chat finished');
      if (!request.origin.getsNotice) followUp = doneCard(request.kind, result, this.deps.requests.timeZoneOf(tenantId));
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
