import { dayInParis } from './calendar-day';

const parisClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
});

/** The instant at which it is `hour`:00 on `day` in Paris (CET or CEST). */
export function parisInstant(day: string, hour: number): number {
  const naive = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  for (const offsetHours of [1, 2, 0]) {
    const candidate = naive - offsetHours * 3_600_000;
    const [h, m] = parisClock.format(new Date(candidate)).split(':').map(Number);
    if (h === hour && m === 0 && dayInParis(candidate) === day) return candidate;
  }
  return naive - 3_600_000;
}
