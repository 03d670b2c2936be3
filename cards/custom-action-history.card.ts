import { CUSTOM_ACTION_LOOK } from './custom-action-buttons';
import { renderDefinitionHistory, type DefinitionHistoryEntryView, type DefinitionHistoryView } from './definition-cards';
import type { AdaptiveCardJson } from './render-template';

/** One change of a custom action, already in words. */
export type CustomActionHistoryEntryView = DefinitionHistoryEntryView;

/** Every change of one custom action, newest first: who, when, what. */
export type CustomActionHistoryView = DefinitionHistoryView;

export function renderCustomActionHistoryCard(view: CustomActionHistoryView): AdaptiveCardJson {
  return renderDefinitionHistory(CUSTOM_ACTION_LOOK, 'custom action', view);
}
