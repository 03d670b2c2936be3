import type { CardFact } from './grant-confirmation.card';
import template from './templates/audit-export.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export interface AuditExportView {
  fileName: string;
  format: 'csv' | 'json';
  recordCount: number;
  /** YYYY-MM-DD as typed, when given. */
  from?: string;
  to?: string;
}

export function renderAuditExportCard(view: AuditExportView): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'File', value: plainText(view.fileName, 200) },
    { label: 'Format', value: view.format.toUpperCase() },
    { label: 'Records', value: String(view.recordCount) },
    { label: 'From', value: view.from ?? 'the first record' },
    { label: 'To', value: view.to ?? 'now' },
  ];
  return renderTemplate({
    message: view.recordCount === 0 ? 'No records match these dates; the attached file is empty.' : 'The export is attached to this message.',
    facts,
  });
}
