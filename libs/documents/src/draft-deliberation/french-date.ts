import { dayInParis, isCalendarDay, isTimestampWithOffset } from '@ctg/domain';

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/**
 * A calendar day as French writes it in an act: `2023-06-13` → « 13 juin 2023 », and the first
 * of the month as an ordinal, `2023-07-01` → « 1er juillet 2023 ». Undefined for anything else.
 * Written out here rather than through `Intl`, whose output depends on the ICU data of the Node build.
 */
export function frenchLongDate(day: string | undefined): string | undefined {
  if (!isCalendarDay(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return `${date === 1 ? '1er' : String(date)} ${MONTHS[month - 1]} ${year}`;
}

/** The day of an instant in Paris, in French: a deadline of `2023-10-31T23:59:59+01:00` is « 31 octobre 2023 ». */
export function frenchLongDateOfInstant(instant: string | undefined): string | undefined {
  if (!isTimestampWithOffset(instant)) return undefined;
  return frenchLongDate(dayInParis(Date.parse(instant)));
}
