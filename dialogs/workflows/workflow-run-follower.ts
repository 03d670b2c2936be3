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
}
