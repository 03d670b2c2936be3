/**
 * Errors of the workflows tenant admins define and review (WorkflowDefinitionService), with
 * stable codes; a run's errors are WorkflowError's. Every throw site gives its own sentence; the
 * rows of services/error-catalog.ts hold each code's default sentence and next step.
 */
import { DefinitionError, type DefinitionErrorFactory, type DefinitionErrorKind, type DefinitionErrorOptions } from '../definitions/definition-errors';

export type WorkflowDefinitionErrorCode = `WORKFLOW_DEFINITION.${DefinitionErrorKind}`;

export class WorkflowDefinitionError extends DefinitionError<WorkflowDefinitionErrorCode> {
  constructor(code: WorkflowDefinitionErrorCode, userMessage: string, options: DefinitionErrorOptions = {}) {
    super(code, userMessage, options);
  }
}

/** The lifecycle's refusals (services/definitions/definition-lifecycle.ts) as workflow definition errors. */
export const workflowDefinitionError: DefinitionErrorFactory = (kind, userMessage, options) => new WorkflowDefinitionError(`WORKFLOW_DEFINITION.${kind}`, userMessage, options);
