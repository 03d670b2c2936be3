import { CUSTOM_ACTION_LOOK } from './custom-action-buttons';
import { renderDefinitionList, type DefinitionListView, type DefinitionRowView } from './definition-cards';
import type { AdaptiveCardJson } from './render-template';

export type { CustomActionButton, CustomActionRefView } from './custom-action-buttons';

/** One custom action on the `custom actions` card, already in words (states, people by name). */
export type CustomActionRowView = DefinitionRowView;

/** `custom actions`, for tenant admins: every custom action of the tenant, its state and the next steps. */
export type CustomActionsView = DefinitionListView;

function summaryOf(count: number): string {
  if (count === 0) return 'Your organization has no custom actions yet. A custom action is a Graph request on one user or group that tenant admins define, a second tenant admin approves, and operators run inside their scope.';
  const shown = count === 1 ? '1 custom action' : `${count} custom actions`;
  return `${shown}. Each version needs a second tenant admin's approval before it can be published, and only a published version can be run.`;
}

export function renderCustomActionsCard(view: CustomActionsView): AdaptiveCardJson {
  return renderDefinitionList(CUSTOM_ACTION_LOOK, { heading: 'Custom actions', summary: summaryOf, newTitle: 'New custom action' }, view);
}
