import { renderAuditRecordsCard, renderAuditVerifyCard, type AdaptiveCardJson, type AuditRecordRowView } from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { AuditLog, AuditRecord } from '../../services/ports/audit-log.port';

export const AUDIT_PAGE_SIZE = 10;

function describeTarget(target: NonNullable<AuditRecord['target']>): string {
  const who = target.displayName && target.upn ? `${target.displayName} (${target.upn})` : (target.displayName ?? target.upn ?? target.id);
  return `${target.type} ${who}`;
}

function rowOf(record: AuditRecord): AuditRecordRowView {
  return {
    sequence: record.sequence,
    recordedAt: record.recordedAt,
    action: record.action,
    actor: describePerson(record.actor),
    ...(record.target ? { target: describeTarget(record.target) } : {}),
    ...(record.principal ? { principal: record.principal.upn ?? record.principal.id } : {}),
    outcome: record.result.outcome,
    ...(record.result.code ? { code: record.result.code } : {}),
  };
}

/** A `before` cursor from card data is only a position: anything but a positive integer means "newest". */
export function parseBeforeCursor(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * One page of the tenant's audit, newest first. Sequences are contiguous per tenant, so the
 * newer page's cursor is computed from the first record shown.
 */
export async function auditPageCard(audit: AuditLog, tenantId: string, before?: number): Promise<AdaptiveCardJson> {
  const head = await audit.head(tenantId);
  const cursor = before !== undefined && head && before <= head.sequence ? before : undefined;
  const page = await audit.list(tenantId, { ...(cursor ? { before: cursor } : {}), limit: AUDIT_PAGE_SIZE });
  const first = page.records[0];
  const newerBefore = first && head && first.sequence < head.sequence ? Math.min(first.sequence + AUDIT_PAGE_SIZE + 1, head.sequence + 1) : undefined;
  return renderAuditRecordsCard({
    records: page.records.map(rowOf),
    ...(newerBefore ? { newerBefore } : {}),
    ...(page.nextBefore ? { olderBefore: page.nextBefore } : {}),
    ...(head ? { headSequence: head.sequence } : {}),
  });
}

export interface VerifiedChain {
  card: AdaptiveCardJson;
  ok: boolean;
  checked: number;
  brokenAt?: number;
}

export async function verifyAuditCard(audit: AuditLog, tenantId: string, correlationId: string): Promise<VerifiedChain> {
  const result = await audit.verify(tenantId);
  if (result.ok) {
    return {
      ok: true,
      checked: result.checked,
      card: renderAuditVerifyCard({ ok: true, checked: result.checked, ...(result.head ? { headSequence: result.head.sequence, headHash: result.head.hash } : {}) }),
    };
  }
  return {
    ok: false,
    checked: result.checked,
    brokenAt: result.brokenAt,
    card: renderAuditVerifyCard({ ok: false, checked: result.checked, brokenAt: result.brokenAt, problem: result.problem, message: result.message, correlationId }),
  };
}
