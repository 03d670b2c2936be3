/**
 * Force reset: the guided recovery of a locked-out management account. `force reset` and the
 * lock-out notice's Set a fresh password button show a confirmation; confirming sets a fresh
 * password in the background (RotationService.forceReset: pending in Key Vault first, set
 * through the bot's own identity, proven by a sign-in). Nobody sees the password.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import { renderRotationForceResetCard, Verbs, type AdaptiveCardJson } from '../../cards';
import { formatInZone } from '../../services/notifications/notice-time-format';
import type { RotationRequestsService } from '../../services/rotation/rotation-requests.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { alreadyStartedCard, cancelledCard, noServiceAccountCard } from './rotation-replies';
import type { RotationRuns } from './rotation-runs';

export const FORCE_RESET_DIALOG = 'forceResetDialog';

export interface ForceResetDependencies {
  requests: Pick<RotationRequestsService, 'forceResetPreview' | 'claimOnce'>;
  runs: Pick<RotationRuns, 'begin'>;
}

export class ForceResetDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ confirmation: this.confirmationStep, fromNotice: this.fromNoticeStep, confirm: this.confirmStep });

  constructor(private readonly deps: ForceResetDependencies) {
    super(FORCE_RESET_DIALOG);
  }

  /** What a fresh password will do, with Confirm and Cancel. */
  private async confirmationStep(turn: TurnContext): Promise<CardAnswer> {
    return { card: this.confirmationCard(turn) };
  }

  /** From the lock-out notice: the confirmation goes below it, so the notice with its explanation stays readable. */
  private async fromNoticeStep(turn: TurnContext): Promise<CardAnswer> {
    await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(this.confirmationCard(turn))));
    return { message: 'Confirm the fresh password in the card below.' };
  }

  /** Confirm starts one run per confirmation card, however often it is clicked or redelivered; Cancel changes nothing. */
  private async confirmStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    if (data['decision'] !== 'confirm') return { card: cancelledCard(correlationId) };
    // Nothing to reset: say so, and leave the card's claim unused for when an account exists.
    if (!this.deps.requests.forceResetPreview(actor.tenantId)) return { card: noServiceAccountCard(correlationId) };
    if (!(await this.deps.requests.claimOnce(actor.tenantId, Verbs.rotationForceResetConfirm, data['confirmationId'], turn.activity.id))) {
      return { card: alreadyStartedCard(correlationId) };
    }
    const conversation = { id: turn.activity.conversation.id, type: turn.activity.conversation.conversationType };
    return { card: this.deps.runs.begin('forceReset', actor, conversation, correlationId).card };
  }

  private confirmationCard(turn: TurnContext): AdaptiveCardJson {
    const { actor, correlationId } = flowTurnOf(turn);
    const preview = this.deps.requests.forceResetPreview(actor.tenantId);
    if (!preview) return noServiceAccountCard(correlationId);
    const accountState = preview.lockedOutSince
      ? `No password in Key Vault signs in (since ${formatInZone(preview.lockedOutSince, preview.timeZone)})`
      : 'The bot has not seen a failed sign-in; a fresh password works like a rotation';
    return renderRotationForceResetCard({ accountUpn: preview.accountUpn, accountState, secretName: preview.secretName, confirmationId: randomUUID() });
  }
}
