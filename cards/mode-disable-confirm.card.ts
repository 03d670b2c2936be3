import type { CardFact } from './grant-confirmation.card';
import template from './templates/mode-disable-confirm.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * The confirmation before asking to disable advanced management (issue 5 §5). Its button only
 * says "confirmed"; the account, the role and the secret are read on the server when the
 * approved change runs, never from this card.
 */
export interface DisableConfirmView {
  /** The account and what goes with it, when one is recorded. */
  facts: readonly CardFact[];
}

const STEPS = [
  '1. turn the management session off;',
  '2. remove the directory role from the management account;',
  '3. delete the management account from Entra;',
  '4. delete its password from Key Vault (soft delete, recoverable for the vault retention period).',
];

export function renderDisableConfirmCard(view: DisableConfirmView): AdaptiveCardJson {
  return renderTemplate({
    steps: STEPS,
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    verbs: { confirm: Verbs.advancedDisableConfirm, cancel: Verbs.settingsOpen },
  });
}
