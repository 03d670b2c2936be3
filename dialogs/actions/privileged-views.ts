/**
 * Words for the privileged-target confirmation: the service says why a target is privileged
 * (reason kinds and role names), this turns each reason into the sentence the card shows.
 */
import { renderPrivilegedConfirmationCard, type AdaptiveCardJson } from '../../cards';
import type { PrivilegedConfirmationRequiredError, PrivilegedReason } from '../../services/access/privileged-target.service';
import type { ActionChatRow } from './action-rows';

/** Card data of the second Confirm: the person's intent only; the service decides everything else again. */
export const PRIVILEGED_CONFIRMED = 'confirmed';

const MAX_ROLE_NAMES = 3;

function listOf(names: readonly string[]): string {
  const shown = names.slice(0, MAX_ROLE_NAMES);
  const more = names.length - shown.length;
  const words = more > 0 ? [...shown, `${more} more role${more === 1 ? '' : 's'}`] : shown;
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) as string}`;
}

/** "This is your own account." / "Megan Bowen holds Global Administrator." / "Megan Bowen is listed as a break-glass account." */
export function privilegedReasonSentence(reason: PrivilegedReason, targetName: string): string {
  switch (reason.kind) {
    case 'self':
      return 'This is your own account.';
    case 'directoryRole':
      return `${targetName} holds ${listOf(reason.roleNames)}.`;
    case 'breakGlass':
      return `${targetName} is listed as a break-glass (emergency access) account.`;
  }
}

/** The second confirmation card for a privileged target. */
export function privilegedConfirmationCard(row: Pick<ActionChatRow, 'verb' | 'confirmTitle'>, required: PrivilegedConfirmationRequiredError): AdaptiveCardJson {
  const name = required.target.displayName || required.target.upn;
  return renderPrivilegedConfirmationCard({
    title: `${row.confirmTitle} for ${name}? Please confirm again`,
    reasons: required.reasons.map((reason) => privilegedReasonSentence(reason, name)),
    summary: `Confirming will ${row.confirmTitle.toLowerCase()} for ${name} (${required.target.upn}).`,
    verb: row.verb,
    pendingActionId: required.pendingActionId,
    confirmTitle: `Yes, ${row.confirmTitle.toLowerCase()}`,
  });
}
