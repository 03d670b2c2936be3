import type { WorkflowRunView } from '../../services/workflows/workflow-run.types';

/** Where a run's card is: the clicked card (an invoke's `replyToId`), or a conversation to post a new one in. */
export interface WorkflowCardLocation {
  conversationId: string;
  /** Absent: no card to replace yet; the first change posts one. */
  activityId?: string;
}

/**
 * The run's progress cards (bot/workflows/workflow-progress-cards.ts): a card a dialog put on
 * screen follows the run from then on, replaced in place as steps finish, also after a restart.
 */
export interface WorkflowRunFollower {
  follow(view: WorkflowRunView, card: WorkflowCardLocation): Promise<void>;
  /** A card that follows every run of a batch (a run for each user of a department or group) until they all end. */
  followBatch?(tenantId: string, batchId: string, card: WorkflowCardLocation & WorkflowBatchLabel): Promise<void>;
}

/** What a batch card says about the batch that its runs don't: who it is for, and who was left out. */
export interface WorkflowBatchLabel {
  workflowTitle: string;
  /** "the group Leavers". */
  who: string;
  /** "Megan Bowen (megan@contoso.com): outside your scope". */
  leftOut: string[];
}
