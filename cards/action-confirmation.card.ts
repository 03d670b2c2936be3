import template from './templates/action-confirmation.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/**
 * "This is what will happen": the confirmation step of a management action. The buttons carry
 * only the pending action's id (held server-side with who, what and on whom); the verb never
 * reads the target or the actor from the card.
 */
export interface ActionConfirmationView {
  /** e.g. "Block sign-in for Adele Vance (adele@contoso.com)?" */
  title: string;
  facts: readonly CardFact[];
  consequences: readonly string[];
  /** e.g. "The management session was turned on automatically for this request." */
  note?: string;
  verb: string;
  pendingActionId: string;
  confirmTitle: string;
  destructive: boolean;
  /**
   * The person must first ask a tenant admin's approval: the main button asks for it (decision
   * `requestApproval`) instead of running, and the card says so.
   */
  askApproval?: boolean;
  /** Display-ready expiry of the confirmation. */
  expiresAt: string;
}

export function renderActionConfirmationCard(view: ActionConfirmationView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 200),
    hasNote: Boolean(view.note),
    note: view.note ? plainText(view.note, 300) : '',
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    consequences: view.consequences.slice(0, 6).map((line) => plainText(line, 300)),
    verb: view.verb,
    pendingActionId: view.pendingActionId,
    confirmTitle: view.askApproval ? 'Ask for approval' : plainText(view.confirmTitle, 40),
    confirmStyle: view.askApproval ? 'positive' : view.destructive ? 'destructive' : 'positive',
    decision: view.askApproval ? 'requestApproval' : 'confirm',
    footer: plainText(footerOf(view), 400),
    expiresAt: plainText(view.expiresAt, 60),
  });
}

function footerOf(view: ActionConfirmationView): string {
  if (view.askApproval) return `Nothing changes until a tenant admin approves. Once approved, you get a card to run it. You can ask until ${view.expiresAt}.`;
  return `Nothing changes until you select ${view.confirmTitle}. This confirmation expires at ${view.expiresAt}.`;
}
