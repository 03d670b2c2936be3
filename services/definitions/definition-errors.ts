/**
 * The refusals every reviewed definition shares (custom actions, workflows). Each kind of
 * definition has its own codes (`CUSTOM_ACTION.CONFLICT`, `WORKFLOW_DEFINITION.CONFLICT`), rows of
 * services/error-catalog.ts; the lifecycle names the refusal by its kind and the definition's
 * error factory turns it into its own code and class.
 */
import { AppError, nextStepFor } from '../errors';

export type DefinitionErrorKind = 'INVALID_DEFINITION' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_STATE' | 'NOT_RUNNABLE' | 'SELF_APPROVAL_FORBIDDEN' | 'CONFLICT';

export interface DefinitionErrorDetails {
  /** The definition's name (slug), when known. */
  name?: string;
  /** For NOT_RUNNABLE and INVALID_STATE: the state it is in ('missing' when it was never published). */
  state?: string;
  /** For INVALID_DEFINITION (and parameter problems): one sentence per problem (with its line, for pasted text). */
  problems?: string[];
  warnings?: string[];
}

export interface DefinitionErrorOptions {
  details?: DefinitionErrorDetails;
  nextStep?: string;
  correlationId?: string;
}

/** Builds the definition's own error for a refusal of the lifecycle. */
export type DefinitionErrorFactory = (kind: DefinitionErrorKind, userMessage: string, options?: DefinitionErrorOptions) => AppError<string, DefinitionErrorDetails>;

/** A refusal about a definition: the throw site's sentence, the catalogue's next step unless the site gives one. */
export class DefinitionError<Code extends string> extends AppError<Code, DefinitionErrorDetails> {
  constructor(code: Code, userMessage: string, options: DefinitionErrorOptions = {}) {
    const nextStep = options.nextStep ?? nextStepFor(code);
    super(code, userMessage, {
      userMessage,
      ...(nextStep ? { nextStep } : {}),
      details: options.details ?? {},
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    });
  }
}
