import template from './templates/access-denied.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** A refusal: why (the denial reason's words) and whom to ask, never the rule that decided it. */
export interface AccessDeniedView {
  /** The service's user-safe sentence for the denial code. */
  reason: string;
  /** Names of tenant admins who can help (from RoleService.whoCanHelp); a generic phrase when none is known. */
  whoCanHelp: readonly string[];
  correlationId?: string;
  title?: string;
}

const MAX_HELPERS = 3;

export function renderAccessDeniedCard(view: AccessDeniedView): AdaptiveCardJson {
  const helpers = view.whoCanHelp.slice(0, MAX_HELPERS).map((name) => plainText(name, 100));
  const askLine = helpers.length > 0 ? `If you need this, ask ${helpers.join(' or ')}.` : 'If you need this, ask a tenant admin of your organization.';
  return renderTemplate({
    title: view.title ?? "You can't do that",
    reason: plainText(view.reason, 300),
    askLine,
    correlationId: view.correlationId ?? '',
    verbs: { help: Verbs.showHelp },
  });
}
