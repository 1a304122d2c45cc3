import { isCalendarDay, isTimestampWithOffset, parisInstant } from '@ctg/domain';
import { CliError } from './cli-error';

/** `2026-10-31` → the end of that day in Paris (`2026-10-31T23:59:59+01:00`); a timestamp with an offset is kept. */
export function deadlineFrom(value: string): string {
  if (isTimestampWithOffset(value)) return value;
  if (!isCalendarDay(value)) {
    throw new CliError(`--deadline ${value}: give a day (2026-10-31, meaning 23:59:59 in Paris) or a timestamp with an offset (2026-10-31T23:59:59+01:00)`);
  }
  const offsetHours = Math.round((Date.parse(`${value}T23:00:00Z`) - parisInstant(value, 23)) / 3_600_000);
  return `${value}T23:59:59+${String(offsetHours).padStart(2, '0')}:00`;
}

export function dayFrom(option: string, value: string): string {
  if (!isCalendarDay(value)) throw new CliError(`${option} ${value}: give a day as YYYY-MM-DD`);
  return value;
}
