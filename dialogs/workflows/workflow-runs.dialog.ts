/**
 * Following workflow runs, one click per step: `workflow runs` (the latest runs; a tenant admin
 * sees the tenant's, others their own) and Open; a choice step's answer; Stop; Retry from the
 * failed step. Each calls WorkflowRunService, which checks the clicker is the run's requester or a
 * tenant admin. The answer is the run's card, which follows the run in place from then on.
 */
import type { TurnContext } from 'botbuilder';
import type { WorkflowRunService } from '../../services/workflows/workflow-run.service';
import { WorkflowError } from '../../services/workflows/workflow-errors';
import { FINAL_RUN_STATES, type WorkflowRunView } from '../../services/workflows/workflow-run.types';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import type { WorkflowRunFollower } from './workflow-run-follower';
import { runCard, runsCard } from './workflow-views';

export const WORKFLOW_RUNS_DIALOG = 'workflowRuns';

const RUN_ID = /^[0-9a-f-]{8,64}$/i;
const STEP_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export interface WorkflowRunsDialogDependencies {
  workflows: Pick<WorkflowRunService, 'list' | 'get' | 'answer' | 'stop' | 'retry'>;
  progress: WorkflowRunFollower;
}

export class WorkflowRunsDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ runs: this.runsStep, answer: this.answerStep, stop: this.stopStep, retry: this.retryStep });

  constructor(private readonly deps: WorkflowRunsDialogDependencies) {
    super(WORKFLOW_RUNS_DIALOG);
  }

  /** The latest runs, or (with a runId: Open, Refresh) one run. */
  private async runsStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    if (data['runId'] !== undefined) return this.answerWith(turn, await this.deps.workflows.get(actor, runIdOf(data)));
    const [runs, viewer] = await Promise.all([this.deps.workflows.list(actor, { limit: 20 }), flowTurnOf(turn).viewer()]);
    return { card: runsCard(runs, !viewer.isTenantAdmin) };
  }

  /** An option of a waiting choice step. */
  private async answerStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const stepId = typeof data['stepId'] === 'string' && STEP_ID.test(data['stepId']) ? data['stepId'] : '';
    const option = typeof data['option'] === 'string' ? data['option'].slice(0, 60) : '';
    if (!stepId) throw new WorkflowError('WORKFLOW.INVALID_STATE', 'That step is not a question of this run.');
    return this.answerWith(turn, await this.deps.workflows.answer(runIdOf(data), stepId, actor, option));
  }

  private async stopStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    // A stopped run still settles its open steps in the background: the card follows until then.
    return this.answerWith(turn, await this.deps.workflows.stop(runIdOf(data), actor, { correlationId }), { evenIfEnded: true });
  }

  private async retryStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    return this.answerWith(turn, await this.deps.workflows.retry(runIdOf(data), actor, { correlationId }));
  }

  /** The run's card; a run still going keeps this card up to date from now on. */
  private async answerWith(turn: TurnContext, view: WorkflowRunView, options: { evenIfEnded?: boolean } = {}): Promise<CardAnswer> {
    const conversationId = turn.activity.conversation?.id;
    const activityId = turn.activity.replyToId;
    if (conversationId && activityId && (options.evenIfEnded || !FINAL_RUN_STATES.includes(view.state))) await this.deps.progress.follow(view, { conversationId, activityId });
    return { card: runCard(view) };
  }
}

function runIdOf(data: Readonly<Record<string, unknown>>): string {
  const runId = data['runId'];
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) throw new WorkflowError('WORKFLOW.RUN_NOT_FOUND');
  return runId;
}
