/**
 * `GET /api/audit-exports/<token>`: the audit export's signed download link. The token is the
 * only credential and is never logged (log lines name the route, not the path). The service
 * checks the signature, the expiry, that the export is that tenant's and that user's, and the
 * user's role now; this handler only turns its answer into HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { AuditExportDownload } from '../services/audit/audit-export-links.service';
import { MAX_TOKEN_LENGTH } from '../services/audit/audit-export-link-token';
import type { Logger } from '../services/logger';
import { AUDIT_EXPORT_ROUTE } from './access/audit-export';

export interface AuditExportDownloads {
  download(token: string, correlationId: string): Promise<AuditExportDownload>;
}

/** Keeps a link's token out of every page this answer could lead to, and out of every cache. */
const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'",
} as const;

/** The log's name for the path: the route, never the token in it. */
export const AUDIT_EXPORT_LOG_PATH = `${AUDIT_EXPORT_ROUTE}/<token>`;

export function registerAuditExportRoute(server: Server, downloads: AuditExportDownloads, logger: Logger): void {
  // A wildcard, not `:token`: the router refuses named parameters over 100 characters, and a token is longer.
  server.get(`${AUDIT_EXPORT_ROUTE}/*`, async (req: Request, res: Response) => {
    const correlationId = randomUUID();
    const wildcard = (req.params as Record<string, unknown> | undefined)?.['*'];
    const raw = typeof wildcard === 'string' ? safeDecode(wildcard) : '';
    const token = raw.length <= MAX_TOKEN_LENGTH ? raw : '';
    let answer: AuditExportDownload;
    try {
      answer = await downloads.download(token, correlationId);
    } catch (error) {
      logger.error({ err: error, correlationId, path: AUDIT_EXPORT_LOG_PATH }, 'audit export download failed');
      sendText(res, 500, `Something went wrong on our side, so nothing was downloaded. Try again; if it keeps happening, give your administrator this reference: ${correlationId}`);
      return;
    }
    if (!answer.ok) {
      logger.warn({ status: answer.status, code: answer.code, correlationId, path: AUDIT_EXPORT_LOG_PATH }, 'audit export download refused');
      sendText(res, answer.status, `${answer.message} ${answer.nextStep}\nReference: ${correlationId}`);
      return;
    }
    const { file } = answer;
    logger.info({ correlationId, path: AUDIT_EXPORT_LOG_PATH, bytes: file.content.length }, 'audit export downloaded');
    res.writeHead(200, {
      ...PRIVATE_HEADERS,
      'content-type': file.contentType,
      'content-length': String(file.content.length),
      'content-disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
    res.end(file.content);
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

function sendText(res: Response, status: number, text: string): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...PRIVATE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
}
