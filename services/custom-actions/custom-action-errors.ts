/**
 * Errors of custom actions with stable codes. Every throw site gives its own sentence (it names
 * the action, the field or the state); the rows of services/error-catalog.ts hold each code's
 * default sentence and next step, and CUSTOM_ACTION_ERROR_WORDS reads them from there.
 */
import { AppError, errorCatalog } from '../errors';

export type CustomActionErrorCode =
  | 'CUSTOM_ACTION.INVALID_DEFINITION'
  | 'CUSTOM_ACTION.INVALID_PARAMETERS'
  | 'CUSTOM_ACTION.NOT_FOUND'
  | 'CUSTOM_ACTION.ALREADY_EXISTS'
  | 'CUSTOM_ACTION.INVALID_STATE'
  | 'CUSTOM_ACTION.NOT_RUNNABLE'
  | 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN'
  | 'CUSTOM_ACTION.CONFLICT';

/** The catalogue's words for each code (one source: services/error-catalog.ts). */
export const CUSTOM_ACTION_ERROR_WORDS: Readonly<Record<CustomActionErrorCode, { userMessage: string; nextStep: string }>> = errorCatalog;

export interface CustomActionErrorDetails {
  /** The action's name (slug), when known. */
  name?: string;
  /** For NOT_RUNNABLE and INVALID_STATE: the state it is in ('missing' when it was never published). */
  state?: string;
  /** For INVALID_DEFINITION and INVALID_PARAMETERS: one sentence per problem (with its line, for pasted text). */
  problems?: string[];
  warnings?: string[];
}

export class CustomActionError extends AppError<CustomActionErrorCode, CustomActionErrorDetails> {
  constructor(code: CustomActionErrorCode, userMessage: string, options: { details?: CustomActionErrorDetails; nextStep?: string; correlationId?: string } = {}) {
    super(code, userMessage, {
      userMessage,
      nextStep: options.nextStep ?? CUSTOM_ACTION_ERROR_WORDS[code].nextStep,
      details: options.details ?? {},
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    });
  }
}
