/**
 * An approval step's timeout: an ISO-8601 duration (PT30M, PT4H, P1D, P1DT12H; weeks as P1W) or
 * a plain number of minutes. Months and years are refused: their length depends on the date.
 */
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

const MINUTE = 60_000;

/** Milliseconds, or undefined when the value is not a duration this parser accepts. */
export function parseTimeout(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value * MINUTE) : undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return parseTimeout(Number(text));
  const match = ISO_DURATION.exec(text);
  if (!match || text.toUpperCase() === 'P' || /T$/i.test(text)) return undefined;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  const total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * MINUTE + seconds * 1000;
  return total > 0 ? total : undefined;
}

/** "4 hours", "1 day 12 hours", "30 minutes", for cards and messages. */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [days ? plural(days, 'day') : '', hours ? plural(hours, 'hour') : '', rest ? plural(rest, 'minute') : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'less than a minute';
}
