/**
 * Playbooks in chat, for tenant admins, one click per step:
 *
 * - list: `playbooks`, each playbook with its policies' modes, schedule and last run;
 * - run: `run playbook <name>` or Run now: PlaybookService.startPlaybook stores the run and moves
 *   it on in the background; the answer says where the findings go, and the same card shows the
 *   report once the run rests;
 * - mode: a policy's mode (alert, attestation, action), through PlaybookService.setPolicyMode
 *   (authorized and audited there);
 * - report: a run's report (Last run, Refresh).
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { PlaybookError } from '../../services/playbooks/playbook-errors';
import type { PlaybookService } from '../../services/playbooks/playbook.service';
import { POLICY_MODES, type PolicyMode } from '../../services/playbooks/playbook.types';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import type { PlaybookRunReports } from './playbook-run-reports';
import { modeWords, playbookRunCard, playbooksCard } from './playbook-views';

export const PLAYBOOKS_DIALOG = 'playbooks';

const RUN_ID = /^[0-9a-f-]{8,64}$/i;
const SLUG = /^[a-z0-9-]{1,64}$/;

export interface PlaybooksDialogDependencies {
  playbooks: Pick<PlaybookService, 'list' | 'startPlaybook' | 'setPolicyMode' | 'getRunReport' | 'report'>;
  reports: PlaybookRunReports;
}

export class PlaybooksDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ list: this.listStep, run: this.runStep, mode: this.modeStep, report: this.reportStep });

  constructor(private readonly deps: PlaybooksDialogDependencies) {
    super(PLAYBOOKS_DIALOG);
  }

  private async listStep(turn: TurnContext): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    return { card: playbooksCard(await this.deps.playbooks.list(actor, { correlationId })) };
  }

  /** Starts the playbook and answers at once; a typed command posts the card itself, so its report can replace it. */
  private async runStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer | undefined> {
    const { actor, correlationId } = flowTurnOf(turn);
    const name = typeof data['playbook'] === 'string' ? data['playbook'].slice(0, 100) : '';
    if (!name.trim()) throw new PlaybookError('PLAYBOOK.NOT_FOUND', 'Say which playbook to run, for example "run playbook licence hygiene".');
    const run = await this.deps.playbooks.startPlaybook(actor, name, { correlationId });
    const card = playbookRunCard(this.deps.playbooks.report(run.tenantId, run.id), { adminChannel: this.deps.reports.hasAdminChannel(run.tenantId), justStarted: true });
    const conversationId = turn.activity.conversation?.id;
    if (turn.activity.type === 'invoke') {
      const activityId = turn.activity.replyToId;
      if (conversationId && activityId) this.deps.reports.follow(run, { conversationId, activityId });
      return { card };
    }
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = `${run.playbookName}: started`;
    const sent = await turn.sendActivity(activity);
    if (conversationId && sent?.id) this.deps.reports.follow(run, { conversationId, activityId: sent.id });
    return undefined;
  }

  /** Save mode on a policy: the chosen mode is the input the button names (or `mode`). */
  private async modeStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const playbook = typeof data['playbook'] === 'string' && SLUG.test(data['playbook']) ? data['playbook'] : '';
    const policy = typeof data['policy'] === 'string' && SLUG.test(data['policy']) ? data['policy'] : '';
    const inputId = typeof data['inputId'] === 'string' ? data['inputId'] : '';
    const chosen = (inputId.startsWith('mode.') ? data[inputId] : undefined) ?? data['mode'];
    const mode = POLICY_MODES.find((candidate) => candidate === chosen);
    if (!mode) throw new PlaybookError('PLAYBOOK.INVALID_SETTING', 'Choose alert only, attestation or remediate automatically. Nothing was changed.');
    const saved = await this.deps.playbooks.setPolicyMode(actor, playbook || 'unknown', policy || 'unknown', { mode: mode as PolicyMode }, { correlationId });
    const views = await this.deps.playbooks.list(actor, { correlationId });
    return { card: playbooksCard(views, { text: `${saved.name}: ${modeWords(saved)}.`, tone: 'good' }) };
  }

  private async reportStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const runId = typeof data['runId'] === 'string' && RUN_ID.test(data['runId']) ? data['runId'] : '';
    if (!runId) throw new PlaybookError('PLAYBOOK.RUN_NOT_FOUND', "I couldn't find that playbook run.");
    const report = await this.deps.playbooks.getRunReport(actor, runId, { correlationId });
    return { card: playbookRunCard(report, { adminChannel: this.deps.reports.hasAdminChannel(actor.tenantId) }) };
  }
}
