/**
 * A five-part cron pattern in words ("every 2 minutes", "weekly on Monday at 03:00"), for
 * notices and cards that name the schedule which started a rotation. Patterns it cannot put
 * plainly are named by their pattern, never by a guess such as "weekly".
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const NUMBER = /^\d+$/;

function every(count: number, unit: string): string {
  return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
}

function clock(hour: string, minute: string): string {
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

/** "every 2 minutes", "hourly at minute 15", "daily at 03:00", "weekly on Monday at 03:00", or `schedule "…"`. */
export function describeCronSchedule(cron: string): string {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return `schedule "${cron.trim()}"`;
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = parts;
  const anyDay = dayOfMonth === '*' && month === '*' && dayOfWeek === '*';
  const step = /^\*\/(\d+)$/;
  if (anyDay && hour === '*' && minute === '*') return 'every minute';
  if (anyDay && hour === '*' && step.test(minute)) return every(Number(minute.match(step)?.[1]), 'minute');
  if (anyDay && hour === '*' && NUMBER.test(minute)) return `hourly at minute ${Number(minute)}`;
  if (anyDay && step.test(hour) && NUMBER.test(minute)) return every(Number(hour.match(step)?.[1]), 'hour');
  if (NUMBER.test(minute) && NUMBER.test(hour)) {
    const at = clock(hour, minute);
    if (anyDay) return `daily at ${at}`;
    if (dayOfMonth === '*' && month === '*' && NUMBER.test(dayOfWeek)) return `weekly on ${DAYS[Number(dayOfWeek) % 7]} at ${at}`;
    if (NUMBER.test(dayOfMonth) && month === '*' && dayOfWeek === '*') return `monthly on day ${Number(dayOfMonth)} at ${at}`;
  }
  return `schedule "${cron.trim()}"`;
}

/** Who started a scheduled rotation, in words: "the rotation schedule (every 2 minutes)". */
export function scheduleStarter(cron: string | undefined): string {
  return cron ? `the rotation schedule (${describeCronSchedule(cron)})` : 'the rotation schedule';
}
