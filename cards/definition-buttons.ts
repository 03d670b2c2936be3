/**
 * The buttons of the reviewed-definition cards (custom actions, workflows): one place maps a
 * lifecycle step to its title, verb, style and data, so a kind's list, preview and history cards
 * offer the same words. A button carries only the definition's name and the version and revision
 * the card showed; the service reads everything else again and decides (the card only leaves
 * out buttons the viewer can't use).
 */
export type DefinitionButton = 'submit' | 'approve' | 'reject' | 'withdraw' | 'publish' | 'disable' | 'enable' | 'edit' | 'preview' | 'history';

/** The version and revision a card showed: an approval or an edit never covers content not seen. */
export interface DefinitionRefView {
  version: number;
  revision: number;
}

export interface ExpandedButton {
  title: string;
  verb: string;
  style: 'default' | 'positive' | 'destructive';
  data: Record<string, string | number>;
}

/** One kind's verbs and words for its buttons. */
export interface DefinitionCardLook {
  verbs: Readonly<Record<Exclude<DefinitionButton, 'withdraw' | 'edit'> | 'list' | 'define', string>>;
  /** What the preview button says: "Preview" (a request), "Review" (a workflow's steps). */
  previewTitle: string;
  /** "Back to custom actions". */
  backTitle: string;
}

/** Teams shows five buttons in a row; the rest would hide behind "…". The first five, in the order given. */
export const MAX_ROW_BUTTONS = 5;

export function expandDefinitionButtons(look: DefinitionCardLook, name: string, ref: DefinitionRefView | undefined, buttons: readonly DefinitionButton[], limit = MAX_ROW_BUTTONS): ExpandedButton[] {
  const { verbs } = look;
  const LOOK: Record<DefinitionButton, { title: string; verb: string; style: ExpandedButton['style'] }> = {
    submit: { title: 'Submit for approval', verb: verbs.submit, style: 'positive' },
    approve: { title: 'Approve', verb: verbs.approve, style: 'positive' },
    reject: { title: 'Reject', verb: verbs.reject, style: 'destructive' },
    withdraw: { title: 'Withdraw', verb: verbs.reject, style: 'default' },
    publish: { title: 'Publish', verb: verbs.publish, style: 'positive' },
    disable: { title: 'Disable', verb: verbs.disable, style: 'destructive' },
    enable: { title: 'Enable', verb: verbs.enable, style: 'positive' },
    edit: { title: 'Edit', verb: verbs.define, style: 'default' },
    preview: { title: look.previewTitle, verb: verbs.preview, style: 'default' },
    history: { title: 'History', verb: verbs.history, style: 'default' },
  };
  return buttons.slice(0, limit).map((button) => {
    const data: Record<string, string | number> = { name, ...(ref ? { version: ref.version, revision: ref.revision } : {}) };
    if (button === 'edit') data['step'] = 'edit';
    return { ...LOOK[button], data };
  });
}

/** "Back to custom actions": every end state offers it. */
export function definitionListButton(look: DefinitionCardLook, title = look.backTitle): ExpandedButton {
  return { title, verb: look.verbs.list, style: 'default', data: {} };
}
