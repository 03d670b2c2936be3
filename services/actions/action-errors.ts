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
  | 'ACTION.EXPIRED';

export interface ActionErrorDetails {
  /** ACCESS.* reason of a denial. */
  reason?: string;
  whoCanHelp?: string[];
  /** For ACTION.DENIED: the correlation id the denial was audited under, for the card's reference. */
  correlationId?: string;
  /** For ACTION.TARGET_AMBIGUOUS: users to pick from. */
  candidates?: Array<{ userId: string; upn: string; displayName: string }>;
}

export class ActionError extends AppError<ActionErrorCode, ActionErrorDetails> {
  constructor(code: ActionErrorCode, userMessage: string, details: ActionErrorDetails = {}) {
    super(code, userMessage, { userMessage, details });
  }
}
