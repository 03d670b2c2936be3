/** Errors of the approvals area with stable codes; `userMessage` is the sentence a card may show. */
import { AppError } from '../errors';

export type ApprovalErrorCode =
  | 'APPROVAL.NOT_FOUND'
  | 'APPROVAL.UNKNOWN_KIND'
  | 'APPROVAL.KIND_ALREADY_REGISTERED'
  | 'APPROVAL.PAYLOAD_REJECTED'
  | 'APPROVAL.INVALID_EXPIRY'
  | 'APPROVAL.SELF_APPROVAL_FORBIDDEN'
  | 'APPROVAL.NOT_REQUESTER'
  | 'APPROVAL.EFFECT_FAILED';

export class ApprovalError extends AppError<ApprovalErrorCode> {
  constructor(code: ApprovalErrorCode, userMessage: string) {
    super(code, userMessage, { userMessage });
  }
}
