/**
 * Errors of playbooks with stable codes. Every throw site gives its own sentence (it names the
 * playbook, the policy or the run); the rows of services/error-catalog.ts hold each code's
 * default words, and PLAYBOOK_ERROR_WORDS reads them from there.
 */
import { AppError, errorCatalog } from '../errors';

export type PlaybookErrorCode =
  | 'PLAYBOOK.NOT_FOUND'
  | 'PLAYBOOK.POLICY_NOT_FOUND'
  | 'PLAYBOOK.MODE_NOT_AVAILABLE'
  | 'PLAYBOOK.INVALID_SETTING'
  | 'PLAYBOOK.INVALID_SCHEDULE'
  | 'PLAYBOOK.RUN_IN_PROGRESS'
  | 'PLAYBOOK.RUN_NOT_FOUND';

/** Codes recorded on runs, policies and findings (never thrown at a caller). */
export type PlaybookOutcomeCode =
  | 'PLAYBOOK.QUERY_UNAVAILABLE'
  | 'PLAYBOOK.ATTESTATION_REJECTED'
  | 'PLAYBOOK.ATTESTATION_EXPIRED'
  | 'PLAYBOOK.ATTESTATION_CANCELLED'
  | 'PLAYBOOK.NOT_NAMED_APPROVER'
  | 'PLAYBOOK.NO_LONGER_MATCHES'
  | 'PLAYBOOK.ACTION_NO_ANSWER'
  | 'PLAYBOOK.ACTION_FAILED'
  | 'PLAYBOOK.RECHECK_FAILED'
  | 'PLAYBOOK.POLICY_FAILED'
  | 'PLAYBOOK.SCHEDULE_FAILED';

/** The catalogue's words for each code (one source: services/error-catalog.ts). */
export const PLAYBOOK_ERROR_WORDS: Readonly<Record<PlaybookErrorCode | PlaybookOutcomeCode, { userMessage: string; nextStep?: string }>> = errorCatalog;

export interface PlaybookErrorDetails {
  playbookId?: string;
  policyId?: string;
  runId?: string;
}

export class PlaybookError extends AppError<PlaybookErrorCode, PlaybookErrorDetails> {
  constructor(code: PlaybookErrorCode, userMessage: string, options: { details?: PlaybookErrorDetails; nextStep?: string; correlationId?: string } = {}) {
    super(code, userMessage, {
      userMessage,
      nextStep: options.nextStep ?? PLAYBOOK_ERROR_WORDS[code].nextStep,
      details: options.details ?? {},
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    });
  }
}

/** A stable code of anything thrown, for records (never its message, which may carry a payload). */
export function codeOf(error: unknown, fallback: string): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : fallback;
}
