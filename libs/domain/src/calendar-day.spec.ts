import { isCalendarDay, isTimestampWithOffset } from './calendar-day';

describe('timestamps with an offset', () => {
  it('takes ISO 8601 instants with Z or an offset, with or without seconds and fractions', () => {
    for (const value of ['2023-10-31T23:59:59+01:00', '2023-10-31T22:59:59Z', '2024-02-29T09:00+02:00', '2023-07-10T14:32:05.123456-03:30']) {
      expect(isTimestampWithOffset(value)).toBe(true);
    }
  });

  it('refuses days that do not exist, which Date.parse would roll over to the next month', () => {
    for (const value of ['2023-02-31T10:00:00Z', '2023-02-29T10:00:00+01:00', '2023-04-31T23:59:59+02:00', '2023-00-10T10:00:00Z']) {
      expect(isTimestampWithOffset(value)).toBe(false);
    }
  });

  it('refuses hours, minutes, seconds and offsets out of range, and timestamps without an offset', () => {
    for (const value of ['2023-01-01T24:00:00Z', '2023-01-01T23:60:00Z', '2023-01-01T10:00:60Z', '2023-01-01T10:00:00+24:00', '2023-01-01T10:00:00+01:60', '2023-01-01T10:00:00', '2023-01-01', 20230101]) {
      expect(isTimestampWithOffset(value)).toBe(false);
    }
  });
});

describe('calendar days', () => {
  it('takes real days only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2023-02-29')).toBe(false);
    expect(isCalendarDay('2023-6-13')).toBe(false);
  });
});
