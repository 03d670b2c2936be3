import template from './templates/credentials-signing-in.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

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
  return renderTemplate({ title: plainText(view.title, 120), message: plainText(view.message, 400) });
}
