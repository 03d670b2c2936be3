import { formatInZone } from '../../services/notifications/notice-time-format';

/** Times on settings and progress cards: the tenant's zone when it matters (rotation), UTC otherwise, always named. */
export function formatInstant(iso: string, timeZone = 'UTC'): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatInZone(iso, timeZone);
}
