/**
 * Service errors of the access area turned into cards with words and a next step. Shared by
 * dialogs and card verbs so a refusal reads the same wherever it happens.
 */
import { renderAccessDeniedCard, renderGrantResultCard, type AdaptiveCardJson } from '../../cards';
import { AccessDeniedError, AccessError, type AccessErrorCode } from '../../services/access/access-errors';
import type { DeniedDecision } from '../../services/access/authorization.service';
import { ApprovalError, type ApprovalErrorCode } from '../../services/approvals/approval-errors';
import { AuditError } from '../../services/audit/audit-errors';
import { isAppError } from '../../services/errors';

const ACCESS_NEXT_STEPS: Partial<Record<AccessErrorCode, string>> = {
  'ACCESS.USER_NOT_FOUND': 'Check the spelling of the user principal name (for example alex@contoso.com) and try again.',
  'ACCESS.INVALID_GRANT': 'Check the scope and the actions, then run the command again. Type "help" for examples.',
  'ACCESS.DIRECTORY_UNAVAILABLE': 'Nothing was changed. Try again in a few minutes.',
};

const APPROVAL_NEXT_STEPS: Partial<Record<ApprovalErrorCode, string>> = {
  'APPROVAL.NOT_FOUND': 'The request may belong to another organization or was never created. Ask the requester to send it again.',
  'APPROVAL.SELF_APPROVAL_FORBIDDEN': 'Ask another tenant admin to decide it, or cancel it.',
};

/** The sentence a user may see: the AppError's `userMessage`, never the developer message with its code. */
export function userTextOf(error: Error): string {
  return isAppError(error) ? error.userMessage : error.message;
}

export function renderDenial(decision: Pick<DeniedDecision, 'message'> & { whoCanHelp: readonly string[] }, correlationId: string): AdaptiveCardJson {
  return renderAccessDeniedCard({ reason: decision.message, whoCanHelp: decision.whoCanHelp, correlationId });
}

/** A card for an expected service failure, or undefined for anything else (the turn error handler owns those). */
export function cardForAccessFailure(error: unknown, correlationId: string, title = 'Nothing was changed'): AdaptiveCardJson | undefined {
  if (error instanceof AccessDeniedError) return renderDenial({ message: userTextOf(error), whoCanHelp: error.whoCanHelp }, correlationId);
  if (error instanceof AccessError) {
    return renderGrantResultCard({ outcome: 'failed', title, message: userTextOf(error), nextStep: ACCESS_NEXT_STEPS[error.code], correlationId });
  }
  if (error instanceof ApprovalError) {
    return renderGrantResultCard({ outcome: 'failed', title, message: userTextOf(error), nextStep: APPROVAL_NEXT_STEPS[error.code], correlationId });
  }
  if (error instanceof AuditError) {
    const message = error.code === 'AUDIT.INVALID_QUERY' ? 'Those dates are not valid: use YYYY-MM-DD, with the start before the end.' : 'The audit could not be read.';
    return renderGrantResultCard({ outcome: 'failed', title: "That didn't work", message, correlationId });
  }
  return undefined;
}
