import template from './templates/action-catalogue.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** One input of an action beyond the target user, on its Start form. */
export interface CatalogueInputView {
  /** The input's id on the card (unique across the card, e.g. "updateProfile_field"). */
  id: string;
  label: string;
  placeholder?: string;
  /** A pick list instead of free text. */
  choices?: ReadonlyArray<{ title: string; value: string }>;
}

export interface CatalogueActionView {
  /** Sent back with the Start button; the server finds the action's flow from it and authorizes again. */
  actionId: string;
  title: string;
  description: string;
  /** "Low risk", "Medium risk", "High risk". */
  riskWords: string;
  /** "Needs a tenant admin's approval by default" or "No approval needed by default". */
  approvalWords: string;
  /** The target user's input id on the card. */
  userInputId: string;
  inputs: readonly CatalogueInputView[];
}

export interface ActionCatalogueView {
  groups: ReadonlyArray<{ title: string; actions: readonly CatalogueActionView[] }>;
  /** The viewer may run an action on many users at once: offer the bulk form. */
  bulk?: boolean;
}

/**
 * `actions`: the management actions the caller may run, grouped, each with what it does, its
 * risk and approval default, and a Start form asking for the user (and any other input). The
 * Start button sends only the action's id and the inputs; who may run it on whom is decided again
 * on the server when it is prepared.
 */
export function renderActionCatalogueCard(view: ActionCatalogueView): AdaptiveCardJson {
  const groups = view.groups
    .filter((group) => group.actions.length > 0)
    .map((group) => ({
      title: plainText(group.title, 60),
      actions: group.actions.map((action) => ({
        actionId: action.actionId,
        title: plainText(action.title, 60),
        description: plainText(action.description, 200),
        riskLine: `${action.riskWords} · ${action.approvalWords}`,
        startTitle: `${plainText(action.title, 40)}…`,
        continueTitle: 'Continue',
        verb: Verbs.actionsStart,
        userInputId: action.userInputId,
        choiceInputs: action.inputs
          .filter((input) => input.choices && input.choices.length > 0)
          .map((input) => ({ id: input.id, label: input.label, errorMessage: `Pick the ${input.label.toLowerCase()}.`, choices: input.choices ?? [] })),
        textInputs: action.inputs
          .filter((input) => !input.choices || input.choices.length === 0)
          .map((input) => ({ id: input.id, label: input.label, placeholder: input.placeholder ?? '', errorMessage: `Enter the ${input.label.toLowerCase()}.` })),
      })),
    }));
  return renderTemplate({
    intro: groups.length > 0 ? 'Pick an action and say who it is for. Nothing changes until you confirm on the next card.' : '',
    groups,
    empty: groups.length === 0,
    emptyText: 'You have no management actions. A tenant admin can grant you some with "grant operator".',
    bulk: Boolean(view.bulk) && groups.length > 0,
    bulkVerb: Verbs.bulkForm,
  });
}
