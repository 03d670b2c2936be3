/**
 * Starting a workflow run, one click per step:
 *
 * 1. list: `workflows`, the runnable workflows, each with a Start form (the user, inputs, optional steps).
 * 2. prepare: `run workflow <name> for <user>`, the form's Preview or the preview's Update preview:
 *    the service authorizes the run (every action step on this user) and says what it will do; the
 *    card lists every change, the optional steps as toggles and the inputs as fields. Values that
 *    are missing or wrong bring the form back with what to fix. Nothing changes.
 * 3. remediate: `remediate compromised <user>`, the compromised-account template's steps to confirm.
 * 4. start: Start runs what the preview showed (values changed since bring an updated preview
 *    instead); the invoke's activity id is the start key, so a redelivered click returns the same
 *    run. The answer is the run's card, which then follows the run in place.
 *
 * `run workflow <name> for department|group <name>` takes the same two steps for every user of
 * the department or group (the card's data says `batch`): a preview with who it covers and who is
 * left out, then Start makes one run per user, and one card follows them all.
 */
import type { TurnContext } from 'botbuilder';
import { renderActionResultCard } from '../../cards';
import type { WorkflowRunService } from '../../services/workflows/workflow-run.service';
import type { WorkflowSummary } from '../../services/workflows/workflow-catalog';
import { WorkflowError } from '../../services/workflows/workflow-errors';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { batchQueryOf, fingerprintOf, givenInputs, previewedOf, workflowRequestOf, type WorkflowRequest } from './workflow-card-data';
import type { WorkflowRunFollower } from './workflow-run-follower';
import { batchPreviewCard, batchProgressCard, batchWords, COMPROMISED_ACCOUNT_WORKFLOW, formCard, previewCard, runCard, workflowsCard } from './workflow-views';

export const RUN_WORKFLOW_DIALOG = 'runWorkflow';

export interface RunWorkflowDialogDependencies {
  workflows: Pick<WorkflowRunService, 'listWorkflows' | 'preview' | 'start' | 'previewBatch' | 'startBatch'>;
  progress: WorkflowRunFollower;
}

const CHANGED_SINCE_PREVIEW = 'The values or the optional steps changed after the preview, so nothing was started. Check the steps below, then select Start again.';

export class RunWorkflowDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ list: this.listStep, prepare: this.prepareStep, remediate: this.remediateStep, start: this.startStep });

  constructor(private readonly deps: RunWorkflowDialogDependencies) {
    super(RUN_WORKFLOW_DIALOG);
  }

  /**
   * `workflows`: what the caller can run (the door checked workflow.run; each start is authorized
   * again). Tenant admins also get "New workflow" and "Workflow definitions" (workflow.define, checked on click).
   */
  private async listStep(turn: TurnContext): Promise<CardAnswer> {
    const flow = flowTurnOf(turn);
    const viewer = await flow.viewer();
    return { card: workflowsCard(this.deps.workflows.listWorkflows(flow.actor.tenantId), { mayDefine: viewer.isTenantAdmin }) };
  }

  /** The preview (or the form, when values are missing). Nothing changes. */
  private async prepareStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const request = workflowRequestOf(data);
    const summary = this.summaryOf(turn, request.workflow);
    const batch = batchQueryOf(data);
    if (batch) return this.previewBatch(turn, request, batch, summary);
    if (summary && !summary.derivesTarget && !request.user) return { card: formCard(summary, request, [], `Say which user this ${summary.title} run is for.`) };
    return this.preview(turn, request, summary);
  }

  /** `remediate compromised <user>`: the compromised-account template's steps, to confirm. */
  private async remediateStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const user = typeof data['user'] === 'string' ? data['user'].trim().slice(0, 256) : '';
    if (!user) throw new WorkflowError('WORKFLOW.INVALID_INPUTS', 'Say whose account is compromised, for example "remediate compromised adele@contoso.com". Nothing was started.');
    const request: WorkflowRequest = { workflow: COMPROMISED_ACCOUNT_WORKFLOW, user, inputs: {}, optIn: [] };
    return this.preview(turn, request, this.summaryOf(turn, request.workflow));
  }

  /** Start (or Cancel) on the preview. */
  private async startStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    if (data['decision'] === 'cancel') return { card: renderActionResultCard({ outcome: 'cancelled', title: 'Cancelled: workflow', summary: 'Nothing was started.', facts: [] }) };
    const request = workflowRequestOf(data);
    const summary = this.summaryOf(turn, request.workflow);
    const previewed = previewedOf(data);
    const batch = batchQueryOf(data);
    if (previewed && fingerprintOf(request, summary) !== fingerprintOf({ ...previewed, user: request.user }, summary)) {
      const changed = { text: CHANGED_SINCE_PREVIEW, tone: 'warning' as const };
      return batch ? this.previewBatch(turn, request, batch, summary, changed) : this.preview(turn, request, summary, changed);
    }
    const activityId = turn.activity.id;
    if (batch) {
      const started = await this.deps.workflows.startBatch(actor, request.workflow, batch, givenInputs(request), { optIn: request.optIn, ...(activityId ? { startKey: `invoke:${activityId}` } : {}), correlationId });
      const label = { workflowTitle: summary?.title ?? request.workflow, who: batchWords(batch), leftOut: started.refused.map((refusal) => `${refusal.upn}: ${refusal.message}`) };
      const conversationId = turn.activity.conversation?.id;
      if (conversationId) await this.deps.progress.followBatch?.(actor.tenantId, started.batchId, { conversationId, ...(turn.activity.replyToId ? { activityId: turn.activity.replyToId } : {}), ...label });
      return { card: batchProgressCard(label.workflowTitle, label.who, started.runs, label.leftOut) };
    }
    const view = await this.deps.workflows.start(actor, request.workflow, request.user, givenInputs(request), {
      optIn: request.optIn,
      // Teams redelivers an invoke with the same id: the same key returns the run it started.
      ...(activityId ? { startKey: `invoke:${activityId}` } : {}),
      correlationId,
    });
    const conversationId = turn.activity.conversation?.id;
    if (conversationId) await this.deps.progress.follow(view, { conversationId, ...(turn.activity.replyToId ? { activityId: turn.activity.replyToId } : {}) });
    return { card: runCard(view) };
  }

  private async preview(turn: TurnContext, request: WorkflowRequest, summary: WorkflowSummary | undefined, message?: { text: string; tone: 'attention' | 'warning' }): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    try {
      const preview = await this.deps.workflows.preview(actor, request.workflow, request.user, givenInputs(request), { optIn: request.optIn, correlationId });
      return { card: previewCard(preview, request, summary, { remediation: request.workflow === COMPROMISED_ACCOUNT_WORKFLOW, ...(message ? { message } : {}) }) };
    } catch (error) {
      // Values that don't fit bring the form back with what to fix; anything else is its own card.
      if (!(error instanceof WorkflowError) || error.code !== 'WORKFLOW.INVALID_INPUTS' || !summary) throw error;
      const problems = error.details.problems ?? [];
      return { card: formCard(summary, request, problems, problems.length > 0 ? 'Some values are missing or don’t fit, so nothing was started:' : error.userMessage) };
    }
  }

  private async previewBatch(turn: TurnContext, request: WorkflowRequest, batch: { department: string } | { group: string }, summary: WorkflowSummary | undefined, message?: { text: string; tone: 'attention' | 'warning' }): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    try {
      const preview = await this.deps.workflows.previewBatch(actor, request.workflow, batch, givenInputs(request), { optIn: request.optIn, correlationId });
      return { card: batchPreviewCard(preview, request, batch, summary, message) };
    } catch (error) {
      if (!(error instanceof WorkflowError) || error.code !== 'WORKFLOW.INVALID_INPUTS' || !summary || summary.derivesTarget) throw error;
      const problems = error.details.problems ?? [];
      return { card: formCard(summary, request, problems, problems.length > 0 ? 'Some values are missing or don’t fit, so nothing was started:' : error.userMessage) };
    }
  }

  private summaryOf(turn: TurnContext, name: string): WorkflowSummary | undefined {
    return this.deps.workflows.listWorkflows(flowTurnOf(turn).actor.tenantId).find((summary) => summary.name === name && summary.state === 'published');
  }
}
