/**
 * What Teams delivers as message text, cleaned for matching: shared by the command router
 * (bot/) and the dialogs' prompts, which read the same raw text.
 *
 * Everything here runs in linear time on any input. Chat text is attacker-controlled, and a
 * regular expression with overlapping quantifiers (`[\s.]+$` tried at every dot of
 * "a……a", or `<at>.*?</at>` tried at every unclosed `<at>`) took seconds on a long line and
 * blocked every other turn of the process. Mentions, tags, edge punctuation and politeness are
 * therefore removed with index loops; the regular expressions left have no quantifier that can
 * re-scan what an earlier attempt already read.
 */

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const ENTITY = /&(?:nbsp|amp|lt|gt|quot|#39|apos);/gi;
const WHITESPACE_RUN = /\s+/g;
const SINGLE_WHITESPACE = /^\s$/;
const EDGE_PUNCTUATION = new Set(['.', ',', '!', '?', ';', ':']);
const FILLER_SEPARATORS = new Set([' ', ',']);
const LEADING_FILLERS = ['please', 'pls', 'hey', 'okay', 'ok', 'bot', 'can you', 'could you', 'would you'];
const TRAILING_FILLERS = ['please', 'pls', 'thanks', 'thank you'];

/**
 * Cleans what Teams delivers: drops `<at>…</at>` mentions (the bot's name in channels), other
 * HTML tags and entities, typographic quotes, and extra whitespace. Case is kept for arguments.
 */
export function cleanCommandText(raw: string): string {
  return removeTags(removeMentions(raw))
    .replace(ENTITY, (entity) => ENTITIES[entity.toLowerCase()] ?? ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** The cleaned text without politeness and edge punctuation: "Please, show status?" → "show status". */
export function coreCommandText(cleaned: string): string {
  let text = trimEdgePunctuation(cleaned);
  text = removeTrailingFiller(removeLeadingFillers(text));
  return trimEdgePunctuation(text);
}

/**
 * `<at …>name</at>` → one space. An opening without a later `>` or `</at>` is left for
 * removeTags; and since no later opening can have one either, the scan stops there.
 */
function removeMentions(text: string): string {
  let result = '';
  let copiedUpTo = 0;
  let from = 0;
  for (;;) {
    const open = indexOfIgnoringCase(text, '<at', from);
    if (open < 0) break;
    if (isWordCharacter(text.charCodeAt(open + 3))) {
      from = open + 3;
      continue;
    }
    const openEnd = text.indexOf('>', open + 3);
    if (openEnd < 0) break;
    const close = indexOfIgnoringCase(text, '</at>', openEnd + 1);
    if (close < 0) break;
    result += `${text.slice(copiedUpTo, open)} `;
    copiedUpTo = close + '</at>'.length;
    from = copiedUpTo;
  }
  return result + text.slice(copiedUpTo);
}

/** `<anything but >>` → one space; a `<` with no later `>` ends the scan (none can follow). */
function removeTags(text: string): string {
  let result = '';
  let copiedUpTo = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    if (close === open + 1) {
      // "<>" is not a tag.
      from = close;
      continue;
    }
    result += `${text.slice(copiedUpTo, open)} `;
    copiedUpTo = close + 1;
    from = copiedUpTo;
  }
  return result + text.slice(copiedUpTo);
}

function trimEdgePunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isEdgeCharacter(text[start] as string)) start += 1;
  while (end > start && isEdgeCharacter(text[end - 1] as string)) end -= 1;
  return text.slice(start, end);
}

/** "please, hey bot status" → "status": filler words, each followed by spaces or commas. */
function removeLeadingFillers(text: string): string {
  let position = 0;
  for (;;) {
    const filler = LEADING_FILLERS.find((word) => startsWithIgnoringCase(text, word, position) && isFillerSeparator(text[position + word.length]));
    if (!filler) return text.slice(position);
    position += filler.length;
    while (isFillerSeparator(text[position])) position += 1;
  }
}

/** "status, thanks" → "status": one filler word at the end, after spaces or commas. */
function removeTrailingFiller(text: string): string {
  for (const word of TRAILING_FILLERS) {
    const start = text.length - word.length;
    if (start < 1 || !startsWithIgnoringCase(text, word, start) || !isFillerSeparator(text[start - 1])) continue;
    let end = start;
    while (end > 0 && isFillerSeparator(text[end - 1])) end -= 1;
    return text.slice(0, end);
  }
  return text;
}

function isEdgeCharacter(character: string): boolean {
  return EDGE_PUNCTUATION.has(character) || SINGLE_WHITESPACE.test(character);
}

function isFillerSeparator(character: string | undefined): boolean {
  return character !== undefined && (FILLER_SEPARATORS.has(character) || SINGLE_WHITESPACE.test(character));
}

/** [A-Za-z0-9_], as `\b` sees it; NaN (past the end) is not. */
function isWordCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** ASCII case-insensitive: every needle here is ASCII, and this keeps string positions intact. */
function startsWithIgnoringCase(text: string, needle: string, position: number): boolean {
  if (position < 0 || position + needle.length > text.length) return false;
  for (let index = 0; index < needle.length; index += 1) {
    if (asciiLower(text.charCodeAt(position + index)) !== needle.charCodeAt(index)) return false;
  }
  return true;
}

/** Where a tag-like `needle` (it starts with "<") next occurs; each "<" is compared once, so linear. */
function indexOfIgnoringCase(text: string, needle: string, from: number): number {
  for (let position = text.indexOf('<', from); position >= 0; position = text.indexOf('<', position + 1)) {
    if (startsWithIgnoringCase(text, needle, position)) return position;
  }
  return -1;
}

function asciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
