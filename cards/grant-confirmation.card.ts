import template from './templates/grant-confirmation.json';
import { cardDateTime } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export interface CardFact {
  label: string;
  value: string;
}

/**
 * "This is exactly what will change": the confirmation step of grant/revoke operator and
 * auditor. The buttons carry only a pending id plus echoes of tenant, requester and subject,
 * which the verb compares with what the server holds; the grant itself is never read from them.
 */
export interface GrantConfirmationView {
  title: string;
  intro: string;
  facts: readonly CardFact[];
  /** e.g. "This scope reaches users who hold admin roles." */
  warnings?: readonly string[];
  verb: string;
  confirmTitle: string;
  destructive?: boolean;
  /** When the pending confirmation stops being accepted (UTC ISO). */
  expiresAt: string;
  confirmData: Readonly<Record<string, string>>;
  cancelData: Readonly<Record<string, string>>;
}

export function renderGrantConfirmationCard(view: GrantConfirmationView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 120),
    intro: plainText(view.intro, 400),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 600) })),
    warnings: (view.warnings ?? []).map((warning) => plainText(warning, 300)),
    verb: view.verb,
    confirmTitle: plainText(view.confirmTitle, 40),
    confirmStyle: view.destructive ? 'destructive' : 'positive',
    expiresAt: cardDateTime(view.expiresAt),
    confirmData: { ...view.confirmData },
    cancelData: { ...view.cancelData },
  });
}
