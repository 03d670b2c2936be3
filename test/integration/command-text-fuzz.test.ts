/**
 * Issue 11, ReDoS: adversarial chat text through the app's real command table. A guard against
 * super-linear matching, not a benchmark: the budget is generous (100 ms), while the inputs that
 * were quadratic took seconds. Inputs go up to the cap, just over it, and far beyond it.
 */
import { CommandRouter, MAX_COMMAND_TEXT_LENGTH, type IntentDefinition } from '../../bot/command-router';
import { startBotHarness, type BotHarness } from '../support/bot-harness';

const BUDGET_IN_MS = 100;
const LENGTHS = [MAX_COMMAND_TEXT_LENGTH - 1, MAX_COMMAND_TEXT_LENGTH, MAX_COMMAND_TEXT_LENGTH + 1, 10 * MAX_COMMAND_TEXT_LENGTH, 128 * 1024];

/** mulberry32: a small seeded PRNG, so a failure names an input that can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `prefix` + `unit` repeated + `suffix`, cut to exactly `length` characters (the suffix kept when it fits). */
function shaped(length: number, unit: string, prefix = '', suffix = ''): string {
  const middle = Math.max(0, length - prefix.length - suffix.length);
  return `${prefix}${unit.repeat(Math.ceil(middle / unit.length)).slice(0, middle)}${suffix}`.slice(0, length);
}

/** Families of text that made (or could make) a backtracking matcher re-scan what it read. */
const FAMILIES: ReadonlyArray<[string, (length: number) => string]> = [
  ['dots between two words', (n) => shaped(n, '.', 'a', 'a')],
  ['mixed punctuation before a word', (n) => shaped(n, '!?;:,. ', '', 'x')],
  ['commas and spaces after a command', (n) => shaped(n, ', ', 'status', 'x')],
  ['<at> tags without a closing tag', (n) => shaped(n, '<at>')],
  ['unclosed <at openings', (n) => shaped(n, '<at x')],
  ['closing </at> tags only', (n) => shaped(n, '</at>')],
  ['mentions around a command', (n) => shaped(n, '<at>Management Session Bot</at> ', '', 'status')],
  ['"<" without ">"', (n) => shaped(n, '<')],
  ['nested angle brackets', (n) => `${'<'.repeat(Math.floor(n / 2))}${'>'.repeat(n - Math.floor(n / 2))}`],
  ['nested mixed brackets', (n) => shaped(n, '<[{("\'')],
  ['entities', (n) => shaped(n, '&nbsp;&amp;&lt;')],
  ['spaces between two words', (n) => shaped(n, ' ', 'help', 'x')],
  ['tabs and newlines', (n) => shaped(n, '\t\n \r', 'status', 'x')],
  ['politeness', (n) => shaped(n, 'please ', '', 'status')],
  ['trailing thanks', (n) => shaped(n, ', thanks', 'status')],
  ['grant with " scope " repeated and no actions', (n) => shaped(n, 'x scope ', 'grant operator ')],
  ['grant with " scope actions " repeated', (n) => shaped(n, 'scope actions ', 'grant operator ', 'x')],
  ['a long grant argument', (n) => shaped(n, 'adele@contoso.com, ', 'grant operator ', ' scope all users actions reset-password')],
  ['sign out with "everywhere" repeated', (n) => shaped(n, 'everywhere ', 'sign out ', 'x')],
  ['use with "mode" repeated', (n) => shaped(n, 'mode ', 'use ', 'x')],
  ['block sign-in with "for" repeated', (n) => shaped(n, 'for ', 'block sign-in ')],
  ['switch to with a long mode', (n) => shaped(n, 'to ', 'switch the management type to ')],
  ['export audit with a long tail', (n) => shaped(n, ' from 2025-01-01', 'export the audit log')],
  ['approval policy with a long tail', (n) => shaped(n, 'to ', 'set the approval policy to ')],
  ['auto-enable look-alikes', (n) => shaped(n, 'auto-enable ', 'turn ', 'onn')],
];

const TOKENS = ['<', '>', '<at>', '</at>', '<AT id="1">', '</p>', '.', ',', '!', '?', ' ', '  ', '\t', '&nbsp;', '&amp;', 'please ', 'thanks', 'grant operator ', ' scope ', ' actions ', 'everywhere', ' for ', 'mode ', 'status', 'x', '"', "'", '\u2019', '[', '{', '('];

function randomText(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += TOKENS[Math.floor(random() * TOKENS.length)] as string;
  return text.slice(0, length);
}

describe('command routing on adversarial text, with the real command table', () => {
  let harness: BotHarness;
  let router: CommandRouter;

  beforeAll(async () => {
    harness = await startBotHarness({ env: { LOG_LEVEL: 'silent' } });
    // A router over the app's own command table, every feature's rows as the composition root wired them.
    router = new CommandRouter<IntentDefinition>(harness.app.commands);
    expect(router.list().length).toBeGreaterThan(10);
    // Compile and warm up the engine once, so the first timed input does not pay for it.
    router.route('warm up');
  });
  afterAll(async () => {
    await harness.close();
  });

  function expectAnsweredInTime(text: string): void {
    const started = performance.now();
    const route = router.route(text);
    const elapsedInMs = performance.now() - started;

    expect({ length: text.length, elapsedInMs: Math.round(elapsedInMs), withinBudget: elapsedInMs < BUDGET_IN_MS }).toEqual({
      length: text.length,
      elapsedInMs: expect.any(Number),
      withinBudget: true,
    });
    expect(route.kind).toEqual(text.length > MAX_COMMAND_TEXT_LENGTH ? 'too-long' : expect.stringMatching(/^(intent|unknown)$/));
  }

  describe.each(FAMILIES)('%s', (_family, make) => {
    it.each(LENGTHS)(`when the text has %i characters, then it is answered within ${BUDGET_IN_MS} ms`, (length) => {
      const text = make(length);
      expect(text).toHaveLength(length);
      expectAnsweredInTime(text);
    });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(`when the text is random tokens (seed %i) at every length, then each is answered within ${BUDGET_IN_MS} ms`, (seed) => {
    const random = seededRandom(seed);
    for (const length of [...LENGTHS, 50, 500, 1_500]) expectAnsweredInTime(randomText(random, length));
  });
});
