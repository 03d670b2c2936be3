import template from './templates/audit-records.json';
import { actionWords, cardDateTime, explainCode, personWords } from './card-words';
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

/** Green or yellow text is hard to read: only a refusal or a failure is coloured. */
const RESULT_LOOK = {
  ok: { word: 'Done', color: 'Default' },
  denied: { word: 'Refused', color: 'Attention' },
  failed: { word: 'Failed', color: 'Attention' },
} as const;

/** "user 5bc9…" (a target the directory did not name) → "user with object id 5bc9…". */
function targetWords(target: string): string {
  return target.replace(/^(\w+) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, '$1 with object id $2');
}

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
      heading: `#${record.sequence} · ${cardDateTime(record.recordedAt)} · ${plainText(actionWords(record.action), 80)}`,
      line: plainText(
        [
          personWords(record.actor),
          record.target ? `→ ${targetWords(personWords(record.target))}` : '',
          record.principal ? `(as ${personWords(record.principal)})` : '',
        ]
          .filter(Boolean)
          .join(' '),
        400,
      ),
      result: record.code ? `${RESULT_LOOK[record.outcome].word}: ${plainText(explainCode(record.code), 300)}` : RESULT_LOOK[record.outcome].word,
      resultColor: RESULT_LOOK[record.outcome].color,
    })),
    newerBefore: view.newerBefore ?? 0,
    olderBefore: view.olderBefore ?? 0,
    verbs: { page: Verbs.auditPage, verify: Verbs.auditVerify, export: Verbs.auditExport },
  });
}
