/** Refusals of the conditional-access area, with stable codes (rows of services/error-catalog.ts). */
import { AppError, type AppErrorOptions } from '../errors';

export type ConditionalAccessErrorCode =
  | 'CONDITIONAL_ACCESS.NO_MANAGEMENT_ACCOUNT'
  | 'CONDITIONAL_ACCESS.PERMISSION_MISSING'
  | 'CONDITIONAL_ACCESS.INVALID_RANGES'
  | 'CONDITIONAL_ACCESS.NOT_CONFIGURED'
  | 'CONDITIONAL_ACCESS.CONFIRMATION_STALE'
  | 'CONDITIONAL_ACCESS.UNAVAILABLE';

export interface ConditionalAccessErrorDetails {
  /** Microsoft Graph application permissions, one of which the bot needs (PERMISSION_MISSING). */
  permissions?: string[];
}

export class ConditionalAccessError extends AppError<ConditionalAccessErrorCode, ConditionalAccessErrorDetails> {
  constructor(code: ConditionalAccessErrorCode, developerMessage?: string, options: AppErrorOptions<ConditionalAccessErrorDetails> = {}) {
    super(code, developerMessage, options);
  }
}
