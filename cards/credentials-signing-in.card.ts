import template from './templates/credentials-signing-in.json';
import { expandTemplate, plainText, type AdaptiveCardJson } from './render-template';

/**
 * The card that replaces a submitted sign-in form (or a clicked action) while the work is still
 * running: it holds no input, so the password is gone from the conversation at once, and it is
 * updated in place with the outcome.
 */
export interface WorkInProgressView {
  title: string;
  message: string;
}

export function renderWorkInProgressCard(view: WorkInProgressView): AdaptiveCardJson {
  return expandTemplate(template, { title: plainText(view.title, 120), message: plainText(view.message, 400) });
}
