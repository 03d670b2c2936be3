/**
 * Text → intent. Pure (no botbuilder), so the table can be tested on its own.
 *
 * An intent is a row: an id, a usage line and description for help, and patterns. A string
 * pattern is a phrase where `[word]` is optional and `{name}` captures an argument, e.g.
 * `grant operator {user} scope {scope} actions {actions}`. A RegExp pattern may use named
 * groups for arguments. Matching is whole-text and case-insensitive; the first matching row wins.
 */

import { cleanCommandText, coreCommandText } from '../dialogs/command-text';

export { cleanCommandText, coreCommandText } from '../dialogs/command-text';

export interface IntentDefinition<Id extends string = string> {
  id: Id;
  /** How help shows the command, e.g. `grant operator <user> scope <scope>`. */
  usage: string;
  description: string;
  patterns: ReadonlyArray<string | RegExp>;
  /** Routed but not listed in help (aliases, admin-only diagnostics). */
  hidden?: boolean;
}

/**
 * The longest message text the router reads, in UTF-16 code units of the raw activity text
 * (mentions and HTML included). Real commands are far shorter; the longest, `grant operator`
 * with a user list, fits in a few hundred characters. Longer text is refused before any cleaning
 * or matching, so no regular expression ever runs on an attacker-sized string.
 */
export const MAX_COMMAND_TEXT_LENGTH = 2_000;

export type RouteResult<T extends IntentDefinition = IntentDefinition> =
  | { kind: 'intent'; intent: T; args: Record<string, string>; text: string }
  | { kind: 'unknown'; text: string }
  /** Over MAX_COMMAND_TEXT_LENGTH: not read at all. `length` is the raw text's length. */
  | { kind: 'too-long'; length: number };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type PhraseToken = { kind: 'capture'; name: string } | { kind: 'words'; source: string };

function phraseToken(token: string): PhraseToken {
  const capture = /^\{(\w+)\}$/.exec(token);
  if (capture) return { kind: 'capture', name: capture[1] as string };
  const optional = /^\[(.+)\]$/.exec(token);
  if (optional) return { kind: 'words', source: `(?:${escapeRegExp(optional[1] as string)} )?` };
  return { kind: 'words', source: `${escapeRegExp(token)} ` };
}

/**
 * Compiles a phrase pattern. Every token consumes itself plus one trailing space, and the text
 * is matched with a space appended, so optional words need no special spacing rules.
 *
 * A capture ends where the words after it first match (up to the next capture, or up to the
 * end when none follows). It is written as an atomic group, `(?=(?<x>.+?) words)\k<x> `, which
 * the engine never re-enters: with plain lazy groups, `grant operator {user} scope {scope}
 * actions {actions}` on text full of " scope " and no " actions " tried every split, which is
 * quadratic in the text (and worse with more captures). Taking the first place the next words
 * match loses no match: any later split can be moved left by letting the next capture, which
 * takes any characters, absorb the difference; the last capture's words include the end.
 * So matching costs one pass per capture.
 */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) {
    return pattern.flags.includes('i') ? pattern : new RegExp(pattern.source, `${pattern.flags}i`);
  }
  const tokens = pattern.trim().split(/\s+/).map(phraseToken);
  const parts = tokens.map((token, index) => {
    if (token.kind === 'words') return token.source;
    const next = tokens.slice(index + 1);
    const nextCapture = next.findIndex((candidate) => candidate.kind === 'capture');
    const words = (nextCapture < 0 ? next : next.slice(0, nextCapture)).map((candidate) => (candidate.kind === 'words' ? candidate.source : ''));
    const follower = `${words.join('')}${nextCapture < 0 ? '$' : ''}`;
    return `(?=(?<${token.name}>.+?) ${follower})\\k<${token.name}> `;
  });
  return new RegExp(`^${parts.join('')}$`, 'i');
}

interface CompiledIntent<T extends IntentDefinition> {
  intent: T;
  regexes: RegExp[];
  phrase: boolean[];
}

/** Routes text over a table of rows; rows may carry more (e.g. a handler), and `route` returns the row. */
export class CommandRouter<T extends IntentDefinition = IntentDefinition> {
  private readonly compiled: Array<CompiledIntent<T>>;

  constructor(intents: readonly T[]) {
    const ids = new Set<string>();
    for (const intent of intents) {
      if (ids.has(intent.id)) throw new Error(`Duplicate intent id "${intent.id}".`);
      ids.add(intent.id);
    }
    this.compiled = intents.map((intent) => ({
      intent,
      regexes: intent.patterns.map(compilePattern),
      phrase: intent.patterns.map((pattern) => typeof pattern === 'string'),
    }));
  }

  /** Intents in table order, for help. */
  list(): readonly T[] {
    return this.compiled.map((entry) => entry.intent).filter((intent) => !intent.hidden);
  }

  route(rawText: string): RouteResult<T> {
    if (rawText.length > MAX_COMMAND_TEXT_LENGTH) return { kind: 'too-long', length: rawText.length };
    const cleaned = cleanCommandText(rawText);
    const core = coreCommandText(cleaned);
    // The core form handles politeness and punctuation; the cleaned form lets "?" itself match.
    const candidates = core ? [core, cleaned] : [cleaned];
    for (const { intent, regexes, phrase } of this.compiled) {
      for (const [index, regex] of regexes.entries()) {
        for (const candidate of candidates) {
          const match = regex.exec(phrase[index] ? `${candidate} ` : candidate);
          if (match) return { kind: 'intent', intent, args: cleanArgs(match.groups), text: candidate };
        }
      }
    }
    return { kind: 'unknown', text: cleaned };
  }
}

function cleanArgs(groups: Record<string, string | undefined> | undefined): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups ?? {})) {
    if (value === undefined) continue;
    const trimmed = value.trim();
    // "Help Desk" → Help Desk, but only when the whole argument is quoted.
    const quoted = /^(["'])(.*)\1$/.exec(trimmed);
    args[name] = quoted ? (quoted[2] as string) : trimmed;
  }
  return args;
}
