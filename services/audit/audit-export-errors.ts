/** Refusals of the audit export's delivery (file consent and download links); codes are rows of services/error-catalog.ts. */
import { AppError } from '../errors';

export type AuditExportErrorCode =
  | 'AUDIT.EXPORT_EXPIRED'
  | 'AUDIT.EXPORT_NOT_YOURS'
  | 'AUDIT.EXPORT_LINK_INVALID'
  | 'AUDIT.EXPORT_LINK_STALE'
  | 'AUDIT.EXPORT_ALREADY_DELIVERED'
  | 'AUDIT.EXPORT_UPLOAD_FAILED'
  | 'AUDIT.EXPORT_TOO_LARGE'
  | 'AUDIT.EXPORT_LINKS_UNAVAILABLE';

export class AuditExportError extends AppError<AuditExportErrorCode> {}
