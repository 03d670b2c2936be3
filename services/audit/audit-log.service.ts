/**
 * The tamper-evident audit log: append, verify, page and export a tenant's records.
 * Commands, card verbs and timers all write through `append`; reading is for tenant admins
 * and auditors, which the caller checks with AuthorizationService (capabilities audit.*).
 */
import type { Clock } from '../ports/clock.port';
import type {
  AuditEntry,
  AuditExport,
  AuditExportFormat,
  AuditLog,
  AuditPage,
  AuditPerson,
  AuditRecord,
  AuditVerification,
  ChainHead,
  JsonObject,
} from '../ports/audit-log.port';
import type { AuditRecordRepository } from '../ports/audit-record.repository.port';
import { AuditError } from './audit-errors';
import { AuditChainVerifier } from './audit-chain';
import { auditRecordsToCsv, auditRecordsToJson, withoutUndefined } from './audit-export';
import { canonicalJson, GENESIS_HASH, hashAuditRecord } from './audit-hash';
import { maskSecretsInText, scrubSecrets } from './secret-scrubber';

export interface AuditLogServiceOptions {
  /** Details larger than this (canonical JSON, bytes) are replaced by a stub. Default 4096. */
  maxDetailsBytes?: number;
  /** Rows read per batch when verifying or exporting. Default 500. */
  batchSize?: number;
}

const OUTCOMES = new Set(['ok', 'denied', 'failed']);
const MAX_PAGE = 100;

export class AuditLogService implements AuditLog {
  private readonly maxDetailsBytes: number;
  private readonly batchSize: number;

  constructor(
    private readonly repository: AuditRecordRepository,
    private readonly clock: Clock,
    options: AuditLogServiceOptions = {},
  ) {
    this.maxDetailsBytes = options.maxDetailsBytes ?? 4096;
    this.batchSize = options.batchSize ?? 500;
  }

  /**
   * Appends one record at the end of the tenant's chain, with sequence, UTC time and hashes set
   * here. Details are scrubbed of anything secret-shaped (and the masked paths listed under
   * `details.redacted`), so a careless caller cannot leak a credential into the audit.
   * @throws AuditError AUDIT.INVALID_ENTRY when tenant, actor, action, result or correlation id is missing.
   */
  async recordRead(actor: AuditPerson & { tenantId: string }, action: string, correlationId: string, details: JsonObject = {}): Promise<void> {
    const person: AuditPerson = { userId: actor.userId, ...(actor.upn ? { upn: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}) };
    await this.append({ tenantId: actor.tenantId, actor: person, action, result: { outcome: 'ok' }, correlationId, details });
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const normalised = this.normalise(entry);
    return this.repository.append(entry.tenantId, (head) => {
      const unhashed = {
        ...normalised,
        sequence: (head?.sequence ?? 0) + 1,
        recordedAt: this.clock.now().toISOString(),
        previousHash: head?.hash ?? GENESIS_HASH,
      };
      return { ...unhashed, hash: hashAuditRecord(unhashed) };
    });
  }

  /**
   * Walks the whole chain from sequence 1 and reports the first broken sequence: an edited,
   * deleted, reordered or inserted record, or removed newest records (against the stored head
   * and, when given, an `anchor` kept outside the database).
   */
  async verify(tenantId: string, options: { anchor?: ChainHead } = {}): Promise<AuditVerification> {
    const head = await this.repository.head(tenantId);
    const verifier = new AuditChainVerifier(tenantId, undefined, options.anchor);
    let after = 0;
    for (;;) {
      const batch = await this.repository.listAscending(tenantId, { afterSequence: after, limit: this.batchSize });
      for (const record of batch) {
        const chainBreak = verifier.accept(record);
        if (chainBreak) return verifier.result(chainBreak);
      }
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!.sequence;
    }
    return verifier.result(verifier.finish(head, { requireHead: true }));
  }

  /**
   * One page of records, newest first. `before` is the `nextBefore` of the previous page.
   * @throws AuditError AUDIT.INVALID_QUERY for a limit outside 1..100.
   */
  async list(tenantId: string, options: { before?: number; limit: number }): Promise<AuditPage> {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE) {
      throw new AuditError('AUDIT.INVALID_QUERY', `limit must be 1..${MAX_PAGE}`);
    }
    const records = await this.repository.listNewest(tenantId, { beforeSequence: options.before, limit: options.limit + 1 });
    const page = records.slice(0, options.limit);
    const last = page[page.length - 1];
    return records.length > options.limit && last ? { records: page, nextBefore: last.sequence } : { records: page };
  }

  /**
   * Records recorded within [from, to] (UTC ISO-8601, both optional) as CSV or JSON text for a
   * file attachment. Every hashed field is included, so the file can be verified offline.
   * @throws AuditError AUDIT.INVALID_QUERY for unparseable dates or from > to.
   */
  async export(tenantId: string, options: { from?: string; to?: string; format: AuditExportFormat }): Promise<AuditExport> {
    const from = options.from ? toUtcIso(options.from, 'start') : undefined;
    const to = options.to ? toUtcIso(options.to, 'end') : undefined;
    if (from && to && from > to) throw new AuditError('AUDIT.INVALID_QUERY', 'from is after to');
    const records: AuditRecord[] = [];
    let after = 0;
    for (;;) {
      const batch = await this.repository.listAscending(tenantId, { afterSequence: after, limit: this.batchSize, from, to });
      records.push(...batch);
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]!.sequence;
    }
    const exportedAt = this.clock.now().toISOString();
    const stamp = exportedAt.replace(/[:.]/g, '-');
    const content =
      options.format === 'csv'
        ? auditRecordsToCsv(records)
        : auditRecordsToJson(records, withoutUndefined({ tenantId, exportedAt, from, to }));
    return {
      fileName: `audit-${tenantId}-${stamp}.${options.format}`,
      contentType: options.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      content,
      recordCount: records.length,
    };
  }

  /** The newest sequence and hash, to anchor outside the database (e.g. in an admin notice). */
  async head(tenantId: string): Promise<ChainHead | undefined> {
    return this.repository.head(tenantId);
  }

  private normalise(entry: AuditEntry): Omit<AuditRecord, 'sequence' | 'recordedAt' | 'previousHash' | 'hash'> {
    const missing = (['tenantId', 'action', 'correlationId'] as const).filter((key) => !entry[key]);
    if (missing.length > 0 || !entry.actor?.userId || !entry.result || !OUTCOMES.has(entry.result.outcome)) {
      throw new AuditError('AUDIT.INVALID_ENTRY', `audit entry is incomplete (${[...missing, 'actor/result'].join(', ')})`);
    }
    const record: Omit<AuditRecord, 'sequence' | 'recordedAt' | 'previousHash' | 'hash'> = {
      tenantId: entry.tenantId,
      actor: cleanPerson(entry.actor),
      action: entry.action,
      result: withoutUndefined({ outcome: entry.result.outcome, code: text(entry.result.code) }),
      correlationId: entry.correlationId,
      details: this.cleanDetails(entry.details),
    };
    if (entry.target?.id) {
      record.target = withoutUndefined({
        type: entry.target.type || 'unknown',
        id: maskSecretsInText(entry.target.id),
        upn: text(entry.target.upn),
        displayName: text(entry.target.displayName),
      });
    }
    if (entry.principal?.id) record.principal = withoutUndefined({ id: entry.principal.id, upn: text(entry.principal.upn) });
    return record;
  }

  private cleanDetails(details: JsonObject | undefined): JsonObject {
    if (!details) return {};
    const { value, redactedPaths } = scrubSecrets<JsonObject>(details, 'details');
    const cleaned: JsonObject = redactedPaths.length > 0 ? { ...value, redacted: redactedPaths } : value;
    const size = Buffer.byteLength(canonicalJson(cleaned), 'utf8');
    if (size <= this.maxDetailsBytes) return cleaned;
    // An audit record must still be written; keep a trace of what was dropped instead of failing.
    return { truncated: true, originalBytes: size, keys: Object.keys(cleaned).slice(0, 20) };
  }
}

/** Empty strings become absent, so CSV (which cannot tell '' from missing) round-trips exactly. */
function text(value: string | undefined): string | undefined {
  return value ? maskSecretsInText(value) : undefined;
}

function cleanPerson(person: AuditPerson): AuditPerson {
  return withoutUndefined({ userId: person.userId, upn: text(person.upn), displayName: text(person.displayName) });
}

/** A bare date ("2026-01-31") as `to` means the whole day, which is what a person typing it expects. */
function toUtcIso(value: string, edge: 'start' | 'end'): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new AuditError('AUDIT.INVALID_QUERY', `not a date: ${value}`);
  const wholeDay = edge === 'end' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  return new Date(wholeDay ? time + 86_400_000 - 1 : time).toISOString();
}
