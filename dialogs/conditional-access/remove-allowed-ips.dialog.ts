/**
 * `remove allowed IPs` (issue 15), for tenant admins: a confirmation listing everything the bot
 * changed (named location, policy, exclusions), then the undo, then the policies checked again.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { AllowedIpsService } from '../../services/conditional-access/allowed-ips.service';
import { ConditionalAccessError } from '../../services/conditional-access/conditional-access-errors';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { allowedIpsRemoveCard, permissionMissingCard, policyCheckCard } from './conditional-access-views';

export const REMOVE_ALLOWED_IPS_DIALOG = 'removeAllowedIps';

export class RemoveAllowedIpsDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ confirm: this.confirmStep, remove: this.removeStep });

  constructor(private readonly deps: { allowedIps: Pick<AllowedIpsService, 'current' | 'remove'> }) {
    super(REMOVE_ALLOWED_IPS_DIALOG);
  }

  private async confirmStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    return { card: allowedIpsRemoveCard(await this.deps.allowedIps.current(actor, { correlationId })) };
  }

  private async removeStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    try {
      const check = await this.deps.allowedIps.remove(actor, { correlationId });
      return { card: policyCheckCard(check, { notice: 'Allowed IPs removed: the named location and the policy are deleted, and every exclusion the bot made is undone.' }) };
    } catch (error) {
      if (error instanceof ConditionalAccessError && error.code === 'CONDITIONAL_ACCESS.PERMISSION_MISSING') {
        return { card: permissionMissingCard(error, { title: 'Retry', verb: Verbs.removeAllowedIps, data: { step: 'remove' } }, correlationId) };
      }
      throw error;
    }
  }
}
