/**
 * Role-aware help and "Did you mean …?": which command rows a caller may see, and which of them
 * are closest to text the router did not recognise. Pure (no botbuilder), so both are table-tested.
 */
import { ENTRY_POINTS, findCapability, type CapabilityId } from '../../services/access/capabilities';
import type { CommandGroup } from './help-groups';

/** What help and suggestions read of a command row. */
export interface HelpRow {
  id: string;
  usage: string;
  description: string;
  patterns: ReadonlyArray<string | RegExp>;
  capability?: CapabilityId;
  /** The help group the row declares; without one, help derives it from the capability (help-groups.ts). */
  group?: CommandGroup;
  hidden?: boolean;
}

/** One "Did you mean" answer: the usage line to show and, when it is a whole command, the text a button sends. */
export interface Suggestion {
  usage: string;
  description: string;
  /** Set when the usage has no placeholder or choice, so clicking it runs the command as typed. */
  sendText?: string;
}

/**
 * The capability that decides whether help shows a row: the row's door capability, else the
 * catalogue's capability of the same id (turn on/off, the management actions, which their
 * services authorize), else the catalogue command the usage starts with (`auto-enable`).
 * Undefined means the row is open to everyone.
 */
export function helpCapabilityOf(row: Pick<HelpRow, 'id' | 'usage' | 'capability'>): CapabilityId | undefined {
  if (row.capability) return row.capability;
  const byId = findCapability(row.id);
  if (byId) return byId.id;
  const usage = normalize(row.usage);
  return ENTRY_POINTS.find((entry) => entry.kind === 'command' && (usage === entry.name || usage.startsWith(`${entry.name} `)))?.capability;
}

/**
 * The rows help lists for a caller whose capabilities are `capabilities` (from
 * `AuthorizationService.capabilitiesOf`, which audits nothing). Hidden rows never show; rows open
 * to everyone (help, status) always do. Every command is still authorized when it runs; this
 * only decides what is offered.
 */
export function commandsVisibleTo<T extends Pick<HelpRow, 'id' | 'usage' | 'capability' | 'hidden'>>(rows: readonly T[], capabilities: readonly string[]): T[] {
  const allowed = new Set(capabilities);
  return rows.filter((row) => {
    if (row.hidden) return false;
    const capability = helpCapabilityOf(row);
    // Rows open to everyone stay listed even when the caller's capabilities could not be read (an empty list).
    return capability === undefined || allowed.has(capability) || findCapability(capability)?.audience === 'anyone';
  });
}

/** Lower case, words only: punctuation other than `-` and `?` becomes a space. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9?\-\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The literal words a row answers to: its usage (placeholders and choices dropped) and its phrase patterns. */
function phrasesOf(row: Pick<HelpRow, 'usage' | 'patterns'>): string[] {
  const phrases = new Set<string>();
  for (const alternative of row.usage.split(' | ')) {
    const words: string[] = [];
    for (const word of alternative.trim().split(/\s+/)) {
      if (/^[<[]/.test(word) || word.includes('|')) break;
      words.push(word);
    }
    if (words.length > 0) phrases.add(normalize(words.join(' ')));
  }
  for (const pattern of row.patterns) {
    if (typeof pattern !== 'string') continue;
    const words: string[] = [];
    for (const word of pattern.trim().split(/\s+/)) {
      if (word.startsWith('{')) break;
      if (!word.startsWith('[')) words.push(word);
    }
    const phrase = normalize(words.join(' '));
    // One- and two-letter phrases ("hi", "?") would match any short typo.
    if (phrase.length >= 3) phrases.add(phrase);
  }
  return [...phrases];
}

/** Optimal-string-alignment Damerau-Levenshtein distance (adjacent swaps cost one). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const previous = d[i - 1] as number[];
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The longest text compared; a command phrase is far shorter, and the distance is quadratic. */
const MAX_COMPARED_LENGTH = 60;
/** A phrase is a candidate when at most this share of its characters differ. */
const MAX_DISTANCE_RATIO = 0.4;
/** Further suggestions are shown only when they are at most this much worse than the best. */
const NEAR_BEST_MARGIN = 0.2;

/**
 * The 1–3 rows closest to `text` by edit distance, best first; none when nothing is close.
 * Each phrase is compared with the whole text and with the text's first words (as many as the
 * phrase has), so arguments typed after a misspelt command ("grnat auditor bob") do not count.
 */
export function suggestCommands(text: string, rows: ReadonlyArray<Pick<HelpRow, 'usage' | 'description' | 'patterns'>>, limit = 3): Suggestion[] {
  const typed = normalize(text).slice(0, MAX_COMPARED_LENGTH);
  if (!typed) return [];
  const typedWords = typed.split(' ');
  const scored: Array<{ row: Pick<HelpRow, 'usage' | 'description' | 'patterns'>; ratio: number; distance: number; order: number }> = [];
  rows.forEach((row, order) => {
    let best: { ratio: number; distance: number } | undefined;
    for (const phrase of phrasesOf(row)) {
      const prefix = typedWords.slice(0, phrase.split(' ').length).join(' ');
      for (const candidate of new Set([typed, prefix])) {
        if (!wordsAlign(candidate, phrase)) continue;
        const distance = editDistance(candidate, phrase);
        const ratio = distance / Math.max(phrase.length, candidate.length);
        if (!best || ratio < best.ratio || (ratio === best.ratio && distance < best.distance)) best = { ratio, distance };
      }
    }
    if (best && best.ratio <= MAX_DISTANCE_RATIO) scored.push({ row, ...best, order });
  });
  // On a tie, the simpler command first ("block sign-in for <user>" before its bulk form), then table order.
  scored.sort((x, y) => x.ratio - y.ratio || x.distance - y.distance || x.row.usage.length - y.row.usage.length || x.order - y.order);
  // Only the near-best: a far second guess next to a clear first one is noise.
  const cutoff = (scored[0]?.ratio ?? 0) + NEAR_BEST_MARGIN;
  return scored
    .filter((entry) => entry.ratio <= cutoff)
    .slice(0, limit)
    .map(({ row }) => suggestionOf(row));
}

/**
 * Token-aware guard: when text and phrase have the same several words, each word must be close
 * on its own, so "what is the weather" does not pass for "what is the status" on shared words.
 */
function wordsAlign(candidate: string, phrase: string): boolean {
  const typedWords = candidate.split(' ');
  const phraseWords = phrase.split(' ');
  if (phraseWords.length < 2 || typedWords.length !== phraseWords.length) return true;
  return phraseWords.every((word, index) => editDistance(typedWords[index] as string, word) <= Math.max(1, Math.floor(word.length / 3)));
}

function suggestionOf({ usage, description }: Pick<HelpRow, 'usage' | 'description'>): Suggestion {
  const literal = !/[<>[\]|]/.test(usage);
  return literal ? { usage, description, sendText: usage } : { usage, description };
}
