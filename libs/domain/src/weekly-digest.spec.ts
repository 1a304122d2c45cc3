import { digestDayOf, digestWeekAt, mondayOf, nextDigestAt } from './weekly-digest';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the weekly digest’s day and hour', () => {
  it('finds the Monday of any day of the week', () => {
    expect(['2026-12-07', '2026-12-09', '2026-12-13'].map(mondayOf)).toEqual(['2026-12-07', '2026-12-07', '2026-12-07']);
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('goes out on Monday, or on Tuesday after Easter Monday, Whit Monday or a Christmas Monday', () => {
    expect(digestDayOf('2026-12-07')).toBe('2026-12-07');
    expect(digestDayOf('2027-03-29')).toBe('2027-03-30');
    expect(digestDayOf('2027-05-17')).toBe('2027-05-18');
    expect(digestDayOf('2028-12-25')).toBe('2028-12-26');
  });

  it('is due from 09:00 in Paris on that day, in winter and in summer time, and later that week for a run missed', () => {
    expect(digestWeekAt(at('2026-12-07T07:59:00Z')).due).toBe(false);
    expect(digestWeekAt(at('2026-12-07T08:00:00Z'))).toEqual({ due: true, week: '2026-12-07', digestAt: at('2026-12-07T08:00:00Z') });
    expect(digestWeekAt(at('2027-06-07T07:00:00Z')).due).toBe(true);
    expect(digestWeekAt(at('2027-06-07T06:59:00Z')).due).toBe(false);
    expect(digestWeekAt(at('2026-12-11T08:00:00Z')).due).toBe(true);
    // Easter Monday 2027: the Monday run is not due, the Tuesday one is.
    expect(digestWeekAt(at('2027-03-29T08:00:00Z')).due).toBe(false);
    expect(digestWeekAt(at('2027-03-30T07:00:00Z')).due).toBe(true);
  });

  it('tells when the next one goes out', () => {
    expect(iso(nextDigestAt(at('2026-12-04T23:00:00Z')))).toBe('2026-12-07T08:00:00.000Z');
    expect(iso(nextDigestAt(at('2026-12-07T08:00:00Z')))).toBe('2026-12-14T08:00:00.000Z');
    expect(iso(nextDigestAt(at('2027-03-26T12:00:00Z')))).toBe('2027-03-30T07:00:00.000Z');
  });
});
