/**
 * The buttons of the custom-action cards: one place maps a lifecycle step to its title, verb,
 * style and data, so the list, the preview and the history cards offer the same words. A button
 * carries only the action's name and the version and revision the card showed; the service reads
 * everything else again and decides (the card only leaves out buttons the viewer can't use).
 */
import { Verbs } from './verbs';

export type CustomActionButton = 'submit' | 'approve' | 'reject' | 'withdraw' | 'publish' | 'disable' | 'enable' | 'edit' | 'preview' | 'history';

/** The version and revision a card showed: an approval or an edit never covers content not seen. */
export interface CustomActionRefView {
  version: number;
  revision: number;
}

export interface ExpandedButton {
  title: string;
  verb: string;
  style: 'default' | 'positive' | 'destructive';
  data: Record<string, string | number>;
}

const LOOK: Record<CustomActionButton, { title: string; verb: string; style: ExpandedButton['style'] }> = {
  submit: { title: 'Submit for approval', verb: Verbs.customActionSubmit, style: 'positive' },
  approve: { title: 'Approve', verb: Verbs.customActionApprove, style: 'positive' },
  reject: { title: 'Reject', verb: Verbs.customActionReject, style: 'destructive' },
  withdraw: { title: 'Withdraw', verb: Verbs.customActionReject, style: 'default' },
  publish: { title: 'Publish', verb: Verbs.customActionPublish, style: 'positive' },
  disable: { title: 'Disable', verb: Verbs.customActionDisable, style: 'destructive' },
  enable: { title: 'Enable', verb: Verbs.customActionEnable, style: 'positive' },
  edit: { title: 'Edit', verb: Verbs.customActionDefine, style: 'default' },
  preview: { title: 'Preview', verb: Verbs.customActionPreview, style: 'default' },
  history: { title: 'History', verb: Verbs.customActionHistory, style: 'default' },
};

/** Teams shows five buttons in a row; the rest would hide behind "…". The first five, in the order given. */
export const MAX_ROW_BUTTONS = 5;

export function expandButtons(name: string, ref: CustomActionRefView | undefined, buttons: readonly CustomActionButton[], limit = MAX_ROW_BUTTONS): ExpandedButton[] {
  return buttons.slice(0, limit).map((button) => {
    const look = LOOK[button];
    const data: Record<string, string | number> = { name, ...(ref ? { version: ref.version, revision: ref.revision } : {}) };
    if (button === 'edit') data['step'] = 'edit';
    return { ...look, data };
  });
}

/** "Back to custom actions": every end state offers it. */
export function backToListButton(title = 'Back to custom actions'): ExpandedButton {
  return { title, verb: Verbs.customActionsList, style: 'default', data: {} };
}
