import template from './templates/error.json';
import { compileTemplate, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** An error shown to a user: words from the error catalogue, never a stack trace or payload. */
export interface ErrorView {
  title: string;
  message: string;
  nextStep?: string;
  /** Lets support find the log lines of the failed turn. */
  correlationId?: string;
}

export function renderErrorCard(view: ErrorView): AdaptiveCardJson {
  return renderTemplate({
    title: view.title,
    message: view.message,
    nextStep: view.nextStep ?? '',
    correlationId: view.correlationId ?? '',
    verbs: { help: Verbs.showHelp },
  });
}
