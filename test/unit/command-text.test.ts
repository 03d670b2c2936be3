import { cleanCommandText, coreCommandText } from '../../dialogs/command-text';

/** Generous: the quadratic cleaning took 1.5–19.7 s on these; linear cleaning takes a few ms. */
const BUDGET_IN_MS = 100;

function timed<T>(work: () => T): { result: T; elapsedInMs: number } {
  const started = performance.now();
  const result = work();
  return { result, elapsedInMs: performance.now() - started };
}

describe('command text cleaning', () => {
  it.each([
    ['<at>Management Session Bot</at> help', 'help'],
    ['<p><at id="0">Bot</at>&nbsp;show&amp;tell</p>', 'show&tell'],
    ['<AT>Bot</AT> status', 'status'],
    ['<attr>x</attr> status', 'x status'],
    ['<at>unclosed mention status', 'unclosed mention status'],
    ['a <> b', 'a <> b'],
    ['a < b', 'a < b'],
    ['What\u2019s \u201Cthis\u201D', 'What\'s "this"'],
    ['  lots \t of\n space  ', 'lots of space'],
  ])('when Teams sends %j, then the cleaned text is %j', (raw, cleaned) => {
    expect(cleanCommandText(raw)).toBe(cleaned);
  });

  it.each([
    ['Please, show status?', 'show status'],
    ['hey bot, can you show status please', 'show status'],
    ['okay, status', 'status'],
    ['ok status, thanks', 'status'],
    ['status thank you!', 'status'],
    ['...status...', 'status'],
    ['please', 'please'],
    ['pleased to meet you', 'pleased to meet you'],
    ['botany', 'botany'],
    ['?', ''],
  ])('when the cleaned text is %j, then the core text is %j', (cleaned, core) => {
    expect(coreCommandText(cleaned)).toBe(core);
  });

  // The inputs of the issue-11 report, each of which blocked the whole process for seconds.
  it.each([
    ['"a", 80,000 dots, "a" (19.7 s before)', `a${'.'.repeat(80_000)}a`],
    ['128 KB of "grant operator " (1.5 s before)', 'grant operator '.repeat(Math.ceil((128 * 1024) / 15))],
    ['32k <at> tags without a closing tag (1.7 s before)', '<at>'.repeat(32_000)],
    ['32k unclosed "<at x" openings', '<at x'.repeat(32_000)],
    ['100k "<" without ">"', '<'.repeat(100_000)],
    ['50k ", " between two words', `status${', '.repeat(50_000)}x`],
    ['20k "please "', 'please '.repeat(20_000)],
  ])('when the text is %s, then cleaning it takes well under 100 ms', (_name, raw) => {
    const { elapsedInMs } = timed(() => coreCommandText(cleanCommandText(raw)));
    expect(elapsedInMs).toBeLessThan(BUDGET_IN_MS);
  });
});
