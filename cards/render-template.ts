import * as ACData from 'adaptivecards-templating';

/** An expanded Adaptive Card, ready to send as `application/vnd.microsoft.card.adaptive`. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  [property: string]: unknown;
}

/** A card template parsed once: expands it with a view model as `$root`. */
export type CompiledTemplate = (data: object) => AdaptiveCardJson;

/**
 * How a compiled template expands. Production always uses `once`; `per-render` re-parses the
 * template JSON on every expansion, as this module did before templates were compiled, so
 * `npm run bench` can show both costs from one run and a test can prove the output identical.
 */
export type TemplateParsing = 'once' | 'per-render';

let templateParsing: TemplateParsing = 'once';

/**
 * For benchmarks and the equivalence test only; the bot never calls it. Switches how every
 * compiled template expands and returns the previous setting, so a caller can restore it.
 */
export function setTemplateParsing(parsing: TemplateParsing): TemplateParsing {
  const previous = templateParsing;
  templateParsing = parsing;
  return previous;
}

/**
 * Parses an Adaptive Card template (the JSON the Designer edits) into its expressions once, at
 * module load of its `*.card.ts`: parsing costs milliseconds, expanding a parsed one far less.
 * A `Template` keeps no state between `expand` calls (each builds a fresh context and fresh
 * output objects, synchronously), so one instance safely serves every turn.
 * Data values are inserted verbatim and never re-evaluated, so user text such as "${x}" is safe.
 */
export function compileTemplate(template: object): CompiledTemplate {
  const parsed = new ACData.Template(template);
  return (data) => {
    const source = templateParsing === 'once' ? parsed : new ACData.Template(template);
    return source.expand({ $root: data }) as AdaptiveCardJson;
  };
}

/**
 * Only the characters that start a link, emphasis, code or an HTML-ish tag. Escaping more (`-`,
 * `.`) would show stray backslashes in hosts whose markdown subset ignores escapes, and ids and
 * UPNs are full of those characters.
 */
const MARKDOWN_SPECIALS = /([\\`*_[\]<>~])/g;

/**
 * Makes user-supplied text safe inside a TextBlock or Fact: Teams renders their markdown, so
 * typed text like "[click](https://evil)" must not become a link. Also bounds its length.
 */
export function plainText(text: string, maxLength = 120): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const bounded = collapsed.length > maxLength ? `${collapsed.slice(0, maxLength - 1)}…` : collapsed;
  return bounded.replace(MARKDOWN_SPECIALS, '\\$1');
}

/**
 * Shows a command's usage line ("grant auditor <user>") so that its placeholders survive:
 * Teams and the Playground render card text as markdown with inline HTML, so "<user>" is
 * taken for a tag and silently dropped. Single guillemets read the same and are not markup.
 */
export function usageText(usage: string): string {
  return usage.replace(/<([^<>]+)>/g, '\u2039$1\u203a');
}

