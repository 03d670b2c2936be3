import { randomInt } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Character classes for generated service-account passwords.
 *
 * The special set is a subset of what Microsoft Entra ID accepts in a password
 * (`@ # $ % ^ & * - _ ! + = [ ] { } | \ : ' , . ? / \` ~ " ( ) ; < >` and space). We leave out
 * space, quotes, backslash, `%`, `<`, `>` and brackets: they are legal, but they are the ones
 * that break in form-encoding, shells, JSON written by hand and admin portals when a human
 * ever has to recover the account, and dropping them costs less than 0.1 bit per character.
 */
export const PASSWORD_CHARACTER_CLASSES = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  special: '!#$&*+-.:;=?@^_~',
} as const;

export type PasswordCharacterClass = keyof typeof PASSWORD_CHARACTER_CLASSES;

/** Entra's own minimum is 8; the product requires 16 (DESIGN.md §2). */
export const MIN_PASSWORD_LENGTH = 16;
/** Entra rejects passwords longer than 256 characters. */
export const MAX_PASSWORD_LENGTH = 256;
export const DEFAULT_PASSWORD_LENGTH = 24;

const ALL_CHARACTERS = Object.values(PASSWORD_CHARACTER_CLASSES).join('');

/** Source of uniform integers in [0, max). Only `crypto.randomInt` in production. */
export type RandomIntSource = (max: number) => number;

export interface PasswordGeneratorOptions {
  /** At least 16 (enforced), at most 256. */
  length?: number;
  /** Injected only by tests that need determinism; production uses crypto.randomInt. */
  randomIntSource?: RandomIntSource;
}

export class PasswordPolicyError extends AppError<'PASSWORD.POLICY'> {
  constructor(developerMessage: string) {
    super('PASSWORD.POLICY', developerMessage);
  }
}

/**
 * Generates service-account passwords from a CSPRNG.
 *
 * `crypto.randomInt(max)` draws by rejection sampling, so every index is equally likely (no
 * modulo bias, unlike `randomBytes()[i] % n`). One character of each class is placed first so
 * every password satisfies Entra's complexity rule, the rest are drawn from the union, and an
 * unbiased Fisher–Yates shuffle (again with randomInt) spreads the forced characters over all
 * positions, so no position is predictable from the construction.
 */
export class PasswordGenerator {
  readonly length: number;
  private readonly randomIntSource: RandomIntSource;

  /** @throws PasswordPolicyError when `length` is below 16, above 256 or not an integer. */
  constructor(options: PasswordGeneratorOptions = {}) {
    const length = options.length ?? DEFAULT_PASSWORD_LENGTH;
    if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
      throw new PasswordPolicyError(`Password length must be an integer from ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH}.`);
    }
    this.length = length;
    this.randomIntSource = options.randomIntSource ?? ((max) => randomInt(max));
  }

  /** A fresh password. The caller keeps it in memory only as long as it needs it. */
  generate(): string {
    const characters: string[] = Object.values(PASSWORD_CHARACTER_CLASSES).map((set) => this.pick(set));
    while (characters.length < this.length) characters.push(this.pick(ALL_CHARACTERS));
    this.shuffle(characters);
    return characters.join('');
  }

  private pick(set: string): string {
    return set.charAt(this.randomIntSource(set.length));
  }

  /** Durstenfeld's Fisher–Yates: j is uniform over [0, i], which makes every permutation equally likely. */
  private shuffle(items: string[]): void {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = this.randomIntSource(i + 1);
      const held = items[i] as string;
      items[i] = items[j] as string;
      items[j] = held;
    }
  }
}

/** Which class a character belongs to, or undefined for a character we never generate. */
export function classOfPasswordCharacter(character: string): PasswordCharacterClass | undefined {
  for (const [name, set] of Object.entries(PASSWORD_CHARACTER_CLASSES) as Array<[PasswordCharacterClass, string]>) {
    if (set.includes(character)) return name;
  }
  return undefined;
}
