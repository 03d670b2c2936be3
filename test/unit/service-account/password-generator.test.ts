import { randomBytes, randomInt } from 'node:crypto';
import {
  MIN_PASSWORD_LENGTH,
  PASSWORD_CHARACTER_CLASSES,
  PasswordGenerator,
  PasswordPolicyError,
  classOfPasswordCharacter,
  type PasswordCharacterClass,
  type RandomIntSource,
} from '../../../services/service-account/password-generator';

const CLASSES = Object.keys(PASSWORD_CHARACTER_CLASSES) as PasswordCharacterClass[];
const ALPHABET_SIZE = Object.values(PASSWORD_CHARACTER_CLASSES).join('').length;
const DRAWS = 100_000;
const LENGTH = 16;
/**
 * Five binomial standard deviations: a correct generator exceeds it in one cell with
 * probability ~6e-7, so over the ~150 cells checked a false alarm is ~1e-4 per run, while a
 * bias of a few percent in any cell lands far outside it at n = 100k.
 */
const MAX_Z = 5;
/** Upper 1e-6 tail of chi-square with 3 degrees of freedom (four classes). */
const CHI_SQUARE_3DF = 30;

function zScore(observed: number, trials: number, p: number): number {
  return (observed - trials * p) / Math.sqrt(trials * p * (1 - p));
}

interface Tally {
  draws: number;
  classAtPosition: Array<Record<PasswordCharacterClass, number>>;
  characterCounts: Map<string, number>;
  elapsedInMs: number;
}

const CLASS_OF = new Map<string, PasswordCharacterClass>(
  CLASSES.flatMap((cls) => [...PASSWORD_CHARACTER_CLASSES[cls]].map((c) => [c, cls] as const)),
);

function tally(generate: () => string, draws: number): Tally {
  const classAtPosition = Array.from({ length: LENGTH }, () => ({ upper: 0, lower: 0, digit: 0, special: 0 }));
  const characterCounts = new Map<string, number>();
  const started = Date.now();
  for (let draw = 0; draw < draws; draw += 1) {
    const password = generate();
    for (let position = 0; position < LENGTH; position += 1) {
      const character = password.charAt(position);
      const cls = CLASS_OF.get(character);
      if (!cls) throw new Error(`unexpected character code ${character.charCodeAt(0)}`);
      classAtPosition[position]![cls] += 1;
      characterCounts.set(character, (characterCounts.get(character) ?? 0) + 1);
    }
  }
  return { draws, classAtPosition, characterCounts, elapsedInMs: Date.now() - started };
}

/**
 * Every way a tally departs from an unbiased generator. With one forced character per class
 * plus (L − 4) uniform picks and an unbiased shuffle, every position sees class c with
 * p = (1 + (L − 4)·|c|/|alphabet|) / L, and within a class every character is equally likely.
 */
function violations(t: Tally): string[] {
  const found: string[] = [];
  for (let position = 0; position < LENGTH; position += 1) {
    let chiSquare = 0;
    for (const cls of CLASSES) {
      const p = (1 + ((LENGTH - 4) * PASSWORD_CHARACTER_CLASSES[cls].length) / ALPHABET_SIZE) / LENGTH;
      const observed = t.classAtPosition[position]![cls];
      const z = zScore(observed, t.draws, p);
      if (Math.abs(z) >= MAX_Z) found.push(`position ${position} class ${cls}: z=${z.toFixed(1)}`);
      chiSquare += (observed - t.draws * p) ** 2 / (t.draws * p);
    }
    if (chiSquare >= CHI_SQUARE_3DF) found.push(`position ${position}: chi-square ${chiSquare.toFixed(1)}`);
  }
  for (const cls of CLASSES) {
    const set = PASSWORD_CHARACTER_CLASSES[cls];
    const counts = [...set].map((character) => t.characterCounts.get(character) ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    counts.forEach((count, index) => {
      if (count === 0) found.push(`character #${index} of ${cls} never drawn`);
      const z = zScore(count, total, 1 / set.length);
      if (Math.abs(z) >= MAX_Z) found.push(`character #${index} of ${cls}: z=${z.toFixed(1)}`);
    });
  }
  return found;
}

describe('PasswordGenerator', () => {
  it('when asked for fewer than 16 characters (or a fraction, or over 256), then it refuses', () => {
    expect(() => new PasswordGenerator({ length: 15 })).toThrow(PasswordPolicyError);
    expect(() => new PasswordGenerator({ length: 16.5 })).toThrow(PasswordPolicyError);
    expect(() => new PasswordGenerator({ length: 257 })).toThrow(PasswordPolicyError);
    expect(new PasswordGenerator({ length: 16 }).length).toBe(16);
    expect(new PasswordGenerator().length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
  });

  it('when a length is configured, then every password has that length and every class', () => {
    for (const length of [16, 17, 24, 64, 256]) {
      const generator = new PasswordGenerator({ length });
      for (let i = 0; i < 200; i += 1) {
        const password = generator.generate();
        expect(password).toHaveLength(length);
        expect(new Set([...password].map((c) => classOfPasswordCharacter(c)))).toEqual(new Set(CLASSES));
      }
    }
  });

  it('when the random source is recorded, then every draw is randomInt(n) over the full range', () => {
    const bounds: number[] = [];
    new PasswordGenerator({ length: 16, randomIntSource: (max) => (bounds.push(max), max - 1) }).generate();
    // 4 forced picks, 12 from the union, then Fisher–Yates j ∈ [0, i] for i = 15..1.
    expect(bounds).toEqual([26, 26, 10, 16, ...Array<number>(12).fill(ALPHABET_SIZE), 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  });

  describe('statistics over 100k draws of 16 characters', () => {
    it('when drawn with crypto.randomInt, then every class at every position and every character is uniform within tolerance, in under 5 s', () => {
      const generator = new PasswordGenerator({ length: LENGTH });
      const result = tally(() => generator.generate(), DRAWS);
      expect(violations(result)).toEqual([]);
      expect(result.elapsedInMs).toBeLessThan(5_000);
    });

    // The same check run on deliberately broken generators (20k draws suffice to see these
    // biases) shows the test has the power to catch what it is for.
    it('when the same check sees a modulo-biased source (randomBytes % n), then it reports the bias', () => {
      const pool = randomBytes(1 << 22);
      let next = 0;
      const moduloBiased: RandomIntSource = (max) => pool[next++ % pool.length]! % max;
      const generator = new PasswordGenerator({ length: LENGTH, randomIntSource: moduloBiased });
      expect(violations(tally(() => generator.generate(), 20_000)).length).toBeGreaterThan(0);
    });

    it('when the same check sees a generator that skips the shuffle, then it reports the predictable positions', () => {
      let calls = 0;
      // 2L − 1 draws per password: L picks, then L − 1 shuffle draws; answering i leaves every item in place.
      const noShuffle: RandomIntSource = (max) => {
        const inShuffle = calls++ % (2 * LENGTH - 1) >= LENGTH;
        return inShuffle ? max - 1 : randomInt(max);
      };
      const generator = new PasswordGenerator({ length: LENGTH, randomIntSource: noShuffle });
      expect(violations(tally(() => generator.generate(), 20_000)).length).toBeGreaterThan(0);
    });
  });
});
