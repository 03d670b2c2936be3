/**
 * Disable advanced management: `disable advanced management` and the settings card's button
 * first show a confirmation listing what will be removed (the account, its role, its secret);
 * confirming asks another tenant admin for approval (four-eyes); the approved change then runs
 * with a progress card that replaces the request card. Retry on a failed disable resumes it.
 */
import type { TurnContext } from 'botbuilder';
import { renderDisableConfirmCard, renderModeRequestCard } from '../../cards';
import type { SettingsService } from '../../services/settings/settings.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { clickedCardTarget } from '../shared/live-card';
import { isSet } from './change-management-type.dialog';
import type { ModeRequester } from './mode-request';
import { accountFacts } from './progress-views';
import type { SwitchRetry } from './switch-retry';

export const DISABLE_ADVANCED_MANAGEMENT_DIALOG = 'disableAdvancedManagementDialog';

const PROGRESS_SUMMARY = 'Management account change';

export interface DisableAdvancedManagementDependencies {
  settings: Pick<SettingsService, 'getOverview'>;
  requester: Pick<ModeRequester, 'request' | 'rememberRequestCard'>;
  switches: Pick<SwitchRetry, 'retry'>;
  botAppId: string;
}

export class DisableAdvancedManagementDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ confirmation: this.confirmationStep, request: this.requestStep, retry: this.retryStep });

  constructor(private readonly deps: DisableAdvancedManagementDependencies) {
    super(DISABLE_ADVANCED_MANAGEMENT_DIALOG);
  }

  /** Cards sent before steps had names say `retry: true` or `confirmed: true`. */
  protected override stepOf(data: Readonly<Record<string, unknown>>): string | undefined {
    if (isSet(data['retry'])) return 'retry';
    if (data['confirmed'] === true) return 'request';
    return super.stepOf(data);
  }

  /** What will be removed, with a red confirm button; refused at once when there is nothing to disable. */
  private async confirmationStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const overview = await this.deps.settings.getOverview(actor);
    if (!overview.serviceAccount && !overview.pending && overview.mode !== 'advanced') {
      return { card: renderModeRequestCard({ title: 'Nothing to disable', message: 'There is no management service account to disable.', facts: [], tone: 'refused' }) };
    }
    return { card: renderDisableConfirmCard({ facts: overview.serviceAccount ? accountFacts(overview.serviceAccount) : [] }) };
  }

  /** Confirmed: opens the approval request; its card is later replaced by the change's progress. */
  private async requestStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const answer = await this.deps.requester.request(actor, { kind: 'advanced.disable' }, correlationId);
    await this.deps.requester.rememberRequestCard(answer.request, clickedCardTarget(turn, this.deps.botAppId, PROGRESS_SUMMARY));
    return { card: answer.card };
  }

  /** Resumes the approved disable that stopped; with none open, shows the confirmation again. */
  private async retryStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const resumed = await this.deps.switches.retry(actor, 'advanced.disable', async () => clickedCardTarget(turn, this.deps.botAppId, PROGRESS_SUMMARY));
    return resumed ? { card: resumed } : this.confirmationStep(turn);
  }
}
