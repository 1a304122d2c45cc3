import { isBusinessDay } from './business-days';
import { addDays, dayInParis } from './calendar-day';
import { parisInstant } from './paris-time';

/** The digest goes out at this hour, Paris time, on its day. */
export const DIGEST_HOUR = 9;

/** The Monday of the week (Monday to Sunday) of `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The week's digest day: its Monday, or the next business day when Monday is a holiday. */
export function digestDayOf(weekMonday: string): string {
  let day = weekMonday;
  // Five working days with a holiday on each does not happen; the Friday still closes the search.
  while (!isBusinessDay(day) && day < addDays(weekMonday, 4)) day = addDays(day, 1);
  return day;
}

/**
 * Whether a run at `instantMs` sends the week's digests: from 09:00 in Paris on the digest day, and
 * on the days after it, so that a run missed on that day (a worker down) is caught up that week;
 * each administrator's digest of a week is claimed once.
 */
export function digestWeekAt(instantMs: number): { due: boolean; week: string; digestAt: number } {
  const week = mondayOf(dayInParis(instantMs));
  const digestAt = parisInstant(digestDayOf(week), DIGEST_HOUR);
  return { due: instantMs >= digestAt, week, digestAt };
}

/** The next instant a digest goes out, after `instantMs`. */
export function nextDigestAt(instantMs: number): number {
  const { digestAt, week } = digestWeekAt(instantMs);
  return digestAt > instantMs ? digestAt : parisInstant(digestDayOf(addDays(week, 7)), DIGEST_HOUR);
}
