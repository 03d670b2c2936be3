/**
 * Invoke answers never go stale (issue 12).
 *
 * An `Action.Execute` click is answered in the invoke's HTTP response, and Teams applies that
 * answer to the clicked card when it arrives. Work started by the click may update the same card
 * in the background (a live progress card, a slow action's result). If such an update went out
 * before the invoke's answer, the client would apply the update and then the older answer, and
 * end on a stale card for good.
 *
 * So, per invoke turn on a clicked card:
 * - updates of that card (by activity id, in that conversation) wait until the turn's answer has
 *   gone (`afterInvokeAnswer`), or a bounded time when it never goes (the turn hangs);
 * - the answer is the newest card at the moment it is sent: a live card that follows the clicked
 *   card (`followClickedCard`), else the newest update waiting to go, else the step's own card.
 *
 * The composition of a turn calls `openInvokeAnswer` when the turn begins and `sendInvokeAnswer`
 * when it has ended (bot/management-bot.ts); nothing else needs to know.
 */
import { INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';

/** How long an update waits for an answer that never goes (the turn hung or the process is stopping). */
export const DEFAULT_INVOKE_ANSWER_WAIT_IN_MS = 10_000;

const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

interface PendingAnswer {
  readonly sent: Promise<void>;
  release(): void;
  /** The newest card for the clicked message, newest follower first. */
  followers: Array<() => AdaptiveCardJson | undefined>;
  waitingCard: AdaptiveCardJson | undefined;
}

const TURN_KEY = Symbol('invokeAnswer');
const pending = new Map<string, PendingAnswer>();
let maxWaitInMs = DEFAULT_INVOKE_ANSWER_WAIT_IN_MS;

/** For tests: how long an update waits for an answer that never goes. */
export function setInvokeAnswerWait(ms: number): void {
  maxWaitInMs = ms;
}

function keyOf(conversationId: string | undefined, activityId: string | undefined): string | undefined {
  return conversationId && activityId ? `${conversationId}\u0000${activityId}` : undefined;
}

function clickedKeyOf(turn: TurnContext): string | undefined {
  if (turn.activity.type !== 'invoke' || turn.activity.name !== 'adaptiveCard/action') return undefined;
  return keyOf(turn.activity.conversation?.id, turn.activity.replyToId);
}

/** Called when an invoke turn begins: updates of the clicked card wait for this turn's answer. */
export function openInvokeAnswer(turn: TurnContext): void {
  const key = clickedKeyOf(turn);
  if (!key || turn.turnState.get(TURN_KEY)) return;
  let release!: () => void;
  const sent = new Promise<void>((resolve) => (release = resolve));
  // Two clicks on one card in flight: an update waits for both answers.
  const before = pending.get(key);
  const entry: PendingAnswer = { sent: before ? Promise.all([before.sent, sent]).then(() => undefined) : sent, release, followers: [], waitingCard: undefined };
  pending.set(key, entry);
  const timer = setTimeout(() => release(), maxWaitInMs);
  timer.unref?.();
  void sent.then(() => {
    clearTimeout(timer);
    if (pending.get(key) === entry) pending.delete(key);
  });
  turn.turnState.set(TURN_KEY, { key, entry });
}

/**
 * Called when the invoke turn has ended: the answer becomes the newest card for the clicked
 * message, and updates of it may go once the adapter has written the answer (it does so right
 * after the turn's logic returns, before the next macrotask). A turn that failed before it had
 * an answer is answered by the turn error handler later: then the HTTP edge releases the updates
 * once that answer is written (`releaseInvokeAnswer`), or the bounded wait does.
 */
export function sendInvokeAnswer(turn: TurnContext): void {
  const state = turn.turnState.get(TURN_KEY) as { key: string; entry: PendingAnswer } | undefined;
  if (!state) return;
  const answer = turn.turnState.get(INVOKE_RESPONSE_KEY) as { value?: { status?: number; body?: { statusCode?: number; type?: string; value?: unknown } } } | undefined;
  if (!answer) return;
  try {
    const newest = state.entry.followers.map((latest) => latest()).find((card) => card !== undefined) ?? state.entry.waitingCard;
    const body = answer.value?.body;
    if (newest && body && body.type === ADAPTIVE_CARD_CONTENT_TYPE && (answer.value?.status ?? 200) === 200) body.value = newest;
  } finally {
    setImmediate(() => state.entry.release());
  }
}

/** Called by the HTTP edge once the adapter has written the turn's response: updates of the clicked card may go. */
export function releaseInvokeAnswer(turn: TurnContext): void {
  let state: { key: string; entry: PendingAnswer } | undefined;
  try {
    state = turn.turnState.get(TURN_KEY) as typeof state;
  } catch {
    return;
  }
  state?.entry.release();
}

/** A live card on the clicked message: its newest state is what the click is answered with. */
export function followClickedCard(turn: TurnContext, latest: () => AdaptiveCardJson | undefined): void {
  let state: { key: string; entry: PendingAnswer } | undefined;
  try {
    state = turn.turnState.get(TURN_KEY) as typeof state;
  } catch {
    return; // the turn has ended (its context is revoked): its answer has gone already
  }
  state?.entry.followers.unshift(latest);
}

/**
 * Waits, before a card update of `activityId` goes out, until no invoke answer for that card is
 * still to be sent. The card waiting is remembered so that the answer can carry it instead.
 */
export async function afterInvokeAnswer(conversationId: string | undefined, activityId: string, card: AdaptiveCardJson): Promise<void> {
  const key = keyOf(conversationId, activityId);
  const entry = key ? pending.get(key) : undefined;
  if (!entry) return;
  entry.waitingCard = card;
  await entry.sent;
}
