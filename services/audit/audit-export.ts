/**
 * Export formats of the audit (CSV and JSON) and their parsers. Exports carry every hashed
 * field, so a parsed export can be re-verified offline with verifyAuditRecords.
 */
import type { AuditExportFormat, AuditOutcome, AuditRecord, JsonObject } from '../ports/audit-log.port';
import { AuditError } from './audit-errors';
import { canonicalJson } from './audit-hash';
import { parseCsv, toCsv } from './csv';

export const AUDIT_CSV_COLUMNS = [
  'tenantId', 'sequence', 'recordedAt', 'actorId', 'actorUpn', 'actorDisplayName', 'action',
  'targetType', 'targetId', 'targetUpn', 'targetDisplayName', 'principalId', 'principalUpn',
  'result', 'resultCode', 'correlationId', 'details', 'previousHash', 'hash',
] as const;

const JSON_EXPORT_FORMAT = 'management-session-bot.audit';

function toRow(record: AuditRecord): string[] {
  return [
    record.tenantId, String(record.sequence), record.recordedAt, record.actor.userId, record.actor.upn ?? '', record.actor.displayName ?? '',
    record.action, record.target?.type ?? '', record.target?.id ?? '', record.target?.upn ?? '', record.target?.displayName ?? '',
    record.principal?.id ?? '', record.principal?.upn ?? '', record.result.outcome, record.result.code ?? '', record.correlationId,
    canonicalJson(record.details), record.previousHash, record.hash,
  ];
}

export function auditRecordsToCsv(records: readonly AuditRecord[]): string {
  return toCsv(AUDIT_CSV_COLUMNS, records.map(toRow));
}

export function auditRecordsToJson(records: readonly AuditRecord[], meta: { tenantId: string; exportedAt: string; from?: string; to?: string }): string {
  return JSON.stringify({ format: JSON_EXPORT_FORMAT, version: 1, ...meta, count: records.length, records }, null, 2);
}

/** Empty cells mean "absent": the audit log never stores empty strings, so this is lossless. */
function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function fromRow(cells: readonly string[], line: number): AuditRecord {
  if (cells.length !== AUDIT_CSV_COLUMNS.length) throw new AuditError('AUDIT.EXPORT_INVALID', `line ${line}: expected ${AUDIT_CSV_COLUMNS.length} cells, got ${cells.length}`);
  const cell = (name: (typeof AUDIT_CSV_COLUMNS)[number]): string => cells[AUDIT_CSV_COLUMNS.indexOf(name)] ?? '';
  const record: AuditRecord = {
    tenantId: cell('tenantId'),
    sequence: Number(cell('sequence')),
    recordedAt: cell('recordedAt'),
    actor: withoutUndefined({ userId: cell('actorId'), upn: optional(cell('actorUpn')), displayName: optional(cell('actorDisplayName')) }),
    action: cell('action'),
    result: withoutUndefined({ outcome: cell('result') as AuditOutcome, code: optional(cell('resultCode')) }),
    correlationId: cell('correlationId'),
    details: JSON.parse(cell('details') || '{}') as JsonObject,
    previousHash: cell('previousHash'),
    hash: cell('hash'),
  };
  if (cell('targetType')) {
    record.target = withoutUndefined({ type: cell('targetType'), id: cell('targetId'), upn: optional(cell('targetUpn')), displayName: optional(cell('targetDisplayName')) });
  }
  if (cell('principalId')) record.principal = withoutUndefined({ id: cell('principalId'), upn: optional(cell('principalUpn')) });
  return record;
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** Parses an export back into records. Throws AuditError('AUDIT.EXPORT_INVALID') on a malformed file. */
export function parseAuditExport(content: string, format: AuditExportFormat): AuditRecord[] {
  try {
    if (format === 'json') {
      const parsed = JSON.parse(content) as { format?: string; records?: AuditRecord[] };
      if (parsed.format !== JSON_EXPORT_FORMAT || !Array.isArray(parsed.records)) throw new AuditError('AUDIT.EXPORT_INVALID', 'not an audit export');
      return parsed.records;
    }
    const [header, ...rows] = parseCsv(content);
    if (!header || header.join(',') !== AUDIT_CSV_COLUMNS.join(',')) throw new AuditError('AUDIT.EXPORT_INVALID', 'unexpected CSV header');
    return rows.map((cells, index) => fromRow(cells, index + 2));
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError('AUDIT.EXPORT_INVALID', `cannot parse the ${format} export: ${(error as Error).message}`);
  }
}
