/**
 * Errors of workflows with stable codes. Every throw site gives its own sentence;
 * WORKFLOW_ERROR_WORDS holds each code's default sentence and next step, the rows
 * services/error-catalog.ts gets when the chat wiring lands.
 *
 * Step results carry codes too (they are outcomes, not thrown): WORKFLOW_STEP_CODES.
 */
import { AppError } from '../errors';

export type WorkflowErrorCode =
  | 'WORKFLOW.INVALID_DEFINITION'
  | 'WORKFLOW.NOT_FOUND'
  | 'WORKFLOW.RUN_NOT_FOUND'
  | 'WORKFLOW.INVALID_INPUTS'
  | 'WORKFLOW.TARGET_NOT_FOUND'
  | 'WORKFLOW.TARGET_MISMATCH'
  | 'WORKFLOW.INVALID_STATE'
  | 'WORKFLOW.NOT_RETRYABLE'
  | 'WORKFLOW.NOT_ALLOWED'
  | 'WORKFLOW.NOT_AN_APPROVER'
  | 'WORKFLOW.INVALID_ANSWER'
  | 'WORKFLOW.QUERY_NOT_FOUND'
  | 'WORKFLOW.QUERY_AMBIGUOUS'
  | 'WORKFLOW.DIRECTORY_UNAVAILABLE';

export const WORKFLOW_ERROR_WORDS: Record<WorkflowErrorCode, { userMessage: string; nextStep: string }> = {
  'WORKFLOW.INVALID_DEFINITION': { userMessage: "That workflow definition isn't valid, so it was not saved.", nextStep: 'Fix the lines named above and save it again.' },
  'WORKFLOW.NOT_FOUND': { userMessage: "I couldn't find that workflow.", nextStep: 'Type "workflows" to see the ones you can run.' },
  'WORKFLOW.RUN_NOT_FOUND': { userMessage: "I couldn't find that workflow run.", nextStep: 'Type "workflow runs" to see the recent runs.' },
  'WORKFLOW.INVALID_INPUTS': { userMessage: "Those values don't fit the workflow's inputs, so nothing was started.", nextStep: 'Correct the values named above and start it again.' },
  'WORKFLOW.TARGET_NOT_FOUND': { userMessage: "I couldn't find that user, so nothing was started.", nextStep: 'Check the sign-in name and start the workflow again.' },
  'WORKFLOW.TARGET_MISMATCH': { userMessage: "The user you named isn't the one the workflow's inputs describe, so nothing was started.", nextStep: 'Leave the user out, or correct the inputs.' },
  'WORKFLOW.INVALID_STATE': { userMessage: "That doesn't fit the run's current state.", nextStep: 'Type "workflow runs" to see where it stands.' },
  'WORKFLOW.NOT_RETRYABLE': { userMessage: "This run can't be retried: the steps it had done were undone when it failed.", nextStep: 'Start a new run of the workflow.' },
  'WORKFLOW.NOT_ALLOWED': { userMessage: 'Only the person who started this run, or a tenant admin, can do that.', nextStep: 'Ask them, or a tenant admin.' },
  'WORKFLOW.NOT_AN_APPROVER': { userMessage: "You aren't one of the approvers this step names.", nextStep: 'Ask one of the named approvers to decide it.' },
  'WORKFLOW.INVALID_ANSWER': { userMessage: "That isn't one of the step's options.", nextStep: 'Pick one of the options on the card.' },
  'WORKFLOW.QUERY_NOT_FOUND': { userMessage: "I couldn't find that department or group, so no run was started.", nextStep: 'Check the name and try again.' },
  'WORKFLOW.QUERY_AMBIGUOUS': { userMessage: 'More than one group has that name, so no run was started.', nextStep: 'Use a name only one group has.' },
  'WORKFLOW.DIRECTORY_UNAVAILABLE': { userMessage: "I couldn't read the directory just now, so nothing was started.", nextStep: 'Try again in a few minutes.' },
};

/** Codes a step's result may carry besides the action's own (ACTION.*, DIRECTORY.*, SESSION.*). */
export const WORKFLOW_STEP_CODES = {
  notChosen: 'WORKFLOW.NOT_CHOSEN',
  conditionFalse: 'WORKFLOW.CONDITION_FALSE',
  prerequisiteNotMet: 'WORKFLOW.PREREQUISITE_NOT_MET',
  notRun: 'WORKFLOW.NOT_RUN',
  jumpedOver: 'WORKFLOW.JUMPED_OVER',
  stopped: 'WORKFLOW.STOPPED',
  approvalRejected: 'WORKFLOW.APPROVAL_REJECTED',
  approvalCancelled: 'WORKFLOW.APPROVAL_CANCELLED',
  approvalTimedOut: 'WORKFLOW.APPROVAL_TIMED_OUT',
  approverNotNamed: 'WORKFLOW.APPROVER_NOT_NAMED',
  outcomeUnknown: 'WORKFLOW.OUTCOME_UNKNOWN',
  noManager: 'WORKFLOW.NO_MANAGER',
  noticeFailed: 'WORKFLOW.NOTICE_FAILED',
} as const;

export interface WorkflowErrorDetails {
  /** One sentence per problem (with its line, for pasted text). */
  problems?: string[];
  runId?: string;
  state?: string;
}

export class WorkflowError extends AppError<WorkflowErrorCode, WorkflowErrorDetails> {
  constructor(code: WorkflowErrorCode, userMessage?: string, options: { details?: WorkflowErrorDetails; nextStep?: string; correlationId?: string } = {}) {
    const message = userMessage ?? WORKFLOW_ERROR_WORDS[code].userMessage;
    super(code, message, {
      userMessage: message,
      nextStep: options.nextStep ?? WORKFLOW_ERROR_WORDS[code].nextStep,
      details: options.details ?? {},
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    });
  }
}
