/**
 * Create service account: the `create service account` command and the Create service account,
 * Retry service account creation and Check sign-in again buttons.
 *
 * The turn answers at once with the first progress card; the creation runs on in the background
 * and the same card is replaced in place as each step finishes ("creating account… assigning
 * role… storing secret… verifying sign-in…"). ServiceAccountProvisioningService.create decides
 * whether to create, resume an interrupted creation or re-check an existing account. When the
 * account belongs to an approved switch to Advanced that stopped, Retry resumes that switch
 * instead, so the mode is switched too.
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { clickedCardTarget, postInTurn } from '../shared/live-card';
import type { ModeSwitchService } from '../../services/service-account/mode-switch.service';
import type { AttachCard, ServiceAccountCreationRunner } from './creation-runner';
import type { SwitchRetry } from './switch-retry';

export const CREATE_SERVICE_ACCOUNT_DIALOG = 'createServiceAccountDialog';

const PROGRESS_SUMMARY = 'Management account change';

export interface CreateServiceAccountDependencies {
  creations: Pick<ServiceAccountCreationRunner, 'start'>;
  switches: Pick<SwitchRetry, 'openSwitch' | 'retry'>;
  /** A tenant with no management type yet takes Advanced at once: "Use management service account" is the first choice. */
  firstChoice?: Pick<ModeSwitchService, 'chooseFirstMode'>;
  /** The bot's app id (empty in sandbox mode), to update the progress card after the turn. */
  botAppId: string;
}

export class CreateServiceAccountDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ create: this.createStep });

  constructor(private readonly deps: CreateServiceAccountDependencies) {
    super(CREATE_SERVICE_ACCOUNT_DIALOG);
  }

  /** Starts (or resumes) the creation; the card on screen becomes its progress card. */
  private async createStep(turn: TurnContext): Promise<CardAnswer | undefined> {
    const { actor, correlationId } = flowTurnOf(turn);
    await this.deps.firstChoice?.chooseFirstMode(actor.tenantId, actor, 'advanced', correlationId);
    let posted = false;
    const attach = this.attacher(turn, () => (posted = true));
    const open = this.deps.switches.openSwitch(actor.tenantId, 'mode.change');
    let card: AdaptiveCardJson | undefined;
    if (open?.targetMode === 'advanced') card = await this.deps.switches.retry(actor, 'mode.change', attach);
    card ??= (await this.deps.creations.start(actor, attach)).card;
    // A typed command posted its live card already; typed again while a creation runs, it gets the current state as a new message.
    return posted ? undefined : { card };
  }

  /** A click's answer replaces the clicked card, which then takes the updates; a command posts a new card. */
  private attacher(turn: TurnContext, onPosted: () => void): AttachCard {
    if (turn.activity.type === 'invoke') return async () => clickedCardTarget(turn, this.deps.botAppId, PROGRESS_SUMMARY);
    return async (first) => {
      onPosted();
      return postInTurn(turn, first, this.deps.botAppId, PROGRESS_SUMMARY);
    };
  }
}
