import template from './templates/custom-action-history.json';
import { cardDateTime } from './card-words';
import { backToListButton, expandButtons } from './custom-action-buttons';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** One change of a custom action, already in words. */
export interface CustomActionHistoryEntryView {
  /** UTC ISO-8601; shown in the viewer's time zone. */
  at: string;
  /** The person, by name. */
  who: string;
  /** "Created version 1 as a draft", "Approved version 2". */
  what: string;
  /** What the definition change was, one line each. */
  changes: readonly string[];
  /** A reason or a flag (rejection reason, "self-approved …"). */
  note?: string;
}

/** Every change of one custom action, newest first: who, when, what. */
export interface CustomActionHistoryView {
  name: string;
  title: string;
  entries: readonly CustomActionHistoryEntryView[];
  /** Older changes than these exist (they are in the audit). */
  olderNotShown?: boolean;
}

export function renderCustomActionHistoryCard(view: CustomActionHistoryView): AdaptiveCardJson {
  const count = view.entries.length;
  return renderTemplate({
    title: `History: ${plainText(view.title, 80)}`,
    summary:
      count === 0
        ? 'No changes are recorded for this custom action.'
        : `${count === 1 ? '1 change' : `${count} changes`}, newest first.${view.olderNotShown ? ' Older ones are in the audit.' : ''}`,
    entries: view.entries.map((entry) => ({
      headline: `${plainText(entry.what, 200)}`,
      byline: `By ${plainText(entry.who, 160)} on ${cardDateTime(entry.at)}`,
      changes: entry.changes.slice(0, 30).map((change) => plainText(change, 300)),
      note: entry.note ? plainText(entry.note, 500) : '',
    })),
    actions: [...expandButtons(view.name, undefined, ['preview']), backToListButton()],
  });
}
