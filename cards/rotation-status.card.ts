import type { CardFact } from './grant-confirmation.card';
import template from './templates/rotation-status.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/**
 * working: a rotation or a fresh password was started and runs on after this card;
 * done: it finished (a follow-up where no notice goes);
 * refused / failed: nothing started, or it failed, with a next step;
 * cancelled: the admin backed out of a confirmation.
 */
export type RotationStatusKind = 'working' | 'done' | 'refused' | 'failed' | 'cancelled';

/** The bot's direct answers about a rotation: the acknowledgement, refusals and follow-ups. Never a secret. */
export interface RotationStatusView {
  kind: RotationStatusKind;
  title: string;
  message: string;
  facts?: readonly CardFact[];
  nextStep?: string;
  reference?: string;
}

/** Green or yellow title text is hard to read; the container's style carries the tone. */
const LOOK: Record<RotationStatusKind, { style: string; color: string }> = {
  working: { style: 'emphasis', color: 'Accent' },
  done: { style: 'good', color: 'Default' },
  refused: { style: 'warning', color: 'Default' },
  failed: { style: 'attention', color: 'Attention' },
  cancelled: { style: 'emphasis', color: 'Default' },
};

export function renderRotationStatusCard(view: RotationStatusView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 120),
    style: LOOK[view.kind].style,
    color: LOOK[view.kind].color,
    message: plainText(view.message, 600),
    facts: (view.facts ?? []).map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    nextStep: view.nextStep ? plainText(view.nextStep, 400) : '',
    reference: view.reference ?? '',
  });
}
