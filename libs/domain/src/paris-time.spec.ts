import { dayInParis } from './calendar-day';
import { parisInstant } from './paris-time';

describe('parisInstant', () => {
  it('is UTC+2 in summer and UTC+1 in winter', () => {
    expect(new Date(parisInstant('2023-07-14', 9)).toISOString()).toBe('2023-07-14T07:00:00.000Z');
    expect(new Date(parisInstant('2023-11-21', 9)).toISOString()).toBe('2023-11-21T08:00:00.000Z');
  });

  it('follows the 2023 clock changes (26 March and 29 October)', () => {
    expect(new Date(parisInstant('2023-03-25', 9)).toISOString()).toBe('2023-03-25T08:00:00.000Z');
    expect(new Date(parisInstant('2023-03-26', 9)).toISOString()).toBe('2023-03-26T07:00:00.000Z');
    expect(new Date(parisInstant('2023-10-28', 9)).toISOString()).toBe('2023-10-28T07:00:00.000Z');
    expect(new Date(parisInstant('2023-10-29', 9)).toISOString()).toBe('2023-10-29T08:00:00.000Z');
  });

  it('gives midnight in Paris', () => {
    expect(new Date(parisInstant('2023-07-05', 0)).toISOString()).toBe('2023-07-04T22:00:00.000Z');
    expect(new Date(parisInstant('2023-12-01', 0)).toISOString()).toBe('2023-11-30T23:00:00.000Z');
  });
});

describe('dayInParis', () => {
  it('is the day of a town hall, not the UTC day', () => {
    expect(dayInParis(Date.parse('2023-10-31T23:30:00Z'))).toBe('2023-11-01');
    expect(dayInParis(Date.parse('2023-07-13T22:30:00Z'))).toBe('2023-07-14');
    expect(dayInParis(Date.parse('2023-07-13T21:59:59Z'))).toBe('2023-07-13');
  });
});
