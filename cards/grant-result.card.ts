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

const COLORS: Record<GrantOutcome, string> = { done: 'Good', cancelled: 'Default', unchanged: 'Default', failed: 'Attention' };

export function renderGrantResultCard(view: GrantResultView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 120),
    color: COLORS[view.outcome],
    message: plainText(view.message, 500),
    facts: (view.facts ?? []).map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 600) })),
    nextStep: view.nextStep ? plainText(view.nextStep, 300) : '',
    correlationId: view.correlationId ?? '',
  });
}
