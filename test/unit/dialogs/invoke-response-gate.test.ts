/**
 * The invoke-answer gate (issue 12, item 7): updates of a clicked card wait for the click's
 * answer, the answer carries the newest card, and an answer that never goes holds nothing back
 * for longer than the bounded wait.
 */
import { INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import {
  DEFAULT_INVOKE_ANSWER_WAIT_IN_MS,
  afterInvokeAnswer,
  followClickedCard,
  openInvokeAnswer,
  sendInvokeAnswer,
  setInvokeAnswerWait,
} from '../../../dialogs/shared/invoke-response-gate';
import type { AdaptiveCardJson } from '../../../cards';

const CARD = 'application/vnd.microsoft.card.adaptive';
const card = (title: string): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] });

let sequence = 0;
function clickTurn(overrides: Record<string, unknown> = {}): TurnContext & { answer(value: unknown): void } {
  sequence += 1;
  const turnState = new Map<unknown, unknown>();
  return {
    activity: { type: 'invoke', name: 'adaptiveCard/action', conversation: { id: `conv-${sequence}` }, replyToId: 'card-1', ...overrides },
    turnState,
    answer: (value: unknown) => turnState.set(INVOKE_RESPONSE_KEY, { type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: CARD, value } } }),
  } as unknown as TurnContext & { answer(value: unknown): void };
}
const answerOf = (turn: TurnContext) => (turn.turnState.get(INVOKE_RESPONSE_KEY) as { value: { body: { value: unknown } } }).value.body.value;
const tick = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => setInvokeAnswerWait(DEFAULT_INVOKE_ANSWER_WAIT_IN_MS));

describe('invoke-answer gate', () => {
  it('when a clicked card is updated before its answer has gone, then the update waits and the answer carries the newer card', async () => {
    const turn = clickTurn();
    openInvokeAnswer(turn);
    let updated = false;
    const update = afterInvokeAnswer(turn.activity.conversation.id, 'card-1', card('Done')).then(() => (updated = true));
    await tick();
    expect(updated).toBe(false);
    turn.answer(card('Working…'));
    sendInvokeAnswer(turn);
    expect(answerOf(turn)).toEqual(card('Done'));
    await update;
    expect(updated).toBe(true);
  });

  it('when a live card follows the clicked card, then the answer is its newest state', () => {
    const turn = clickTurn();
    openInvokeAnswer(turn);
    let latest = card('Step 2 of 4');
    followClickedCard(turn, () => latest);
    latest = card('Created');
    turn.answer(card('Step 1 of 4'));
    sendInvokeAnswer(turn);
    expect(answerOf(turn)).toEqual(card('Created'));
  });

  it('when nothing newer is known, then the step’s own answer stands', () => {
    const turn = clickTurn();
    openInvokeAnswer(turn);
    followClickedCard(turn, () => undefined);
    turn.answer(card('Answer'));
    sendInvokeAnswer(turn);
    expect(answerOf(turn)).toEqual(card('Answer'));
  });

  it('when the answer never goes (the turn hangs), then updates go after the bounded wait', async () => {
    setInvokeAnswerWait(30);
    const turn = clickTurn();
    openInvokeAnswer(turn);
    const started = Date.now();
    await afterInvokeAnswer(turn.activity.conversation.id, 'card-1', card('Done'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('when the update is of another card, or the turn is not a card click, then nothing waits', async () => {
    const turn = clickTurn();
    openInvokeAnswer(turn);
    await afterInvokeAnswer(turn.activity.conversation.id, 'other-card', card('x'));
    const message = clickTurn({ type: 'message', name: undefined });
    openInvokeAnswer(message);
    await afterInvokeAnswer(message.activity.conversation.id, 'card-1', card('x'));
    sendInvokeAnswer(turn);
  });
});
