import template from './templates/action-result.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export type ActionResultOutcome = 'done' | 'failed' | 'unknown' | 'in-progress' | 'cancelled';

/**
 * What a management action did, as the session's account: replaces the confirmation card. A
 * repeated or redelivered confirmation gets the same card from the stored answer.
 */
export interface ActionResultView {
  outcome: ActionResultOutcome;
  title: string;
  summary: string;
  /** e.g. "The management session was turned on automatically for this action." */
  note?: string;
  facts: readonly CardFact[];
  correlationId?: string;
}

const looks: Record<ActionResultOutcome, { style: string; color: string }> = {
  // Green or yellow title text is hard to read; the container's style carries the tone.
  done: { style: 'good', color: 'Default' },
  failed: { style: 'attention', color: 'Attention' },
  unknown: { style: 'warning', color: 'Default' },
  'in-progress': { style: 'emphasis', color: 'Accent' },
  cancelled: { style: 'emphasis', color: 'Default' },
};

export function renderActionResultCard(view: ActionResultView): AdaptiveCardJson {
  const look = looks[view.outcome];
  return renderTemplate({
    headerStyle: look.style,
    headerColor: look.color,
    title: plainText(view.title, 200),
    summary: plainText(view.summary, 600),
    hasNote: Boolean(view.note),
    note: view.note ? plainText(view.note, 300) : '',
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    hasCorrelationId: Boolean(view.correlationId),
    correlationId: view.correlationId ?? '',
  });
}
