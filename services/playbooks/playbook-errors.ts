/**
 * Errors of playbooks with stable codes. Every throw site gives its own sentence (it names the
 * playbook, the policy or the run); the catalogue rows listed in PLAYBOOK_ERROR_WORDS are the
 * defaults until services/error-catalog.ts holds them (one source once wired).
 */
import { AppError } from '../errors';

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

/** The default words of each code (the rows to add to services/error-catalog.ts). */
export const PLAYBOOK_ERROR_WORDS: Readonly<Record<PlaybookErrorCode | PlaybookOutcomeCode, { userMessage: string; nextStep?: string }>> = {
  'PLAYBOOK.NOT_FOUND': { userMessage: "I couldn't find that playbook.", nextStep: 'Type "playbooks" to see the ones your organization has.' },
  'PLAYBOOK.POLICY_NOT_FOUND': { userMessage: "That playbook has no such policy.", nextStep: 'Type "playbooks" to see its policies.' },
  'PLAYBOOK.MODE_NOT_AVAILABLE': { userMessage: "That policy can't remediate on its own, so it can only alert.", nextStep: 'Choose alert for it. Nothing was changed.' },
  'PLAYBOOK.INVALID_SETTING': { userMessage: "That setting isn't valid, so nothing was changed.", nextStep: 'Correct it and try again.' },
  'PLAYBOOK.INVALID_SCHEDULE': { userMessage: "That playbook schedule isn't valid.", nextStep: 'Use a five-part cron expression, for example "0 6 * * 1", and a time zone such as Europe/Amsterdam.' },
  'PLAYBOOK.RUN_IN_PROGRESS': { userMessage: 'That playbook is already running in your organization.', nextStep: 'Wait for the current run to finish (or for its attestation to be decided), then run it again.' },
  'PLAYBOOK.RUN_NOT_FOUND': { userMessage: "I couldn't find that playbook run." },
  'PLAYBOOK.QUERY_UNAVAILABLE': { userMessage: 'That policy is not available in this tenant.' },
  'PLAYBOOK.ATTESTATION_REJECTED': { userMessage: 'The remediation was rejected, so nothing was changed.' },
  'PLAYBOOK.ATTESTATION_EXPIRED': { userMessage: 'Nobody attested the remediation in time, so nothing was changed.', nextStep: 'Run the playbook again to ask again.' },
  'PLAYBOOK.ATTESTATION_CANCELLED': { userMessage: 'The attestation was cancelled, so nothing was changed.' },
  'PLAYBOOK.NOT_NAMED_APPROVER': { userMessage: 'Only the named approver may attest this remediation, so nothing was changed.', nextStep: 'Run the playbook again and ask the named approver to approve it.' },
  'PLAYBOOK.NO_LONGER_MATCHES': { userMessage: 'The user no longer matches the policy, so they were left alone.' },
  'PLAYBOOK.ACTION_NO_ANSWER': { userMessage: "The action didn't answer, so it may or may not have run.", nextStep: 'Check the user, then run the playbook again; it will not act twice on a user it already fixed.' },
  'PLAYBOOK.SCHEDULE_FAILED': { userMessage: "A scheduled playbook run couldn't start.", nextStep: 'Run it by hand with "run playbook <name>" to see why.' },
  'PLAYBOOK.POLICY_FAILED': { userMessage: 'A policy of the playbook could not finish; the run report says which and why.' },
  'PLAYBOOK.ACTION_FAILED': { userMessage: "The action failed for this user, so they weren't changed." },
  'PLAYBOOK.RECHECK_FAILED': { userMessage: "I couldn't check the findings again before acting, so nothing was changed.", nextStep: 'Run the playbook again later.' },
};

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
