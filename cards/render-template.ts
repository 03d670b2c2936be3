import * as ACData from 'adaptivecards-templating';

/** An expanded Adaptive Card, ready to send as `application/vnd.microsoft.card.adaptive`. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  [property: string]: unknown;
}

/**
 * Expands an Adaptive Card template (the JSON the Designer edits) with a view model as `$root`.
 * Data values are inserted verbatim and never re-evaluated, so user text such as "${x}" is safe.
 */
export function expandTemplate(template: object, data: object): AdaptiveCardJson {
  return new ACData.Template(template).expand({ $root: data }) as AdaptiveCardJson;
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

