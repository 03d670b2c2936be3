import template from './templates/bulk-start.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * `bulk action`: the form that starts a bulk action from a pasted list, a department or a group.
 * Review prepares it exactly as the typed command would; the service judges every user.
 */
export interface BulkStartView {
  /** The bulk actions the viewer may run, first one preselected. */
  actions: ReadonlyArray<{ actionId: string; title: string }>;
}

export function renderBulkStartCard(view: BulkStartView): AdaptiveCardJson {
  return renderTemplate({
    firstActionId: view.actions[0]?.actionId ?? '',
    actions: view.actions.map((action) => ({ actionId: action.actionId, title: plainText(action.title, 80) })),
    verb: Verbs.bulkPrepare,
  });
}
