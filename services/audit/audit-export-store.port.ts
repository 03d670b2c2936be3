/**
 * Pending exports: what someone asked for, kept server-side so that nothing in a card, a consent
 * context or a download link decides what is delivered or to whom. A pending export holds the
 * request and its owner, never content: the file is built again when it is delivered, from the
 * audit log (`audit`: dates and format) or from the bulk job store (`bulkResults`: a job id).
 */
import type { AuditExportFormat } from '../ports/audit-log.port';

/** How the file reaches the auditor: Teams' file-consent flow (personal chat) or a signed link. */
export type AuditExportDelivery = 'fileConsent' | 'link';

/**
 * offered → accepted (file consent: the upload is under way) → delivered; offered → declined.
 * A failed upload goes back to offered, so the same consent card can be tried again.
 */
export type PendingAuditExportState = 'offered' | 'accepted' | 'delivered' | 'declined';

/** What the file holds: the audit, or the per-user results of one bulk job. */
export type PendingExportKind = 'audit' | 'bulkResults';

export interface PendingAuditExport {
  /** Random UUID; the only thing a consent context or a link names. */
  id: string;
  tenantId: string;
  /** Entra object id of the person who asked; only they can receive it. */
  ownerId: string;
  /** Exports stored before bulk results existed are `audit`. */
  kind: PendingExportKind;
  /** `bulkResults`: the bulk job whose results are delivered. */
  jobId?: string;
  /** `bulkResults` are always CSV. */
  format: AuditExportFormat;
  /** YYYY-MM-DD as typed, when given. */
  from?: string;
  to?: string;
  delivery: AuditExportDelivery;
  state: PendingAuditExportState;
  /** UTC ISO-8601. */
  createdAt: string;
  expiresAt: string;
}

export interface PendingAuditExportStore {
  create(pending: PendingAuditExport): Promise<void>;
  /** The export with this id in this tenant; another tenant's id is simply not found. */
  get(tenantId: string, id: string): Promise<PendingAuditExport | undefined>;
  /**
   * Moves the export to `to` if it is in one of `from` (a compare-and-set: of two concurrent
   * accepts, one wins). Returns false when it was in another state or does not exist.
   */
  transition(tenantId: string, id: string, from: readonly PendingAuditExportState[], to: PendingAuditExportState): Promise<boolean>;
  /** Forgets exports that expired before `before` (UTC ISO-8601). Returns how many. */
  deleteExpired(before: string): Promise<number>;
}
