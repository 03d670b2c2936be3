/**
 * Words and inputs of the `actions` catalogue card: the catalogue service says which actions a
 * person may run; this turns each into a card entry with its risk in words and a Start form whose
 * input ids are unique on the card (`<action>_user`, `<action>_field`, …). `startData` turns a
 * Start click back into the flow's data. Untrusted: the flow parses and the service judges it all.
 */
import type { CatalogueActionView, CatalogueInputView } from '../../cards';
import type { ActionRisk } from '../../services/actions/action-definition';
import type { CatalogueGroup } from '../../services/actions/action-catalogue.service';
import type { ActionChatRow } from './action-rows';

const RISK_WORDS: Record<ActionRisk, string> = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };

/** Labels and pick lists of the inputs rows declare; an input not listed here is free text named after itself. */
const INPUT_VIEWS: Readonly<Record<string, Omit<CatalogueInputView, 'id'>>> = {
  field: {
    label: 'Field',
    choices: [
      { title: 'Department', value: 'department' },
      { title: 'Job title', value: 'job title' },
      { title: 'Office', value: 'office' },
      { title: 'Mobile phone', value: 'mobile phone' },
      { title: 'Usage location', value: 'usage location' },
      { title: 'Manager', value: 'manager' },
    ],
  },
  value: { label: 'New value', placeholder: 'For a manager, their name or sign-in name; for usage location, a code such as US' },
  sku: { label: 'Licence', placeholder: 'Product name or code, for example E5 or SPE_E5' },
  group: { label: 'Group', placeholder: 'Group name, for example Sales Team' },
  lifetime: { label: 'Valid for', placeholder: '1 hour if empty; from 10 minutes to 30 days, for example 8 hours' },
  message: { label: 'Message', placeholder: 'For example: I am away until Monday. For urgent matters, email help@contoso.com.' },
};

/** Inputs a catalogue form never shows (picked on a later card). */
const HIDDEN_INPUTS = new Set(['groupId']);

/** "user.updateProfile" → "updateProfile": the prefix of the action's input ids on the card. */
export function inputPrefix(actionId: string): string {
  return actionId.replace(/^user\./, '').replace(/[^A-Za-z0-9]/g, '_');
}

export function catalogueGroupsView(groups: readonly CatalogueGroup[], rows: readonly ActionChatRow[]): Array<{ title: string; actions: CatalogueActionView[] }> {
  return groups.map((group) => ({
    title: group.category,
    actions: group.actions.flatMap((entry): CatalogueActionView[] => {
      const row = rows.find((candidate) => candidate.actionId === entry.id);
      // An action with no chat row has no flow to start yet; it is not offered.
      if (!row) return [];
      const prefix = inputPrefix(entry.id);
      return [
        {
          actionId: entry.id,
          title: entry.title,
          description: entry.description,
          riskWords: RISK_WORDS[entry.risk],
          approvalWords: entry.approvalRequired ? "Operators need a tenant admin's approval" : 'No approval needed',
          userInputId: `${prefix}_user`,
          inputs: (row.inputs ?? [])
            .filter((name) => !HIDDEN_INPUTS.has(name))
            .map((name) => ({ id: `${prefix}_${name}`, ...(INPUT_VIEWS[name] ?? { label: name }) })),
        },
      ];
    }),
  }));
}

/** A Start click's data as the action's flow reads it: `user` and the row's inputs, without the card's prefixes. */
export function startData(row: ActionChatRow, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const prefix = inputPrefix(row.actionId);
  const flowData: Record<string, unknown> = { user: data[`${prefix}_user`] };
  for (const name of row.inputs ?? []) {
    if (data[`${prefix}_${name}`] !== undefined) flowData[name] = data[`${prefix}_${name}`];
  }
  return flowData;
}
