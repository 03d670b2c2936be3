import type { CardFact } from './grant-confirmation.card';
import template from './templates/audit-verify.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** The result of walking the tenant's hash chain. */
export type AuditVerifyView =
  | { ok: true; checked: number; headSequence?: number; headHash?: string }
  | { ok: false; checked: number; brokenAt: number; problem: string; message: string; correlationId?: string };

export function renderAuditVerifyCard(view: AuditVerifyView): AdaptiveCardJson {
  const facts: CardFact[] = [{ label: 'Records checked', value: String(view.checked) }];
  if (view.ok) {
    if (view.headSequence !== undefined) facts.push({ label: 'Newest record', value: String(view.headSequence) });
    // A prefix is enough to compare with a copy noted elsewhere; the full hash is in the export.
    if (view.headHash) facts.push({ label: 'Newest hash', value: `${view.headHash.slice(0, 16)}…` });
  } else {
    facts.push({ label: 'Broken at record', value: String(view.brokenAt) }, { label: 'Problem', value: plainText(view.problem, 60) });
    if (view.correlationId) facts.push({ label: 'Reference', value: view.correlationId });
  }
  return renderTemplate({
    style: view.ok ? 'good' : 'attention',
    color: view.ok ? 'Default' : 'Attention',
    title: view.ok ? 'The audit chain is intact' : 'The audit chain is broken',
    message: view.ok
      ? 'No record was edited, removed, reordered or inserted since it was written.'
      : `Record ${view.brokenAt}: ${plainText(view.message, 300)}.`,
    facts,
    nextStep: view.ok
      ? 'Keep the newest hash somewhere outside the bot if you want to detect a rollback of the whole database later.'
      : 'Treat the audit as tampered with from this record on. Export it now, keep the file, and tell your security team; the records before it are still verified.',
    verbs: { verify: Verbs.auditVerify, page: Verbs.auditPage },
  });
}
