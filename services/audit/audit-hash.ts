/**
 * Canonical serialization and SHA-256 hashing of audit records. The serialization is part of
 * the tamper-evidence contract: changing it breaks every stored chain, so it is versioned.
 */
import { createHash } from 'node:crypto';
import type { AuditRecord } from '../ports/audit-log.port';

export const AUDIT_HASH_VERSION = 'msb-audit-v1';

/** previousHash of a tenant's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted recursively and `undefined` dropped from objects (null in
 * arrays), so equal values always serialize to the same bytes regardless of insertion order.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

type HashedFields = Omit<AuditRecord, 'hash'>;

/**
 * Every field, absent ones as explicit nulls, so a value cannot move from one field to another
 * (e.g. from target to principal) without changing the hash.
 */
function canonicalFields(record: HashedFields): string {
  return canonicalJson({
    v: AUDIT_HASH_VERSION,
    tenantId: record.tenantId,
    sequence: record.sequence,
    recordedAt: record.recordedAt,
    actor: { userId: record.actor.userId, upn: record.actor.upn ?? null, displayName: record.actor.displayName ?? null },
    action: record.action,
    target: record.target
      ? { type: record.target.type, id: record.target.id, upn: record.target.upn ?? null, displayName: record.target.displayName ?? null }
      : null,
    principal: record.principal ? { id: record.principal.id, upn: record.principal.upn ?? null } : null,
    result: { outcome: record.result.outcome, code: record.result.code ?? null },
    correlationId: record.correlationId,
    details: record.details,
    previousHash: record.previousHash,
  });
}

export function hashAuditRecord(record: HashedFields): string {
  return createHash('sha256').update(canonicalFields(record), 'utf8').digest('hex');
}
