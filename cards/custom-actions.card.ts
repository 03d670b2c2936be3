import template from './templates/custom-actions.json';
import { cardDateTime } from './card-words';
import { backToListButton, expandButtons, type CustomActionButton, type CustomActionRefView } from './custom-action-buttons';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export type { CustomActionButton, CustomActionRefView } from './custom-action-buttons';

/** One custom action on the `custom actions` card, already in words. */
export interface CustomActionRowView {
  /** The stable id (slug), e.g. set-cost-center: shown under the title, and the buttons' data. */
  name: string;
  title: string;
  /** "Published, version 2", "Waiting for a second admin's approval", "Draft", "Disabled, version 1". */
  state: string;
  /** A second line, e.g. "Version 3 is a draft." */
  detail?: string;
  /** Who changed it last, by name. */
  changedBy: string;
  /** UTC ISO-8601; shown in the viewer's time zone. */
  changedAt: string;
  /** The version and revision the buttons act on (the open version, else the live one). */
  ref?: CustomActionRefView;
  /** In the order shown; the viewer's next steps first. */
  buttons: readonly CustomActionButton[];
}

/** `custom actions`, for tenant admins: every custom action of the tenant, its state and the next steps. */
export interface CustomActionsView {
  rows: readonly CustomActionRowView[];
  /** What the last click did, or why it did nothing. */
  message?: { text: string; tone: 'good' | 'attention' };
  /** More actions than the card holds: how many are left out. */
  notShown?: number;
}

function summaryOf(view: CustomActionsView): string {
  const count = view.rows.length + (view.notShown ?? 0);
  if (count === 0) return 'Your organization has no custom actions yet. A custom action is a Graph request on one user or group that tenant admins define, a second tenant admin approves, and operators run inside their scope.';
  const shown = count === 1 ? '1 custom action' : `${count} custom actions`;
  return `${shown}. Each version needs a second tenant admin's approval before it can be published, and only a published version can be run.`;
}

export function renderCustomActionsCard(view: CustomActionsView): AdaptiveCardJson {
  return renderTemplate({
    summary: summaryOf(view),
    message: view.message ? plainText(view.message.text, 600) : '',
    messageStyle: view.message?.tone === 'attention' ? 'attention' : 'good',
    rows: view.rows.map((row) => ({
      title: plainText(row.title, 80),
      name: plainText(row.name, 64),
      state: plainText(row.state, 120),
      detail: row.detail ? plainText(row.detail, 300) : '',
      changed: `Last changed by ${plainText(row.changedBy, 160)} on ${cardDateTime(row.changedAt)}`,
      buttons: expandButtons(row.name, row.ref, row.buttons),
    })),
    notShown: view.notShown && view.notShown > 0 ? `${view.notShown} more ${view.notShown === 1 ? 'is' : 'are'} not shown here.` : '',
    actions: [
      { title: 'New custom action', verb: Verbs.customActionDefine, style: 'positive', data: { step: 'form' } },
      { ...backToListButton('Refresh'), data: { refresh: true } },
    ],
  });
}
