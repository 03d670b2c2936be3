/**
 * Running one management action on many users (`block sign-in for department Sales`):
 *
 * 1. prepare: the service resolves the users, judges each (scope, privileged), makes sure the
 *    session is on and stores the job; the confirmation card lists what will change and who is
 *    skipped, and carries only the job id.
 * 2. confirm: starts the job once (the invoke's activity id is the idempotency key, so a
 *    redelivered confirm starts nothing) and answers at once with the progress card; the job
 *    runs in the background and updates the clicked card in place.
 * 3. cancel: stops the job after the batches in flight.
 *
 * Above the tenant's bulk approval size an operator's confirmation card asks for a tenant admin's
 * approval instead; once approved, the card they get starts it the same way (step 2).
 */
import type { TurnContext } from 'botbuilder';
import { renderActionResultCard } from '../../cards';
import { ActionError } from '../../services/actions/action-errors';
import type { BulkActionService } from '../../services/actions/bulk/bulk-action.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { bulkConfirmationCard, bulkProgressCard } from './bulk-views';
import { BULK_CHAT_ROWS, selectorCount, selectorOf, type BulkChatRow } from './bulk-rows';
import type { ActionApprovalAsker } from './action-approval-views';

export const BULK_ACTION_DIALOG = 'bulkAction';
const JOB_ID = /^[0-9a-f-]{8,64}$/i;

export interface BulkActionDialogDependencies {
  bulk: Pick<BulkActionService, 'prepare' | 'start' | 'cancel' | 'requestApproval'>;
  /** Sends an approval request's cards to the tenant admins. Without it, a bulk above the approval size cannot be asked for. */
  approvalAsker?: ActionApprovalAsker;
  rows?: readonly BulkChatRow[];
}

export class BulkActionDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ prepare: this.prepareStep, confirm: this.confirmStep, cancel: this.cancelStep });
  private readonly rows: readonly BulkChatRow[];

  constructor(private readonly deps: BulkActionDialogDependencies) {
    super(BULK_ACTION_DIALOG);
    this.rows = deps.rows ?? BULK_CHAT_ROWS;
  }

  /** The confirmation card: how many users change, who is skipped and why. Nothing changes yet. */
  private async prepareStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const row = this.rows.find((candidate) => candidate.actionId === data['actionId']);
    if (!row) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    if (selectorCount(data) > 1) throw new ActionError('ACTION.TARGET_REQUIRED', 'Give either a list of users, a department or a group, not more than one. Nothing was changed.');
    const selector = selectorOf(data);
    if (!selector) throw new ActionError('ACTION.TARGET_REQUIRED', `Say which users, for example "${row.phrases[0]} for department Sales". Nothing was changed.`);
    const preview = await this.deps.bulk.prepare(actor, row.actionId, selector, { correlationId });
    return { card: bulkConfirmationCard(preview, row.confirmTitle) };
  }

  /** Confirm or Cancel on the confirmation card. */
  private async confirmStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const jobId = typeof data['jobId'] === 'string' ? data['jobId'] : '';
    if (!JOB_ID.test(jobId)) {
      return { card: renderActionResultCard({ outcome: 'failed', title: 'Bulk action', summary: 'This card is not valid any more. Run the command again.', facts: [], correlationId }) };
    }
    if (data['decision'] === 'cancel') {
      return { card: renderActionResultCard({ outcome: 'cancelled', title: 'Cancelled: bulk action', summary: 'Nothing was changed.', facts: [] }) };
    }
    if (data['decision'] === 'requestApproval') {
      if (!this.deps.approvalAsker) throw new ActionError('ACTION.NOT_POSSIBLE', 'Approvals are not available here. Ask a tenant admin to run it. Nothing was changed.');
      const asked = await this.deps.bulk.requestApproval(actor, jobId, { correlationId });
      return { card: await this.deps.approvalAsker.askedCard(asked, { conversationId: turn.activity.conversation?.id, activityId: turn.activity.replyToId }) };
    }
    const conversationId = turn.activity.conversation?.id;
    const activityId = turn.activity.replyToId;
    const started = await this.deps.bulk.start(actor, jobId, {
      // Teams redelivers an invoke with the same activity id: the same key finds the job it started.
      idempotencyKey: turn.activity.id ? `activity:${turn.activity.id}` : `job:${jobId}`,
      ...(conversationId && activityId ? { card: { conversationId, activityId } } : {}),
    });
    return { card: bulkProgressCard(started.progress) };
  }

  /** Cancel on the progress card. */
  private async cancelStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const jobId = typeof data['jobId'] === 'string' && JOB_ID.test(data['jobId']) ? data['jobId'] : '';
    if (!jobId) throw new ActionError('ACTION.NOT_FOUND', "I can't find that bulk action any more.");
    return { card: bulkProgressCard(await this.deps.bulk.cancel(actor, jobId)) };
  }
}
