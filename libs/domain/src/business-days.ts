import joursFeries from '@socialgouv/jours-feries';
import { addDays } from './calendar-day';

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const holidaysByYear = new Map<number, Set<string>>();

/** Public holidays of metropolitan France (without Alsace-Moselle's two extra days). */
function holidays(year: number): Set<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    // The package builds its dates at local midnight: read them back in local time.
    days = new Set(Object.values(joursFeries(year)).map(localDay));
    holidaysByYear.set(year, days);
  }
  return days;
}

export function isBusinessDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays(Number(day.slice(0, 4))).has(day);
}

/** The business day itself, or the nearest one in the given direction. */
export function toBusinessDay(day: string, direction: 'previous' | 'next'): string {
  let current = day;
  while (!isBusinessDay(current)) current = addDays(current, direction === 'previous' ? -1 : 1);
  return current;
}
