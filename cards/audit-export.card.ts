import type { CardFact } from './grant-confirmation.card';
import template from './templates/audit-export.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * How the file reaches the auditor:
 * - `fileConsent`: a Teams file consent card follows this one (personal chats in Teams);
 * - `link`: a signed download link for the viewer, on the button;
 * - `showLink`: in a group chat or channel, a button that shows the link to its owner only;
 * - `delivered` / `declined` / `refused`: the end of the file-consent flow.
 */
export type AuditExportDeliveryView = 'fileConsent' | 'link' | 'showLink' | 'delivered' | 'declined' | 'refused';

export interface AuditExportView {
  /** Absent on a card that ends the flow (declined, refused) or only reveals a link. */
  fileName?: string;
  format: 'csv' | 'json';
  recordCount?: number;
  /** YYYY-MM-DD as typed, when given. */
  from?: string;
  to?: string;
  /** Default `link` with no URL: the summary alone. */
  delivery?: AuditExportDeliveryView;
  /** `link`: where the button points (carries the signed token; shown to its owner only). */
  downloadUrl?: string;
  /** `showLink`: the pending export's id for the button (an id only; the bot checks who clicks). */
  exportId?: string;
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

function messageOf(view: AuditExportView): string {
  const empty = view.recordCount === 0 && view.fileName ? ' No records match these dates, so the file is empty.' : '';
  switch (view.delivery) {
    case 'fileConsent':
      return `Click **Allow** on the file card below and I'll save the export to your OneDrive.${empty}`;
    case 'showLink':
      return `The export is ready for the person who asked. Only they can open it: **Show my download link** shows the link to them alone.${empty}`;
    case 'delivered':
      return 'The export is saved in your OneDrive; the file card below opens it.';
    case 'declined':
      return 'You declined the file, so nothing was saved to your OneDrive. Click **Export again** when you want it.';
    case 'refused':
      return view.reason ?? "I couldn't deliver that export.";
    case 'link':
    default:
      return view.downloadUrl
        ? `Download it with the button below. The link is for you alone: I check your admin or auditor role again when you open it.${empty}`
        : `The export is ready.${empty}`;
  }
}

function expiryLineOf(view: AuditExportView): string {
  if (!view.expiresAt || !['fileConsent', 'link', 'showLink'].includes(view.delivery ?? 'link')) return '';
  if (view.delivery === 'link' && !view.downloadUrl) return '';
  const what = view.delivery === 'fileConsent' ? 'The file card works' : 'The link works';
  return `${what} for ${view.validFor ?? 'a few minutes'}, until ${cardTime(view.expiresAt)}.`;
}

export function renderAuditExportCard(view: AuditExportView): AdaptiveCardJson {
  const delivery = view.delivery ?? 'link';
  const ending = delivery === 'declined' || delivery === 'refused';
  const facts: CardFact[] = ending
    ? []
    : [
        ...(view.fileName ? [{ label: 'File', value: plainText(view.fileName, 200) }] : []),
        { label: 'Format', value: view.format.toUpperCase() },
        ...(view.recordCount !== undefined ? [{ label: 'Records', value: String(view.recordCount) }] : []),
        { label: 'From', value: view.from ?? 'the first record' },
        { label: 'To', value: view.to ?? 'now' },
      ];
  return renderTemplate({
    message: messageOf(view),
    expiryLine: expiryLineOf(view),
    nextStep: delivery === 'refused' ? (view.nextStep ?? '') : '',
    reference: delivery === 'refused' && view.correlationId ? `Reference: ${view.correlationId}` : '',
    hasFacts: !ending,
    facts,
    format: view.format,
    downloadUrl: delivery === 'link' ? (view.downloadUrl ?? '') : '',
    downloadTitle: `Download audit export (${view.format.toUpperCase()})`,
    exportId: delivery === 'showLink' ? (view.exportId ?? '') : '',
    showExportAgain: ending,
    verbs: { export: Verbs.auditExport },
  });
}
