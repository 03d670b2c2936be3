import type { CardFact } from './grant-confirmation.card';
import template from './templates/grant-result.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export type GrantOutcome = 'done' | 'cancelled' | 'unchanged' | 'failed';

/** What a confirmation (or a command without one) ended in, with a next step when something went wrong. */
export interface GrantResultView {
  outcome: GrantOutcome;
  title: string;
  message: string;
  facts?: readonly CardFact[];
  nextStep?: string;
  correlationId?: string;
}

/** Green title text is hard to read; the container's style carries the tone. */
const LOOK: Record<GrantOutcome, { style: string; color: string }> = {
  done: { style: 'good', color: 'Default' },
  cancelled: { style: 'emphasis', color: 'Default' },
  unchanged: { style: 'emphasis', color: 'Default' },
  failed: { style: 'attention', color: 'Attention' },
};

export function renderGrantResultCard(view: GrantResultView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 120),
    style: LOOK[view.outcome].style,
    color: LOOK[view.outcome].color,
    message: plainText(view.message, 500),
    facts: (view.facts ?? []).map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 600) })),
    nextStep: view.nextStep ? plainText(view.nextStep, 300) : '',
    correlationId: view.correlationId ?? '',
  });
}
