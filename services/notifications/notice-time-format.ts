/** Times in notices: the tenant's own zone, with the zone named, so "03:00" never means the server's clock. */

export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    const text = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(date);
    return `${text} (${timeZone})`;
  } catch {
    return `${date.toISOString()} (UTC)`;
  }
}

/** The calendar date in a zone, as YYYY-MM-DD: "once per day" means the tenant's day. */
export function localDateKey(at: Date, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
    const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** Key Vault version ids are 32 hex characters; a card shows the first 8, the facts the full id. */
export function shortVersion(version: string): string {
  return version.length > 8 ? version.slice(0, 8) : version;
}
