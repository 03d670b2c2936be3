import template from './templates/privileged-confirmation.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/**
 * The second confirmation of a management action on a privileged account (yourself, a holder
 * of a directory role, a break-glass account): it names why, and its Confirm is the only way
 * the action runs. Like the first confirmation, the buttons carry only the pending action's id;
 * the service decides again, from the directory, whether the target is privileged.
 */
export interface PrivilegedConfirmationView {
  /** e.g. "Block sign-in for Megan Bowen? Confirm again" */
  title: string;
  /** One sentence per reason: "Megan Bowen holds Global Administrator." */
  reasons: readonly string[];
  /** What confirming does: "Block sign-in for Megan Bowen (megan.bowen@contoso.test)." */
  summary: string;
  verb: string;
  pendingActionId: string;
  /** e.g. "Yes, block sign-in" */
  confirmTitle: string;
}

export function renderPrivilegedConfirmationCard(view: PrivilegedConfirmationView): AdaptiveCardJson {
  return renderTemplate({
    title: plainText(view.title, 200),
    reasons: view.reasons.slice(0, 4).map((line) => plainText(line, 300)),
    summary: plainText(view.summary, 300),
    verb: view.verb,
    pendingActionId: view.pendingActionId,
    confirmTitle: plainText(view.confirmTitle, 40),
  });
}
