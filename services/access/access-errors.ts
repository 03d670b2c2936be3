/**
 * Errors of the access area with stable codes. Cards turn a code into words and a next step;
 * callers branch on `code`, never on `message`. `userMessage` holds the plain sentence a card
 * may show (it never names other tenants' ids or payloads).
 */
import { AppError } from '../errors';

/** Why an authorization decision said no. Every denial carries exactly one of these. */
export type AccessDenialCode =
  | 'ACCESS.INVALID_ACTOR'
  | 'ACCESS.UNKNOWN_CAPABILITY'
  | 'ACCESS.TENANT_ADMIN_REQUIRED'
  | 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED'
  | 'ACCESS.ADMIN_OR_OPERATOR_REQUIRED'
  | 'ACCESS.NOT_OPERATOR'
  | 'ACCESS.ACTION_NOT_GRANTED'
  | 'ACCESS.TARGET_REQUIRED'
  | 'ACCESS.TARGET_NOT_FOUND'
  | 'ACCESS.NOT_IN_SCOPE'
  | 'ACCESS.PRIVILEGED_TARGET'
  | 'ACCESS.DIRECTORY_UNAVAILABLE';

export type AccessErrorCode =
  | AccessDenialCode
  | 'ACCESS.INVALID_GRANT'
  | 'ACCESS.USER_NOT_FOUND'
  | 'ACCESS.TOO_MANY_PENDING'
  | 'ACCESS.PRIVILEGED_CONFIRMATION_REQUIRED';

export class AccessError extends AppError<AccessErrorCode> {
  constructor(code: AccessErrorCode, userMessage: string, details: Record<string, string | number | boolean | undefined> = {}) {
    super(code, userMessage, { userMessage, details });
  }
}

/**
 * Thrown by service methods that authorize internally (grant, revoke, approvals) so that a
 * dialog step, a card verb and a scheduled job all get the same refusal. Carries what the
 * "denied" card needs: the reason code and whom to ask.
 */
export class AccessDeniedError extends AccessError {
  constructor(
    readonly reason: AccessDenialCode,
    userMessage: string,
    readonly whoCanHelp: readonly string[],
  ) {
    super(reason, userMessage);
  }
}
