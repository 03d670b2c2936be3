/**
 * What a refused export says, per kind of export: the audit's words (the error catalogue's, and
 * the download route's plain sentences) and the bulk results' own, so that someone who clicked
 * "Download results (CSV)" is never told to type "export audit".
 */
import type { AuditExportErrorCode } from './audit-export-errors';
import type { PendingExportKind } from './audit-export-store.port';

export interface RefusalWords {
  message: string;
  nextStep: string;
}

export type DownloadRefusalCode = AuditExportErrorCode | 'ACCESS.DENIED';

export interface DownloadRefusal extends RefusalWords {
  status: 403 | 404 | 410;
}

const AUDIT_AGAIN = 'Type "export audit" to get a new one.';
const BULK_AGAIN = 'Click "Download results (CSV)" on the bulk action\'s summary card to get a new one.';

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const AUDIT_DOWNLOAD_REFUSALS: Record<DownloadRefusalCode, DownloadRefusal> = {
  'AUDIT.EXPORT_LINK_INVALID': { status: 403, message: 'This download link is not valid.', nextStep: `In Teams, ${lower(AUDIT_AGAIN)}` },
  'AUDIT.EXPORT_LINK_STALE': {
    status: 410,
    message: "This download link was made before the bot's signing key changed (for example at a restart), so it can no longer be checked.",
    nextStep: `In Teams, ${lower(AUDIT_AGAIN)}`,
  },
  'AUDIT.EXPORT_EXPIRED': { status: 410, message: 'This download link has expired.', nextStep: `In Teams, ${lower(AUDIT_AGAIN)}` },
  'AUDIT.EXPORT_NOT_YOURS': { status: 403, message: 'This download link does not belong to this export.', nextStep: `In Teams, ${lower(AUDIT_AGAIN)}` },
  'ACCESS.DENIED': {
    status: 403,
    message: 'You may no longer export the audit: only tenant admins and auditors can.',
    nextStep: 'Ask a tenant admin to grant you the auditor role, then try again.',
  },
  'AUDIT.EXPORT_ALREADY_DELIVERED': { status: 410, message: 'This export was already delivered.', nextStep: AUDIT_AGAIN },
  'AUDIT.EXPORT_UPLOAD_FAILED': { status: 410, message: 'This export could not be delivered.', nextStep: AUDIT_AGAIN },
  'AUDIT.EXPORT_TOO_LARGE': { status: 410, message: 'This export is too large to send.', nextStep: 'Export a shorter period, e.g. "export audit 2026-01-01 2026-01-07".' },
  'AUDIT.EXPORT_LINKS_UNAVAILABLE': { status: 404, message: 'Download links are not available.', nextStep: AUDIT_AGAIN },
};

const BULK_DOWNLOAD_REFUSALS: Record<DownloadRefusalCode, DownloadRefusal> = {
  ...AUDIT_DOWNLOAD_REFUSALS,
  'AUDIT.EXPORT_EXPIRED': { status: 410, message: 'This download link has expired.', nextStep: `In Teams, ${lower(BULK_AGAIN)}` },
  'AUDIT.EXPORT_NOT_YOURS': { status: 403, message: 'This download link does not belong to these results.', nextStep: `In Teams, ${lower(BULK_AGAIN)}` },
  'ACCESS.DENIED': {
    status: 403,
    message: 'You may no longer download these results: only the person who ran the bulk action, tenant admins and auditors can.',
    nextStep: 'Ask a tenant admin for access, then try again.',
  },
  'AUDIT.EXPORT_ALREADY_DELIVERED': { status: 410, message: 'These results were already delivered.', nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_UPLOAD_FAILED': { status: 410, message: 'These results could not be delivered.', nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_TOO_LARGE': { status: 410, message: 'These results are too large to send.', nextStep: 'Every user is also in the audit, which tenant admins and auditors can export.' },
  'AUDIT.EXPORT_LINKS_UNAVAILABLE': { status: 404, message: 'Download links are not available.', nextStep: BULK_AGAIN },
};

/** The HTTP answer to a refused link. A link too broken to name its export gets the audit's words, as before bulk results existed. */
export function downloadRefusalOf(code: DownloadRefusalCode, kind: PendingExportKind = 'audit'): DownloadRefusal {
  return (kind === 'bulkResults' ? BULK_DOWNLOAD_REFUSALS : AUDIT_DOWNLOAD_REFUSALS)[code];
}

/**
 * The card words of a refused bulk results export (the audit's are the catalogue's rows of the
 * same codes, so an audit refusal passes no words of its own).
 */
export const BULK_RESULTS_REFUSALS: Record<AuditExportErrorCode, RefusalWords> = {
  'AUDIT.EXPORT_EXPIRED': { message: 'These bulk action results have expired.', nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_NOT_YOURS': { message: "I can't find those bulk action results for you: they were made for someone else, or the bulk action is gone.", nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_LINK_INVALID': { message: 'This download link is not valid.', nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_LINK_STALE': { message: "This download link was made before the bot's signing key changed, so it can no longer be checked.", nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_ALREADY_DELIVERED': { message: 'These results were already delivered or declined.', nextStep: BULK_AGAIN },
  'AUDIT.EXPORT_UPLOAD_FAILED': {
    message: "I couldn't save the results to your OneDrive.",
    nextStep: 'Click Allow on the same card again within its time limit, or click "Download results (CSV)" on the summary card again.',
  },
  'AUDIT.EXPORT_TOO_LARGE': { message: 'These results are too large to send.', nextStep: 'Every user is also in the audit, which tenant admins and auditors can export.' },
  'AUDIT.EXPORT_LINKS_UNAVAILABLE': {
    message: "Download links aren't set up for this bot, so I can't send the results here.",
    nextStep: 'Click "Download results (CSV)" in our personal chat to get them as a file, or ask your administrator to set BOT_PUBLIC_URL.',
  },
};

/** Who may have a bulk job's results, for the denial card. */
export const BULK_RESULTS_DENIED = 'Only the person who ran this bulk action, tenant admins and auditors can download its results.';
