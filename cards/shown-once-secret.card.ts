import template from './templates/shown-once-secret.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/**
 * A secret shown once (a temporary password), on the card that replaced the confirmation in the
 * operator's personal chat, or the same card with the secret hidden. The secret is a TextRun,
 * which Teams never reads as markdown, so every character shows as it is. "I've copied it" carries
 * only the card's server-side id.
 */
export interface ShownOnceSecretView {
  title: string;
  summary: string;
  facts: readonly CardFact[];
  /** e.g. "Temporary password". */
  secretLabel: string;
  /** Present while shown; absent on the redacted card. */
  secretValue?: string;
  /** While shown: when the card hides it, e.g. "Shown to you only. This card hides it in 10 minutes." */
  hideNote?: string;
  /** Once hidden: why, and what to do if it was lost. */
  hiddenNote?: string;
  verb: string;
  shownOnceCardId: string;
  correlationId?: string;
}

export function renderShownOnceSecretCard(view: ShownOnceSecretView): AdaptiveCardJson {
  const shown = view.secretValue !== undefined;
  return renderTemplate({
    title: plainText(view.title, 200),
    summary: plainText(view.summary, 600),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    shown,
    secretLabel: plainText(view.secretLabel, 60),
    // Not markdown-escaped: a TextRun shows its text literally, and the operator copies it as is.
    secretValue: view.secretValue ?? '',
    hideNote: plainText(view.hideNote ?? '', 300),
    hiddenNote: plainText(view.hiddenNote ?? '', 300),
    verb: view.verb,
    shownOnceCardId: view.shownOnceCardId,
    hasCorrelationId: Boolean(view.correlationId),
    correlationId: view.correlationId ?? '',
  });
}
