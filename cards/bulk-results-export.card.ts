import type { CardFact } from './grant-confirmation.card';
import template from './templates/bulk-results-export.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * How a bulk action's per-user results reach the person who asked (the same delivery as the
 * audit export):
 * - `fileConsent`: a Teams file consent card follows this one (personal chats in Teams);
 * - `link`: a signed download link for the viewer, on the button;
 * - `showLink`: in a group chat or channel, a button that shows the link to its owner only;
 * - `declined` / `refused`: the end of the flow, with a way to ask again when the job is known.
 */
export type BulkResultsExportDelivery = 'fileConsent' | 'link' | 'showLink' | 'declined' | 'refused';

export interface BulkResultsExportView {
  delivery: BulkResultsExportDelivery;
  /** The action's title, e.g. "Block sign-in". */
  title?: string;
  /** How the users were chosen, e.g. "department Sales". */
  selection?: string;
  fileName?: string;
  /** Users in the file. */
  rowCount?: number;
  /** `link`: where the button points (carries the signed token; shown to its owner only). */
  downloadUrl?: string;
  /** `showLink`: the pending export's id for the button (an id only; the bot checks who clicks). */
  exportId?: string;
  /** `declined` / `refused`: the job, for "Download results again" (an id only). */
  jobId?: string;
  /** UTC ISO-8601 of the offer's end, shown in the viewer's time zone. */
  expiresAt?: string;
  /** How long the offer lasts, in words ("10 minutes"). */
  validFor?: string;
  /** `refused`: why, in words. */
  reason?: string;
  /** `refused`: what to do about it. */
  nextStep?: string;
  /** `refused`: the turn's correlation id, for the administrator. */
  correlationId?: string;
}

/** Adaptive Card time functions take RFC 3339 without fractions of a second. */
function cardTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const whole = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{TIME(${whole})}} on {{DATE(${whole}, SHORT)}}`;
}

function messageOf(view: BulkResultsExportView): string {
  switch (view.delivery) {
    case 'fileConsent':
      return "Click **Allow** on the file card below and I'll save the results to your OneDrive.";
    case 'showLink':
      return 'The results are ready for the person who asked. Only they can open them: **Show my download link** shows the link to them alone.';
    case 'declined':
      return 'You declined the file, so nothing was saved to your OneDrive.';
    case 'refused':
      return view.reason ?? "I couldn't deliver those results.";
    case 'link':
      return view.downloadUrl
        ? 'Download them with the button below. The link is for you alone: I check again that you may have them when you open it.'
        : 'The results are ready.';
  }
}

function expiryLineOf(view: BulkResultsExportView): string {
  if (!view.expiresAt || !['fileConsent', 'link', 'showLink'].includes(view.delivery)) return '';
  if (view.delivery === 'link' && !view.downloadUrl) return '';
  const what = view.delivery === 'fileConsent' ? 'The file card works' : 'The link works';
  return `${what} for ${view.validFor ?? 'a few minutes'}, until ${cardTime(view.expiresAt)}.`;
}

export function renderBulkResultsExportCard(view: BulkResultsExportView): AdaptiveCardJson {
  const ending = view.delivery === 'declined' || view.delivery === 'refused';
  const action = view.title && view.selection ? `${view.title} for ${view.selection}` : view.title;
  const facts: CardFact[] = ending
    ? []
    : [
        ...(action ? [{ label: 'Bulk action', value: plainText(action, 200) }] : []),
        ...(view.fileName ? [{ label: 'File', value: plainText(view.fileName, 200) }] : []),
        ...(view.rowCount !== undefined ? [{ label: 'Users', value: view.rowCount.toLocaleString('en-US') }] : []),
      ];
  return renderTemplate({
    heading: 'Bulk action results',
    message: messageOf(view),
    expiryLine: expiryLineOf(view),
    nextStep: view.delivery === 'refused' ? (view.nextStep ?? '') : '',
    reference: view.delivery === 'refused' && view.correlationId ? `Reference: ${view.correlationId}` : '',
    hasFacts: facts.length > 0,
    facts,
    downloadUrl: view.delivery === 'link' ? (view.downloadUrl ?? '') : '',
    exportId: view.delivery === 'showLink' ? (view.exportId ?? '') : '',
    againJobId: ending ? (view.jobId ?? '') : '',
    verb: Verbs.bulkExport,
  });
}
