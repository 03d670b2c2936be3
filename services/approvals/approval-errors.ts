/** Errors of the approvals area with stable codes; `userMessage` is the sentence a card may show. */
import { AppError } from '../errors';

export type ApprovalErrorCode =
  | 'APPROVAL.NOT_FOUND'
  | 'APPROVAL.UNKNOWN_KIND'
  | 'APPROVAL.KIND_ALREADY_REGISTERED'
  | 'APPROVAL.PAYLOAD_REJECTED'
  | 'APPROVAL.INVALID_EXPIRY'
  | 'APPROVAL.SELF_APPROVAL_FORBIDDEN'
  | 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN'
  | 'APPROVAL.NOT_REQUESTER'
  | 'APPROVAL.EFFECT_FAILED';

export class ApprovalError extends AppError<ApprovalErrorCode> {
  /** `nextStep` overrides the catalogue's when the throw site knows a better one. */
  constructor(code: ApprovalErrorCode, userMessage: string, options: { nextStep?: string; details?: Record<string, string | number> } = {}) {
    super(code, userMessage, { userMessage, ...(options.nextStep ? { nextStep: options.nextStep } : {}), ...(options.details ? { details: options.details } : {}) });
  }
}
