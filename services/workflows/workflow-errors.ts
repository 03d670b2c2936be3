/**
 * Errors of workflows with stable codes. Every throw site gives its own sentence; the rows of
 * services/error-catalog.ts hold each code's default sentence and next step, and
 * WORKFLOW_ERROR_WORDS reads them from there.
 *
 * Step results carry codes too (they are outcomes, not thrown): WORKFLOW_STEP_CODES.
 */
import { AppError, errorCatalog } from '../errors';

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
  | 'WORKFLOW.DIRECTORY_UNAVAILABLE'
  | 'WORKFLOW.INVALID_SCHEDULE'
  | 'WORKFLOW.SCHEDULE_NOT_FOUND';

/** The catalogue's words for each code (one source: services/error-catalog.ts). */
export const WORKFLOW_ERROR_WORDS: Readonly<Record<WorkflowErrorCode, { userMessage: string; nextStep: string }>> = errorCatalog;

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
