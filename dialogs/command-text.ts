/**
 * What Teams delivers as message text, cleaned for matching: shared by the command router
 * (bot/) and the dialogs' prompts, which read the same raw text.
 */

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const EDGE_PUNCTUATION = /^[\s.,!?;:]+|[\s.,!?;:]+$/g;
const LEADING_FILLER = /^(?:(?:please|pls|hey|ok|okay|bot|can you|could you|would you)[\s,]+)+/i;
const TRAILING_FILLER = /[\s,]+(?:please|pls|thanks|thank you)$/i;

/**
 * Cleans what Teams delivers: drops `<at>…</at>` mentions (the bot's name in channels), other
 * HTML tags and entities, typographic quotes, and extra whitespace. Case is kept for arguments.
 */
export function cleanCommandText(raw: string): string {
  return raw
    .replace(/<at\b[^>]*>.*?<\/at>/gis, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39|apos);/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The cleaned text without politeness and edge punctuation: "Please, show status?" → "show status". */
export function coreCommandText(cleaned: string): string {
  let text = cleaned.replace(EDGE_PUNCTUATION, '');
  text = text.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '');
  return text.replace(EDGE_PUNCTUATION, '');
}
