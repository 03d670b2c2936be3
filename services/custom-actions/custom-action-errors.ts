/**
 * Errors of custom actions with stable codes. Every throw site gives its own sentence (it names
 * the action, the field or the state); the rows of services/error-catalog.ts hold each code's
 * default sentence and next step, and CUSTOM_ACTION_ERROR_WORDS reads them from there.
 */
import { DefinitionError, type DefinitionErrorDetails, type DefinitionErrorFactory, type DefinitionErrorOptions } from '../definitions/definition-errors';
import { errorCatalog } from '../errors';

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

export type CustomActionErrorDetails = DefinitionErrorDetails;

export class CustomActionError extends DefinitionError<CustomActionErrorCode> {
  constructor(code: CustomActionErrorCode, userMessage: string, options: DefinitionErrorOptions = {}) {
    super(code, userMessage, options);
  }
}

/** The lifecycle's refusals (services/definitions/definition-lifecycle.ts) as custom action errors. */
export const customActionError: DefinitionErrorFactory = (kind, userMessage, options) => new CustomActionError(`CUSTOM_ACTION.${kind}`, userMessage, options);
