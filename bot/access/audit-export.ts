import { CardFactory, type Activity, type Attachment } from 'botbuilder';
import { renderAuditExportCard, renderGrantResultCard, type AdaptiveCardJson } from '../../cards';
import type { AuditExportFormat, AuditLog } from '../../services/ports/audit-log.port';

/**
 * Teams refuses large message payloads; an inline file above this size needs the file consent
 * card flow (upload to the user's OneDrive), which this bot does not implement yet.
 */
export const MAX_INLINE_EXPORT_BYTES = 200 * 1024;

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

/** The export as a message: a summary card plus the file as an inline `data:` attachment. */
export async function buildExportMessage(
  audit: AuditLog,
  tenantId: string,
  request: ExportRequest,
  correlationId: string,
): Promise<{ activity: Partial<Activity>; recordCount: number } | { card: AdaptiveCardJson }> {
  const file = await audit.export(tenantId, request);
  const bytes = Buffer.from(file.content, 'utf8');
  if (bytes.length > MAX_INLINE_EXPORT_BYTES) {
    return {
      card: renderGrantResultCard({
        outcome: 'failed',
        title: 'The export is too large for a chat message',
        message: `${file.recordCount} records make ${Math.ceil(bytes.length / 1024)} KB; a chat message holds at most ${MAX_INLINE_EXPORT_BYTES / 1024} KB.`,
        nextStep: 'Export a shorter period, e.g. "export audit 2026-01-01 2026-01-07".',
        correlationId,
      }),
    };
  }
  const mediaType = file.contentType.split(';')[0]?.trim() ?? 'application/octet-stream';
  const attachment: Attachment = { contentType: mediaType, contentUrl: `data:${mediaType};base64,${bytes.toString('base64')}`, name: file.fileName };
  const summary = renderAuditExportCard({ fileName: file.fileName, format: request.format, recordCount: file.recordCount, from: request.from, to: request.to });
  return {
    recordCount: file.recordCount,
    activity: { type: 'message', text: `Audit export: ${file.fileName}`, attachments: [CardFactory.adaptiveCard(summary), attachment] },
  };
}
