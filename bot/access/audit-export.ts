/**
 * Exports at the Teams edge (the audit, and a bulk action's per-user results): how the file
 * reaches the person who asked, never who may have it (services/audit/audit-export-links.service.ts
 * decides that, again at every step).
 *
 * - Personal chat in Teams: a file consent card (`application/vnd.microsoft.teams.card.file.consent`).
 *   On Allow, Teams sends `fileConsent/invoke` with an upload URL in the user's OneDrive; the bot
 *   builds the file, PUTs it there and sends a file info card (`…card.file.info`).
 * - Group chats, channels and sandbox mode (the Playground shows no consent card): a signed
 *   download link served by the bot (`GET /api/audit-exports/<token>`). In a group chat or a
 *   channel the card carries no link, only "Show my download link", whose answer Teams shows to
 *   the person who clicked; the service gives it to the export's owner only.
 */
import { CardFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { FileConsentCardResponse } from 'botbuilder';
import { renderAuditExportCard, renderBulkResultsExportCard, type AdaptiveCardJson, type AuditExportView, type BulkResultsExportView } from '../../cards';
import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import type { Actor } from '../../services/access/actor';
import { AuditExportError } from '../../services/audit/audit-export-errors';
import type { AuditExportFile, AuditExportLinks, AuditExportOffer, BulkResultsOffer, ExportSubject } from '../../services/audit/audit-export-links.service';
import { BULK_RESULTS_REFUSALS } from '../../services/audit/export-refusal-words';
import type { AuditExportFormat } from '../../services/ports/audit-log.port';
import type { Logger } from '../../services/logger';

/**
 * The size an inline `data:` attachment could carry, which this bot no longer sends; kept as the
 * yardstick the denial-flood tests measure a day's export against.
 */
export const MAX_INLINE_EXPORT_BYTES = 200 * 1024;

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Where download links are served (bot/audit-export-route.ts). */
export const AUDIT_EXPORT_ROUTE = '/api/audit-exports';
const UPLOAD_TIMEOUT_IN_MS = 30_000;

export interface ExportRequest {
  from?: string;
  to?: string;
  format: AuditExportFormat;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILLER = new Set(['from', 'to', 'until', 'till', 'as', 'in', 'format', '-', '–', 'and']);

function isRealDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** `export audit [from] [to] [as csv|json]`: dates are YYYY-MM-DD, the first is the start. */
export function parseExportArguments(text: string): { ok: true; value: ExportRequest } | { ok: false; message: string } {
  const dates: string[] = [];
  let format: AuditExportFormat = 'csv';
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const lower = token.toLowerCase();
    if (DATE.test(token)) {
      if (!isRealDate(token)) return { ok: false, message: `${token} is not a date.` };
      dates.push(token);
    } else if (lower === 'csv' || lower === 'json') {
      format = lower;
    } else if (!FILLER.has(lower)) {
      return { ok: false, message: `I didn't understand "${token}". Use: export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json].` };
    }
  }
  if (dates.length > 2) return { ok: false, message: 'Give at most two dates: the first and the last day.' };
  const [from, to] = dates;
  if (from && to && from > to) return { ok: false, message: 'The first date must not be after the second.' };
  return { ok: true, value: { format, ...(from ? { from } : {}), ...(to ? { to } : {}) } };
}

/** What a consent card carries back: the pending export's id, nothing else (and nothing trusted). */
interface ConsentContext {
  exportId: string;
}

export interface AuditExportChatOptions {
  exports: AuditExportLinks;
  /** Offer a file (consent card) in personal chats; otherwise always a link. */
  fileConsent: boolean;
  /** The bot's public root for links (`https://bot.contoso.com`), once known; undefined when links are not set up. */
  publicBaseUrl: () => string | undefined;
}

/** The turn a file consent answer arrives in, as the door resolved it. */
export interface FileConsentTurn {
  turn: TurnContext;
  actor: Actor;
  correlationId: string;
  logger: Logger;
}

export class AuditExportChat {
  constructor(private readonly options: AuditExportChatOptions) {}

  /**
   * Offers the export asked for in this conversation. Refusals come back as a card for `reply`;
   * an unexpected failure is thrown to the turn error handler.
   */
  async offer(turn: TurnContext, actor: Actor, request: ExportRequest, correlationId: string, reply: (card: AdaptiveCardJson) => Promise<void>): Promise<void> {
    const personal = turn.activity.conversation?.conversationType === 'personal';
    try {
      if (personal && this.options.fileConsent) {
        const offer = await this.options.exports.offer(actor, request, 'fileConsent', correlationId);
        await turn.sendActivity({
          type: 'message',
          text: `Audit export: ${offer.fileName}`,
          attachments: [CardFactory.adaptiveCard(renderAuditExportCard({ ...this.summaryOf(offer), delivery: 'fileConsent' })), consentAttachment(offer)],
        });
        return;
      }
      const baseUrl = this.options.publicBaseUrl();
      if (!baseUrl) throw linksUnavailable(undefined);
      const offer = await this.options.exports.offer(actor, request, 'link', correlationId);
      const view: AuditExportView = personal
        ? { ...this.summaryOf(offer), delivery: 'link', downloadUrl: downloadUrl(baseUrl, offer.linkToken ?? '') }
        : { ...this.summaryOf(offer), delivery: 'showLink', exportId: offer.exportId };
      await reply(renderAuditExportCard(view));
    } catch (error) {
      await reply(refusalCard(error, correlationId));
    }
  }

  /**
   * "Download results (CSV)" on a bulk action's summary: offers the job's per-user results as
   * `export audit` offers the audit (file consent in a Teams personal chat, a link elsewhere and
   * in sandbox mode). The offer goes out as a new message, so the summary card stays as it is;
   * a refusal is the answer to the click, for the clicker.
   */
  async offerBulkResults(turn: TurnContext, actor: Actor, jobId: string, correlationId: string): Promise<{ card: AdaptiveCardJson } | { message: string }> {
    const personal = turn.activity.conversation?.conversationType === 'personal';
    try {
      if (personal && this.options.fileConsent) {
        const offer = await this.options.exports.offerBulkResults(actor, jobId, 'fileConsent', correlationId);
        await turn.sendActivity({
          type: 'message',
          text: `Bulk action results: ${offer.fileName}`,
          attachments: [CardFactory.adaptiveCard(renderBulkResultsExportCard({ ...this.bulkSummaryOf(offer), delivery: 'fileConsent' })), bulkConsentAttachment(offer)],
        });
        return { message: 'The results file is on its way.' };
      }
      const baseUrl = this.options.publicBaseUrl();
      if (!baseUrl) throw linksUnavailable({ kind: 'bulkResults', jobId });
      const offer = await this.options.exports.offerBulkResults(actor, jobId, 'link', correlationId);
      const view: BulkResultsExportView = personal
        ? { ...this.bulkSummaryOf(offer), delivery: 'link', downloadUrl: downloadUrl(baseUrl, offer.linkToken ?? '') }
        : { ...this.bulkSummaryOf(offer), delivery: 'showLink', exportId: offer.exportId };
      await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(renderBulkResultsExportCard(view))] });
      return { message: 'The results are ready: see the next message.' };
    } catch (error) {
      return { card: refusalCard(error, correlationId) };
    }
  }

  /** "Show my download link": the link of an export, for its owner (Teams shows the answer to the clicker only). */
  async showLink(actor: Actor, exportId: string, correlationId: string): Promise<AdaptiveCardJson> {
    try {
      const baseUrl = this.options.publicBaseUrl();
      if (!baseUrl) throw linksUnavailable(undefined);
      const link = await this.options.exports.linkFor(actor, exportId, correlationId);
      const url = downloadUrl(baseUrl, link.linkToken);
      if (link.kind === 'bulkResults') {
        return renderBulkResultsExportCard({ title: link.title, selection: link.selection, delivery: 'link', downloadUrl: url, expiresAt: link.expiresAt, validFor: this.validFor() });
      }
      return renderAuditExportCard({
        format: link.format,
        ...(link.from ? { from: link.from } : {}),
        ...(link.to ? { to: link.to } : {}),
        delivery: 'link',
        downloadUrl: url,
        expiresAt: link.expiresAt,
        validFor: this.validFor(),
      });
    } catch (error) {
      return refusalCard(error, correlationId);
    }
  }

  /**
   * Allow on the consent card: the door resolved `actor` from the activity; the service checks
   * again that they may export and own this export. The file goes to the URL Teams gave.
   */
  async accept(at: FileConsentTurn, response: FileConsentCardResponse): Promise<void> {
    const { turn, actor, correlationId, logger } = at;
    const exportId = exportIdOf(response.context);
    const uploadInfo = response.uploadInfo;
    let file: AuditExportFile;
    try {
      if (!exportId || !uploadInfo?.uploadUrl || !isAllowedUploadUrl(uploadInfo.uploadUrl)) throw new AuditExportError('AUDIT.EXPORT_NOT_YOURS', 'consent answer without an export id or a usable upload URL');
      file = await this.options.exports.accept(actor, exportId, correlationId);
    } catch (error) {
      if (error instanceof AuditExportError && error.code === 'AUDIT.EXPORT_ALREADY_DELIVERED') {
        // Teams redelivers an invoke it got no answer to in time; the first one delivered the file.
        logger.info({ code: error.code, correlationId }, 'file consent answered again');
        return;
      }
      await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(refusalCard(error, correlationId))] });
      return;
    }
    const uploaded = await upload(uploadInfo.uploadUrl, file.content);
    if (!uploaded.ok) {
      logger.warn({ code: 'AUDIT.EXPORT_UPLOAD_FAILED', status: uploaded.status, correlationId }, 'audit export upload failed');
      await this.options.exports.recordUploadFailed(actor, file.exportId, correlationId, uploaded.status !== undefined ? { status: uploaded.status } : {});
      await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(refusalCard(uploadFailed(file), correlationId))] });
      return;
    }
    await this.options.exports.recordDelivered(actor, file, 'fileConsent', correlationId);
    const info: Attachment = {
      contentType: FILE_INFO_CONTENT_TYPE,
      contentUrl: uploadInfo.contentUrl,
      name: uploadInfo.name ?? file.fileName,
      content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? file.fileName.split('.').pop() },
    };
    await turn.sendActivity({ type: 'message', text: `Saved ${info.name} to your OneDrive.`, attachments: [info] });
  }

  /** Decline on the consent card: nothing is uploaded; the owner's decline is audited, anyone else's refused. */
  async decline(at: FileConsentTurn, response: FileConsentCardResponse): Promise<void> {
    const { turn, actor, correlationId } = at;
    const exportId = exportIdOf(response.context);
    let declined: ExportSubject;
    try {
      if (!exportId) throw new AuditExportError('AUDIT.EXPORT_NOT_YOURS', 'consent answer without an export id');
      declined = await this.options.exports.decline(actor, exportId, correlationId);
    } catch (error) {
      await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(refusalCard(error, correlationId))] });
      return;
    }
    const card =
      declined.kind === 'bulkResults'
        ? renderBulkResultsExportCard({ delivery: 'declined', ...(declined.jobId ? { jobId: declined.jobId } : {}) })
        : renderAuditExportCard({ format: 'csv', delivery: 'declined' });
    await turn.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
  }

  private bulkSummaryOf(offer: BulkResultsOffer): BulkResultsExportView {
    return {
      delivery: 'link',
      title: offer.title,
      selection: offer.selection,
      fileName: offer.fileName,
      rowCount: offer.rowCount,
      expiresAt: offer.expiresAt,
      validFor: this.validFor(),
    };
  }

  private summaryOf(offer: AuditExportOffer): AuditExportView {
    return {
      fileName: offer.fileName,
      format: offer.format,
      recordCount: offer.recordCount,
      ...(offer.from ? { from: offer.from } : {}),
      ...(offer.to ? { to: offer.to } : {}),
      expiresAt: offer.expiresAt,
      validFor: this.validFor(),
    };
  }

  private validFor(): string {
    const minutes = this.options.exports.ttlInMinutes;
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }
}

/** The file consent card: what Teams shows before anything is written to the user's OneDrive. */
function consentAttachment(offer: AuditExportOffer): Attachment {
  const context: ConsentContext = { exportId: offer.exportId };
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: offer.fileName,
    content: {
      description: `Audit export (${offer.format.toUpperCase()}, ${offer.recordCount} records)`,
      sizeInBytes: offer.sizeInBytes,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** The file consent card of a bulk job's results. */
function bulkConsentAttachment(offer: BulkResultsOffer): Attachment {
  const context: ConsentContext = { exportId: offer.exportId };
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: offer.fileName,
    content: {
      description: `Results of ${offer.title} for ${offer.selection} (CSV, ${offer.rowCount} ${offer.rowCount === 1 ? 'user' : 'users'})`,
      sizeInBytes: offer.sizeInBytes,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** The upload to OneDrive failed: said in the words of the export it was. */
function uploadFailed(file: AuditExportFile): AuditExportError {
  if (file.kind !== 'bulkResults') return new AuditExportError('AUDIT.EXPORT_UPLOAD_FAILED');
  const words = BULK_RESULTS_REFUSALS['AUDIT.EXPORT_UPLOAD_FAILED'];
  return new AuditExportError('AUDIT.EXPORT_UPLOAD_FAILED', undefined, { userMessage: words.message, nextStep: words.nextStep, details: { kind: 'bulkResults', ...(file.jobId ? { jobId: file.jobId } : {}) } });
}

/** No public address for links: said in the words of the export asked for. */
function linksUnavailable(bulk: { kind: 'bulkResults'; jobId: string } | undefined): AuditExportError {
  if (!bulk) return new AuditExportError('AUDIT.EXPORT_LINKS_UNAVAILABLE', 'no public base URL');
  const words = BULK_RESULTS_REFUSALS['AUDIT.EXPORT_LINKS_UNAVAILABLE'];
  return new AuditExportError('AUDIT.EXPORT_LINKS_UNAVAILABLE', 'no public base URL', { userMessage: words.message, nextStep: words.nextStep, details: bulk });
}

export function downloadUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${AUDIT_EXPORT_ROUTE}/${encodeURIComponent(token)}`;
}

function exportIdOf(context: unknown): string | undefined {
  if (context === null || typeof context !== 'object') return undefined;
  const id = (context as Record<string, unknown>).exportId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** OneDrive upload sessions are https; plain http is accepted on loopback only (local test servers). */
function isAllowedUploadUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

/** One PUT of the whole file, as a OneDrive upload session expects (Content-Range over all bytes). */
async function upload(uploadUrl: string, content: Buffer): Promise<{ ok: true } | { ok: false; status?: number }> {
  try {
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      // fetch sets Content-Length from the body (the whole file, in one request).
      headers: { 'content-range': `bytes 0-${content.length - 1}/${content.length}` },
      body: new Uint8Array(content),
      redirect: 'error',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_IN_MS),
    });
    // Drain the body so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { ok: true } : { ok: false, status: response.status };
  } catch {
    return { ok: false };
  }
}

/** A refusal as a card: the service's words and next step, never the export id or any content. */
function refusalCard(error: unknown, correlationId: string): AdaptiveCardJson {
  if (error instanceof AuditExportError) {
    const details = error.details as { kind?: unknown; jobId?: unknown };
    const nextStep = error.nextStep ? { nextStep: error.nextStep } : {};
    if (details.kind === 'bulkResults') {
      return renderBulkResultsExportCard({ delivery: 'refused', reason: error.userMessage, ...nextStep, ...(typeof details.jobId === 'string' ? { jobId: details.jobId } : {}), correlationId });
    }
    return renderAuditExportCard({ format: 'csv', delivery: 'refused', reason: error.userMessage, ...nextStep, correlationId });
  }
  const card = expectedErrorCard(error, ANY_VIEWER, correlationId, { title: "I can't export that" });
  if (!card) throw error;
  return card;
}
