/**
 * Errors of custom actions with stable codes. Every throw site gives its own sentence (it names
 * the action, the field or the state); CUSTOM_ACTION_ERROR_WORDS holds the default sentence and
 * next step of each code, the rows services/error-catalog.ts gets when the chat wiring lands.
 */
import { AppError } from '../errors';

export type CustomActionErrorCode =
  | 'CUSTOM_ACTION.INVALID_DEFINITION'
  | 'CUSTOM_ACTION.INVALID_PARAMETERS'
  | 'CUSTOM_ACTION.NOT_FOUND'
  | 'CUSTOM_ACTION.ALREADY_EXISTS'
  | 'CUSTOM_ACTION.INVALID_STATE'
  | 'CUSTOM_ACTION.NOT_RUNNABLE'
  | 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN'
  | 'CUSTOM_ACTION.CONFLICT';

export const CUSTOM_ACTION_ERROR_WORDS: Record<CustomActionErrorCode, { userMessage: string; nextStep: string }> = {
  'CUSTOM_ACTION.INVALID_DEFINITION': { userMessage: "That custom action definition isn't valid, so it was not saved.", nextStep: 'Fix the lines named above and save it again.' },
  'CUSTOM_ACTION.INVALID_PARAMETERS': { userMessage: "Those values don't fit the custom action's parameters.", nextStep: 'Nothing was changed. Correct the values and try again.' },
  'CUSTOM_ACTION.NOT_FOUND': { userMessage: "I couldn't find that custom action.", nextStep: 'Type "custom actions" to see the ones your organization has.' },
  'CUSTOM_ACTION.ALREADY_EXISTS': { userMessage: 'A custom action with that name already exists.', nextStep: 'Edit the existing one, or choose another name.' },
  'CUSTOM_ACTION.INVALID_STATE': { userMessage: "That step doesn't fit the custom action's current state.", nextStep: 'Type "custom actions" to see its state and the next step.' },
  'CUSTOM_ACTION.NOT_RUNNABLE': { userMessage: "That custom action isn't published, so it can't be run.", nextStep: 'Ask a tenant admin to publish it (after a second admin approves it).' },
  'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN': { userMessage: 'You wrote or submitted this version, so another tenant admin must approve it.', nextStep: 'Ask another tenant admin to approve it.' },
  'CUSTOM_ACTION.CONFLICT': { userMessage: 'Someone else changed this custom action at the same time.', nextStep: 'Open it again to see the latest version, then retry.' },
};

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
