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
    if (dayOfMonth === '*' && month === '*' && dayOfWeek === '1-5') return `every weekday at ${at}`;
    if (NUMBER.test(dayOfMonth) && month === '*' && dayOfWeek === '*') return `monthly on day ${Number(dayOfMonth)} at ${at}`;
  }
  return `schedule "${cron.trim()}"`;
}

/** Who started a scheduled rotation, in words: "the rotation schedule (every 2 minutes)". */
export function scheduleStarter(cron: string | undefined): string {
  return cron ? `the rotation schedule (${describeCronSchedule(cron)})` : 'the rotation schedule';
}

const DAY_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  DAYS.flatMap((day, index) => [
    [day.toLowerCase(), index],
    [day.slice(0, 3).toLowerCase(), index],
  ]),
);

/** "06:00", "6:30", "6", "6am", "6.30 pm" → [hour, minute]; undefined when it isn't a time of day. */
function timeOfDay(text: string): [number, number] | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] ? Number(match[2]) : 0;
  if (match[3]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (match[3] === 'pm' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? [hour, minute] : undefined;
}

/**
 * The inverse of describeCronSchedule, for people: "daily at 06:00", "every day at 6am",
 * "weekly on Monday at 06:00", "every Monday at 7:30", "every weekday at 07:00",
 * "monthly on day 1 at 06:00", or a five-part cron pattern as it is. Undefined when the words
 * aren't one of these (the caller says which forms it reads).
 */
export function cronFromScheduleWords(text: string): string | undefined {
  const words = text.trim().replace(/\s+/g, ' ');
  if (/^[\d*/,\-]+( [\d*/,\-A-Za-z]+){4}$/.test(words) && !/\bat\b/i.test(words)) return words;
  const lower = words.toLowerCase();
  const at = /^(.*?)\s*\bat\s+(.+)$/.exec(lower);
  if (!at) return undefined;
  const time = timeOfDay(at[2]!);
  if (!time) return undefined;
  const [hour, minute] = time;
  const when = at[1]!.replace(/^every\s+/, 'every ').trim();
  if (when === 'daily' || when === 'every day') return `${minute} ${hour} * * *`;
  if (when === 'every weekday' || when === 'on weekdays' || when === 'weekdays') return `${minute} ${hour} * * 1-5`;
  const weekly = /^(?:weekly on|every|on)\s+([a-z]+?)s?$/.exec(when);
  if (weekly && DAY_NUMBERS[weekly[1]!] !== undefined) return `${minute} ${hour} * * ${DAY_NUMBERS[weekly[1]!]}`;
  const monthly = /^monthly on (?:day )?(\d{1,2})(?:st|nd|rd|th)?$/.exec(when);
  if (monthly && Number(monthly[1]) >= 1 && Number(monthly[1]) <= 28) return `${minute} ${hour} ${Number(monthly[1])} * *`;
  return undefined;
}
