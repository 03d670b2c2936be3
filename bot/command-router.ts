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

export type RouteResult<T extends IntentDefinition = IntentDefinition> =
  | { kind: 'intent'; intent: T; args: Record<string, string>; text: string }
  | { kind: 'unknown'; text: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a phrase pattern. Every token consumes itself plus one trailing space, and the text
 * is matched with a space appended, so optional words need no special spacing rules.
 */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) {
    return pattern.flags.includes('i') ? pattern : new RegExp(pattern.source, `${pattern.flags}i`);
  }
  const parts = pattern
    .trim()
    .split(/\s+/)
    .map((token) => {
      const capture = /^\{(\w+)\}$/.exec(token);
      if (capture) return `(?<${capture[1]}>.+?) `;
      const optional = /^\[(.+)\]$/.exec(token);
      if (optional) return `(?:${escapeRegExp(optional[1] as string)} )?`;
      return `${escapeRegExp(token)} `;
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
