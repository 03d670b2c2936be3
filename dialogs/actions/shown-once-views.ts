/**
 * The card of a secret shown once (reset password's temporary password) and its redacted form.
 * The secret goes on the result card of the delivery that ran the action, in the operator's
 * personal chat; the card is recorded (its address and due time, never the secret) so the bot
 * hides it in place after the set time, or at once when "I've copied it" is clicked.
 */
import { renderShownOnceSecretCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../cards';
import type { ExecuteResult } from '../../services/actions/management-action.service';
import type { ShownOnceCard } from '../../services/actions/shown-once-card.repository.port';
import type { NewShownOnceCard, ShownOnceCardsService } from '../../services/actions/shown-once-cards.service';
import { shownOnceWording } from './shown-once-wording';

export type ShownOnceCardRecorder = Pick<ShownOnceCardsService, 'record' | 'redactAfterInMs'>;

export type RedactionReason = 'copied' | 'timer';

const HIDDEN_NOTES: Record<RedactionReason, string> = {
  copied: 'You said you copied it, so it was hidden.',
  timer: 'It was hidden automatically.',
};

/** "10 minutes", "1 minute", "30 seconds". */
export function durationWords(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Records the card for redaction and renders it with the secret. */
export function shownOnceResultCard(
  result: ExecuteResult,
  recorder: ShownOnceCardRecorder,
  where: Pick<NewShownOnceCard, 'tenantId' | 'actorUserId' | 'conversationId' | 'activityId'>,
): AdaptiveCardJson {
  const secret = result.shownOnce as NonNullable<ExecuteResult['shownOnce']>;
  const recorded = recorder.record({
    ...where,
    pendingActionId: result.pendingActionId,
    title: result.title,
    targetUpn: result.target.upn,
    targetDisplayName: result.target.displayName,
  });
  const facts: CardFact[] = [{ label: 'User', value: `${result.target.displayName} (${result.target.upn})` }];
  if (result.principal) facts.push({ label: 'Run as', value: result.principal.userPrincipalName });
  const wording = shownOnceWording(result.title);
  return renderShownOnceSecretCard({
    title: `Done: ${result.title}`,
    summary: wording.shown(result.target.displayName),
    facts,
    secretLabel: secret.label,
    secretValue: secret.value,
    hideNote: `Shown once, to you only. This card hides it in ${durationWords(recorder.redactAfterInMs)}, or as soon as you select I've copied it.`,
    verb: Verbs.shownOnceRedact,
    shownOnceCardId: recorded.id,
    correlationId: result.correlationId,
  });
}

/** The same card with the secret hidden: what "I've copied it" answers with and what the timer puts in place. */
export function redactedShownOnceCard(card: Pick<ShownOnceCard, 'id' | 'title' | 'targetUpn' | 'targetDisplayName'>, reason: RedactionReason): AdaptiveCardJson {
  const wording = shownOnceWording(card.title);
  return renderShownOnceSecretCard({
    title: `Done: ${card.title}`,
    summary: wording.hidden(card.targetDisplayName),
    facts: [{ label: 'User', value: `${card.targetDisplayName} (${card.targetUpn})` }],
    secretLabel: wording.secretLabel,
    hiddenNote: `${HIDDEN_NOTES[reason]} ${wording.ifLost}`,
    verb: Verbs.shownOnceRedact,
    shownOnceCardId: card.id,
  });
}
