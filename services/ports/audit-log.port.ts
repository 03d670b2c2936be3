/**
 * The audit log as other services see it. Every command, denial, approval decision, session
 * change and Graph change is appended here. Records are per tenant, sequenced and hash-chained.
 * Implemented by services/audit/audit-log.service.ts over an AuditRecordRepository.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface AuditPerson {
  /** Entra object id, or 'system' for the bot's own timers. */
  userId: string;
  upn?: string;
  displayName?: string;
}

export interface AuditTarget {
  /** 'user', 'approval', 'operatorGrant', 'tenant', … */
  type: string;
  id: string;
  upn?: string;
  displayName?: string;
}

/** The account whose token made the Graph call (service account, a Global Admin, or the bot app). */
export interface AuditPrincipal {
  id: string;
  upn?: string;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditResult {
  outcome: AuditOutcome;
  /** Stable error or denial code when the outcome is not ok (e.g. ACCESS.NOT_IN_SCOPE). */
  code?: string;
}

/** What a caller hands in. Details must be small and free of secrets (they are scrubbed anyway). */
export interface AuditEntry {
  tenantId: string;
  actor: AuditPerson;
  action: string;
  target?: AuditTarget;
  principal?: AuditPrincipal;
  result: AuditResult;
  correlationId: string;
  details?: JsonObject;
}

/** What is stored: the entry plus its place in the tenant's chain. */
export interface AuditRecord extends AuditEntry {
  sequence: number;
  /** UTC ISO-8601 with milliseconds, set by the audit log, never by the caller. */
  recordedAt: string;
  details: JsonObject;
  previousHash: string;
  hash: string;
}

export interface ChainHead {
  sequence: number;
  hash: string;
}

export type AuditChainProblem =
  | 'hash_mismatch'
  | 'previous_hash_mismatch'
  | 'sequence_gap'
  | 'head_mismatch'
  | 'head_missing'
  | 'anchor_mismatch';

export type AuditVerification =
  | { ok: true; tenantId: string; checked: number; head?: ChainHead }
  | { ok: false; tenantId: string; checked: number; brokenAt: number; problem: AuditChainProblem; message: string };

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  nextBefore?: number;
}

export type AuditExportFormat = 'csv' | 'json';

export interface AuditExport {
  fileName: string;
  contentType: string;
  content: string;
  recordCount: number;
}

/** The only part most services need. */
export interface AuditWriter {
  /** Appends one record. Throws AuditError('AUDIT.INVALID_ENTRY') when required fields are missing. */
  append(entry: AuditEntry): Promise<AuditRecord>;
}

export interface AuditLog extends AuditWriter {
  /**
   * Records that a person read something sensitive (the audit, the operator list): such reads
   * are themselves audited, with ids and counts only.
   */
  recordRead(actor: AuditPerson & { tenantId: string }, action: string, correlationId: string, details?: JsonObject): Promise<void>;
  verify(tenantId: string, options?: { anchor?: ChainHead }): Promise<AuditVerification>;
  list(tenantId: string, options: { before?: number; limit: number }): Promise<AuditPage>;
  export(tenantId: string, options: { from?: string; to?: string; format: AuditExportFormat }): Promise<AuditExport>;
  head(tenantId: string): Promise<ChainHead | undefined>;
}
