/**
 * Append-only storage of hash-chained audit records. Implemented by
 * services/adapters/sqlite/audit-record.sqlite.ts.
 */
import type { AuditRecord, ChainHead } from './audit-log.port';

export interface AuditRecordRepository {
  /**
   * Appends one record inside a single write transaction: reads the tenant's chain head, calls
   * `build` with it (synchronously, so nothing else can append in between), stores the result
   * and advances the head. This is what keeps the chain linear under concurrent appends.
   * Rejects with AuditError('AUDIT.CHAIN_CONFLICT') if the built record does not extend the head.
   */
  append(tenantId: string, build: (head: ChainHead | undefined) => AuditRecord): Promise<AuditRecord>;
  /** The stored head (last sequence and hash), kept separately so tail truncation is detectable. */
  head(tenantId: string): Promise<ChainHead | undefined>;
  /** Newest first, sequences strictly below `beforeSequence` when given. */
  listNewest(tenantId: string, options: { beforeSequence?: number; limit: number }): Promise<AuditRecord[]>;
  /** Oldest first, sequences strictly above `afterSequence`, optionally within [from, to] (UTC ISO). */
  listAscending(tenantId: string, options: { afterSequence: number; limit: number; from?: string; to?: string }): Promise<AuditRecord[]>;
}
