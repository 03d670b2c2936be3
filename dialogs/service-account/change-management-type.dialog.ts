/**
 * Change the management type: `switch to advanced` / `switch to default` and the settings
 * card's buttons ask another tenant admin for approval (four-eyes); the approved change then
 * runs with a progress card that replaces this request card (ModeSwitchProgressCards). Retry on
 * a failed change resumes it without a new approval.
 */
import type { TurnContext } from 'botbuilder';
import { renderModeRequestCard } from '../../cards';
import type { TargetMode } from '../../services/service-account/mode-switch.types';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import type { ModeSwitchService } from '../../services/service-account/mode-switch.service';
import type { SessionStatusCards } from '../sessions/session-status-card';
import type { SettingsCards } from '../settings/settings-card';
import { clickedCardTarget, postInTurn } from '../shared/live-card';
import type { ModeRequester } from './mode-request';
import type { SwitchRetry } from './switch-retry';

export const CHANGE_MANAGEMENT_TYPE_DIALOG = 'changeManagementTypeDialog';

const PROGRESS_SUMMARY = 'Management account change';

export interface ChangeManagementTypeDependencies {
  requester: Pick<ModeRequester, 'request' | 'rememberRequestCard'>;
  switches: Pick<SwitchRetry, 'retry'>;
  settingsCards: Pick<SettingsCards, 'forActor'>;
  /** A tenant with no management type yet: the first choice takes effect at once (no approval). */
  firstChoice?: Pick<ModeSwitchService, 'chooseFirstMode'>;
  /** The session card shown after a first choice of Default: its Turn on opens the Global Admin sign-in. */
  statusCards?: Pick<SessionStatusCards, 'forTurn'>;
  botAppId: string;
}

const FIRST_CHOICE_NOTES: Record<TargetMode, string> = {
  default:
    'Management type set to Default (Global Admin credentials). Turn the management session on and sign in with a Global Admin account that has MFA off.',
  advanced: 'Management type set to Advanced (service account). Next: create the management service account, then turn the management session on.',
};

const UNKNOWN_MODE = renderModeRequestCard({
  title: 'Which management type?',
  message: 'The bot supports two: Advanced (recommended: a management service account whose password only Key Vault holds) and Default (a Global Admin signs in for each session).',
  facts: [],
  nextStep: 'Type "switch to advanced" or "switch to default", or use the buttons in settings.',
  tone: 'refused',
});

export class ChangeManagementTypeDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ request: this.requestStep, retry: this.retryStep });

  constructor(private readonly deps: ChangeManagementTypeDependencies) {
    super(CHANGE_MANAGEMENT_TYPE_DIALOG);
  }

  /** Cards sent before steps had names say `retry: true`. */
  protected override stepOf(data: Readonly<Record<string, unknown>>): string | undefined {
    return isSet(data['retry']) ? 'retry' : super.stepOf(data);
  }

  /** Opens the approval request (the command's `mode`, or the button's `targetMode`); its card waits for the approver. */
  private async requestStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer | undefined> {
    const { actor, correlationId } = flowTurnOf(turn);
    const mode = parseMode(data['targetMode'] ?? data['mode']);
    if (!mode) return { card: UNKNOWN_MODE };
    const flow = flowTurnOf(turn);
    if (this.deps.firstChoice && (await this.deps.firstChoice.chooseFirstMode(actor.tenantId, actor, mode, correlationId))) {
      if (this.deps.statusCards) return { card: await this.deps.statusCards.forTurn(flow, FIRST_CHOICE_NOTES[mode]) };
      return { card: await this.deps.settingsCards.forActor(actor, { message: { text: FIRST_CHOICE_NOTES[mode], tone: 'good' } }) };
    }
    const answer = await this.deps.requester.request(actor, { kind: 'mode.change', targetMode: mode }, correlationId);
    if (turn.activity.type === 'invoke') {
      // The invoke's answer replaces the clicked card; the approved change later replaces it again.
      await this.deps.requester.rememberRequestCard(answer.request, clickedCardTarget(turn, this.deps.botAppId, PROGRESS_SUMMARY));
      return { card: answer.card };
    }
    await this.deps.requester.rememberRequestCard(answer.request, await postInTurn(turn, answer.card, this.deps.botAppId, PROGRESS_SUMMARY));
    return undefined;
  }

  /** Resumes the approved switch that stopped; with none open, says so on the settings card. */
  private async retryStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const resumed = await this.deps.switches.retry(actor, 'mode.change', async () => clickedCardTarget(turn, this.deps.botAppId, PROGRESS_SUMMARY));
    return { card: resumed ?? (await this.deps.settingsCards.forActor(actor, { message: { text: 'There is no unfinished switch to retry.', tone: 'good' } })) };
  }
}

export function parseMode(raw: unknown): TargetMode | undefined {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (text === 'advanced' || text === 'advanced mode') return 'advanced';
  if (text === 'default' || text === 'default mode') return 'default';
  return undefined;
}

export function isSet(value: unknown): boolean {
  return value === true || value === 'true';
}
