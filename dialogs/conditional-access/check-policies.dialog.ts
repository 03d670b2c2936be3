/**
 * `check policies` (issue 15), for tenant admins: which conditional-access policies apply to the
 * management account's sign-in from the bot's addresses, why, and what each requires; blocking
 * ones first, with the next step. One step: PolicyCheckService authorizes and evaluates.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import { ConditionalAccessError } from '../../services/conditional-access/conditional-access-errors';
import type { PolicyCheckService } from '../../services/conditional-access/policy-check.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { permissionMissingCard, policyCheckCard } from './conditional-access-views';

export const CHECK_POLICIES_DIALOG = 'checkPolicies';

export class CheckPoliciesDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ check: this.checkStep });

  constructor(private readonly deps: { policyCheck: Pick<PolicyCheckService, 'check'> }) {
    super(CHECK_POLICIES_DIALOG);
  }

  private async checkStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    try {
      return { card: policyCheckCard(await this.deps.policyCheck.check(actor, { correlationId })) };
    } catch (error) {
      if (error instanceof ConditionalAccessError && error.code === 'CONDITIONAL_ACCESS.PERMISSION_MISSING') {
        return { card: permissionMissingCard(error, { title: 'Retry', verb: Verbs.checkPolicies }, correlationId) };
      }
      throw error;
    }
  }
}
