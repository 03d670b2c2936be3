import { AppError } from '../errors';

/**
 * Stable error codes of management actions (rows of services/error-catalog.ts). Refusals are thrown; an action that ran (or was
 * attempted) is answered with an ExecuteResult instead, so its result card can be shown.
 */
export type ActionErrorCode =
  | 'ACTION.UNKNOWN'
  | 'ACTION.TARGET_REQUIRED'
  | 'ACTION.TARGET_NOT_FOUND'
  | 'ACTION.TARGET_AMBIGUOUS'
  | 'ACTION.DIRECTORY_UNAVAILABLE'
  | 'ACTION.DENIED'
  | 'ACTION.NOT_FOUND'
  | 'ACTION.NOT_PREPARER'
  | 'ACTION.EXPIRED'
  | 'ACTION.INVALID_PARAMETERS'
  | 'ACTION.NOT_POSSIBLE'
  | 'ACTION.PRIVATE_CHAT_REQUIRED'
  | 'ACTION.GROUP_REQUIRED'
  | 'ACTION.GROUP_NOT_FOUND'
  | 'ACTION.GROUP_AMBIGUOUS'
  | 'ACTION.GROUP_NOT_MANAGEABLE'
  | 'ACTION.BULK_TOO_LARGE'
  | 'ACTION.BULK_EMPTY'
  | 'ACTION.APPROVAL_REQUIRED'
  | 'ACTION.AWAITING_APPROVAL'
  | 'ACTION.APPROVAL_CLOSED'
  | 'ACTION.BAD_SETTING';

export interface ActionErrorDetails {
  /** ACCESS.* reason of a denial. */
  reason?: string;
  whoCanHelp?: string[];
  /** For ACTION.DENIED: the correlation id the denial was audited under, for the card's reference. */
  correlationId?: string;
  /** For ACTION.TARGET_AMBIGUOUS: users to pick from. */
  candidates?: Array<{ userId: string; upn: string; displayName: string }>;
  /** For ACTION.GROUP_AMBIGUOUS: groups to pick from. */
  groupCandidates?: Array<{ groupId: string; displayName: string; description?: string }>;
  /** For an ACTION.DENIED thrown by an action's parameter rule: what the audit record says about it (no secrets). */
  auditDetails?: Record<string, string>;
}

export class ActionError extends AppError<ActionErrorCode, ActionErrorDetails> {
  /** `nextStep` overrides the catalogue's, e.g. "Set their usage location first: set usage location for … to US". */
  constructor(code: ActionErrorCode, userMessage: string, details: ActionErrorDetails = {}, nextStep?: string) {
    super(code, userMessage, { userMessage, details, ...(nextStep ? { nextStep } : {}) });
  }
}
