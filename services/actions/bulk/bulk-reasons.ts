/**
 * Why a bulk item was skipped or failed, in words: one table for the bulk cards
 * (dialogs/actions/bulk-views.ts) and the per-user results file (bulk-results-csv.ts), so the
 * card and the CSV never say two different things about the same user.
 */
import type { BulkItemState } from './bulk-job.types';

export const BULK_REASONS: Readonly<Record<string, string>> = {
  'ACCESS.NOT_IN_SCOPE': 'out of scope',
  'ACCESS.PRIVILEGED_TARGET': 'privileged',
  'ACTION.TARGET_NOT_FOUND': 'not found',
  'BULK.CANCELLED': 'not started, stopped by Cancel',
  'DIRECTORY.NOT_FOUND': 'the user no longer exists',
  'DIRECTORY.PERMISSION_DENIED': "the management account isn't allowed to",
  'DIRECTORY.THROTTLED': 'Microsoft Graph kept throttling',
  'DIRECTORY.UNAUTHENTICATED': "the management account's sign-in was refused",
  'DIRECTORY.BAD_REQUEST': 'Microsoft Graph refused it',
  'ACTION.OUTCOME_UNKNOWN': "sent, but I can't tell whether it took effect",
};

/** The words for a skip or failure code; "not done" for a code the table does not know. */
export function bulkReasonOf(code: string | undefined): string {
  return (code && Object.hasOwn(BULK_REASONS, code) ? BULK_REASONS[code] : undefined) ?? 'not done';
}

/** An item's result in words. Pending and sending items of a job that is over were never done. */
export function bulkResultOf(state: BulkItemState, jobOver: boolean): string {
  switch (state) {
    case 'succeeded':
      return 'succeeded';
    case 'skipped':
      return 'skipped';
    case 'failed':
      return 'failed';
    case 'unknown':
      return 'outcome unknown';
    case 'pending':
    case 'sending':
      return jobOver ? 'not done' : 'not done yet';
  }
}
