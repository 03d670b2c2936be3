import template from './templates/audit-records.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export interface AuditRecordRowView {
  sequence: number;
  recordedAt: string;
  action: string;
  actor: string;
  target?: string;
  principal?: string;
  outcome: 'ok' | 'denied' | 'failed';
  code?: string;
}

/** One page of the audit log, newest first, with cursors (sequence numbers) for the other pages. */
export interface AuditRecordsView {
  records: readonly AuditRecordRowView[];
  /** `before` cursor of the newer page, when there is one. */
  newerBefore?: number;
  /** `before` cursor of the older page, when there is one. */
  olderBefore?: number;
  /** The newest sequence of the tenant's chain. */
  headSequence?: number;
}

const RESULT_COLORS = { ok: 'Good', denied: 'Warning', failed: 'Attention' } as const;

export function renderAuditRecordsCard(view: AuditRecordsView): AdaptiveCardJson {
  const first = view.records[0];
  const last = view.records[view.records.length - 1];
  const summary =
    first && last
      ? `Newest first: records ${first.sequence} to ${last.sequence}${view.headSequence ? ` of ${view.headSequence}` : ''}.`
      : 'There are no audit records yet.';
  return renderTemplate({
    summary,
    records: view.records.map((record) => ({
      heading: `#${record.sequence} · ${record.recordedAt} · ${plainText(record.action, 60)}`,
      line: plainText(
        [record.actor, record.target ? `→ ${record.target}` : '', record.principal ? `(as ${record.principal})` : ''].filter(Boolean).join(' '),
        300,
      ),
      result: record.code ? `${record.outcome}: ${plainText(record.code, 80)}` : record.outcome,
      resultColor: RESULT_COLORS[record.outcome],
    })),
    newerBefore: view.newerBefore ?? 0,
    olderBefore: view.olderBefore ?? 0,
    verbs: { page: Verbs.auditPage, verify: Verbs.auditVerify, export: Verbs.auditExport },
  });
}
