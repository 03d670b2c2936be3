import template from './templates/bulk-progress.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export type BulkProgressOutcome = 'running' | 'done' | 'attention' | 'cancelled';

/**
 * One bulk action, from "Working…" to its summary, on the card that was clicked: updated in
 * place (at most every 2 s) while it runs. Holds names and counts only.
 */
export interface BulkProgressView {
  outcome: BulkProgressOutcome;
  /** e.g. "Block sign-in: 340 of 1,000 users". */
  title: string;
  /** e.g. "37 succeeded, 2 skipped (out of scope), 1 failed". */
  summary: string;
  facts: readonly CardFact[];
  linesHeading?: string;
  /** Per-user lines: "adele@contoso.com: failed, the user no longer exists". */
  lines: readonly string[];
  footer?: string;
  /** The Cancel button, while the job runs. */
  cancel?: { verb: string; jobId: string };
  /** "Download results (CSV)", on the final summary: the per-user results file. */
  download?: { verb: string; jobId: string };
  /** The next step on the final summary, e.g. Workflow runs (no data: the list is read again). */
  next?: { title: string; verb: string };
}

const LOOK: Record<BulkProgressOutcome, { style: string; color: string }> = {
  running: { style: 'emphasis', color: 'Accent' },
  done: { style: 'good', color: 'Default' },
  attention: { style: 'warning', color: 'Default' },
  cancelled: { style: 'emphasis', color: 'Default' },
};

export function renderBulkProgressCard(view: BulkProgressView): AdaptiveCardJson {
  const look = LOOK[view.outcome];
  const lines = view.lines.slice(0, 30).map((line) => plainText(line, 200));
  return renderTemplate({
    style: look.style,
    color: look.color,
    title: plainText(view.title, 160),
    summary: plainText(view.summary, 400),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    hasLines: lines.length > 0,
    linesHeading: plainText(view.linesHeading ?? 'Users', 120),
    lines,
    hasFooter: Boolean(view.footer),
    footer: view.footer ? plainText(view.footer, 400) : '',
    buttons: [
      ...(view.cancel ? [{ title: 'Cancel', verb: view.cancel.verb, style: 'destructive', data: { jobId: view.cancel.jobId } }] : []),
      ...(view.download ? [{ title: 'Download results (CSV)', verb: view.download.verb, style: 'default', data: { jobId: view.download.jobId } }] : []),
      ...(view.next ? [{ title: plainText(view.next.title, 40), verb: view.next.verb, style: 'default', data: {} }] : []),
    ],
  });
}
