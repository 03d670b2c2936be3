import template from './templates/credentials-request.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * Default mode's sign-in form: the Global Admin's user name and a `password`-style input, with
 * the warning that MFA must be off. The card never carries a password in: the input starts
 * empty, and the bot answers the submit with a card that holds no input at all.
 */
export interface CredentialsRequestView {
  /** Prefilled user name (the requester's own UPN); never a password. */
  username?: string;
  /** Why the form is shown again, e.g. "Enter both the user name and the password." */
  problem?: string;
}

export function renderCredentialsRequestCard(view: CredentialsRequestView = {}): AdaptiveCardJson {
  return renderTemplate({
    username: view.username ?? '',
    hasProblem: Boolean(view.problem),
    problem: view.problem ? plainText(view.problem, 300) : '',
    verb: Verbs.sessionTurnOn,
  });
}
