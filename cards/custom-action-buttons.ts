/**
 * The buttons of the custom-action cards: the reviewed definitions' buttons (definition-buttons.ts)
 * with the custom actions' verbs, so the list, the preview and the history cards offer the same words.
 */
import { definitionListButton, expandDefinitionButtons, MAX_ROW_BUTTONS, type DefinitionButton, type DefinitionCardLook, type DefinitionRefView, type ExpandedButton } from './definition-buttons';
import { Verbs } from './verbs';

export { MAX_ROW_BUTTONS, type ExpandedButton } from './definition-buttons';
export type CustomActionButton = DefinitionButton;
export type CustomActionRefView = DefinitionRefView;

export const CUSTOM_ACTION_LOOK: DefinitionCardLook = {
  verbs: {
    list: Verbs.customActionsList,
    define: Verbs.customActionDefine,
    submit: Verbs.customActionSubmit,
    approve: Verbs.customActionApprove,
    reject: Verbs.customActionReject,
    publish: Verbs.customActionPublish,
    disable: Verbs.customActionDisable,
    enable: Verbs.customActionEnable,
    preview: Verbs.customActionPreview,
    history: Verbs.customActionHistory,
  },
  previewTitle: 'Preview',
  backTitle: 'Back to custom actions',
};

export function expandButtons(name: string, ref: CustomActionRefView | undefined, buttons: readonly CustomActionButton[], limit = MAX_ROW_BUTTONS): ExpandedButton[] {
  return expandDefinitionButtons(CUSTOM_ACTION_LOOK, name, ref, buttons, limit);
}

/** "Back to custom actions": every end state offers it. */
export function backToListButton(title?: string): ExpandedButton {
  return definitionListButton(CUSTOM_ACTION_LOOK, title);
}
