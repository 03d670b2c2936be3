/**
 * The progress card's throttle (DESIGN §7: about 7 messages a second per conversation): updates
 * are spaced, intermediate states are skipped, the last state always arrives, and a failed
 * update never stops the ones after it.
 */
import type { AdaptiveCardJson } from '../../cards';
import { CoalescingCardUpdater } from '../../dialogs/shared/coalescing-card-updater';
import { createLogger } from '../../services/logger';
import { MemoryLog } from '../support/memory-log';

const card = (n: number): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `state ${n}` }] });
const stateOf = (sent: AdaptiveCardJson): string => (sent.body as Array<{ text: string }>)[0]!.text;

/** A clock that only moves when the updater sleeps, so spacing is exact and the test instant. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let at = 1_000;
  const slept: number[] = [];
  return {
    now: () => at,
    slept,
    sleep: async (ms) => {
      slept.push(ms);
      at += ms;
    },
  };
}

describe('CoalescingCardUpdater', () => {
  const logger = createLogger({ level: 'warn', destination: new MemoryLog() });

  it('when ten states are pushed at once, then the card gets the first wait, then only the latest state', async () => {
    const time = fakeTime();
    const sent: string[] = [];
    const updater = new CoalescingCardUpdater(async (next) => void sent.push(stateOf(next)), logger, { minIntervalInMs: 300, ...time });
    for (let n = 1; n <= 10; n += 1) updater.push(card(n));
    await updater.flush();
    expect(sent).toEqual(['state 10']);
    // Even the first update waits: the invoke's own answer (the same card) must land first.
    expect(time.slept).toEqual([300]);
  });

  it('when states arrive while an update is in flight, then updates are at least the interval apart and the last state is sent last', async () => {
    const time = fakeTime();
    const sentAt: Array<{ state: string; at: number }> = [];
    let updater: CoalescingCardUpdater | undefined;
    let pushed = 1;
    const update = async (next: AdaptiveCardJson): Promise<void> => {
      sentAt.push({ state: stateOf(next), at: time.now() });
      // The work reports more progress while Teams is being called.
      if (pushed < 5) updater?.push(card(++pushed));
    };
    updater = new CoalescingCardUpdater(update, logger, { minIntervalInMs: 150, ...time });
    updater.push(card(1));
    await updater.flush();
    expect(sentAt.map((s) => s.state)).toEqual(['state 1', 'state 2', 'state 3', 'state 4', 'state 5']);
    for (let i = 1; i < sentAt.length; i += 1) expect(sentAt[i]!.at - sentAt[i - 1]!.at).toBeGreaterThanOrEqual(150);
  });

  it('when an update fails, then it is logged and the next state is still delivered', async () => {
    const time = fakeTime();
    const sent: string[] = [];
    let fail = true;
    const updater = new CoalescingCardUpdater(
      async (next) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('connector 502'), { code: 'NOTIFY.THROTTLED' });
        }
        sent.push(stateOf(next));
      },
      logger,
      { minIntervalInMs: 100, ...time },
    );
    updater.push(card(1));
    await updater.flush();
    updater.push(card(2));
    await updater.flush();
    expect(sent).toEqual(['state 2']);
  });

  it('when nothing is on screen yet (startImmediately), then the first state goes out without waiting', async () => {
    const time = fakeTime();
    const sent: string[] = [];
    const updater = new CoalescingCardUpdater(async (next) => void sent.push(stateOf(next)), logger, { minIntervalInMs: 300, startImmediately: true, ...time });
    updater.push(card(1));
    await updater.flush();
    expect(sent).toEqual(['state 1']);
    expect(time.slept).toEqual([]);
  });
});
