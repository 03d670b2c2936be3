import type { CardFact } from './grant-confirmation.card';
import template from './templates/rotation-force-reset.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * The confirmation before the guided recovery of a locked-out account (`force reset`). The
 * buttons carry a one-time confirmation id, used only so that a double click or a redelivered
 * invoke sets one fresh password; who may confirm is decided from the activity, never from it.
 */
export interface RotationForceResetView {
  accountUpn: string;
  /** "locked out since …" or "signs in normally": what the bot knows now. */
  accountState: string;
  secretName: string;
  confirmationId: string;
}

const STEPS = [
  '**1.** The bot generates a new password and stores it in Key Vault as a pending version.',
  '**2.** It sets that password on the account through its own app identity.',
  '**3.** It proves the password with a sign-in, and only then marks it current.',
];

export function renderRotationForceResetCard(view: RotationForceResetView): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'Account', value: plainText(view.accountUpn, 200) },
    { label: 'State', value: plainText(view.accountState, 200) },
    { label: 'Key Vault secret', value: plainText(view.secretName, 200) },
  ];
  return renderTemplate({
    intro: 'Use this when no password in Key Vault signs in as the management account any more (for example after a reset outside the bot). Management sessions need it to work again.',
    facts,
    steps: STEPS,
    verb: Verbs.rotationForceResetConfirm,
    confirmData: { decision: 'confirm', confirmationId: view.confirmationId },
    cancelData: { decision: 'cancel', confirmationId: view.confirmationId },
  });
}
