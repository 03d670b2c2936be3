/**
 * Inputs of an action beyond its target (the group of "add to group"), from a command's
 * arguments or a card's data, and the choice card shown when a typed group name matches
 * several groups. Untrusted text: the service resolves and judges every value again.
 */
import { renderSessionProblemCard, type AdaptiveCardJson } from '../../cards';
import type { ActionError } from '../../services/actions/action-errors';
import type { ActionChatRow } from './action-rows';

const MAX_INPUT_LENGTH = 256;
const MAX_CHOICES = 5;

/** The row's inputs that are present, as trimmed strings. */
export function inputsOf(row: Pick<ActionChatRow, 'inputs'>, data: Readonly<Record<string, unknown>>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const name of row.inputs ?? []) {
    const value = data[name];
    if (typeof value === 'string' && value.trim() !== '') inputs[name] = value.replace(/\s+/g, ' ').trim().slice(0, MAX_INPUT_LENGTH);
  }
  return inputs;
}

/** "More than one group matches": a button per group, each preparing the action again with that group's id. */
export function groupChoiceCard(row: Pick<ActionChatRow, 'verb' | 'confirmTitle'>, user: string, error: ActionError, correlationId: string): AdaptiveCardJson {
  const candidates = (error.details.groupCandidates ?? []).slice(0, MAX_CHOICES);
  return renderSessionProblemCard({
    title: 'More than one group matches',
    tone: 'warning',
    message: error.userMessage,
    nextStep: candidates.length < (error.details.groupCandidates ?? []).length ? 'Not the one? Run the command again with more of the group\'s name.' : 'Pick one; nothing changes until you confirm on the next card.',
    facts: candidates.map((group) => ({ label: group.displayName, value: group.description ?? 'Group' })),
    buttons: candidates.map((group) => ({ title: group.displayName, verb: row.verb, data: { decision: 'pick', user, groupId: group.groupId } })),
    correlationId,
  });
}
