import { isBusinessDay, toBusinessDay } from './business-days';

/** Worked out from the 2023 calendar: 1 January 2023 was a Sunday. */
describe('business days of metropolitan France, 2023', () => {
  it.each([
    ['2023-01-01', "Jour de l'an"],
    ['2023-04-10', 'Lundi de Pâques'],
    ['2023-05-01', 'Fête du travail'],
    ['2023-05-08', 'Victoire 1945'],
    ['2023-05-18', 'Ascension'],
    ['2023-05-29', 'Lundi de Pentecôte'],
    ['2023-07-14', 'Fête nationale (Friday)'],
    ['2023-08-15', 'Assomption (Tuesday)'],
    ['2023-11-01', 'Toussaint (Wednesday)'],
    ['2023-11-11', 'Armistice (Saturday)'],
    ['2023-12-25', 'Noël'],
  ])('%s (%s) is not a business day', (day) => {
    expect(isBusinessDay(day)).toBe(false);
  });

  it.each(['2023-09-30', '2023-10-01', '2023-10-28', '2023-10-29'])('%s, a weekend day, is not a business day', (day) => {
    expect(isBusinessDay(day)).toBe(false);
  });

  it.each(['2023-06-13', '2023-07-13', '2023-08-14', '2023-08-16', '2023-10-31', '2023-11-02', '2023-11-10', '2023-11-21'])(
    '%s is a business day',
    (day) => {
      expect(isBusinessDay(day)).toBe(true);
    },
  );

  it('ignores the Alsace-Moselle days (Good Friday, 26 December)', () => {
    expect(isBusinessDay('2023-04-07')).toBe(true);
    expect(isBusinessDay('2023-12-26')).toBe(true);
  });

  it('finds the nearest business day in each direction', () => {
    expect(toBusinessDay('2023-07-14', 'previous')).toBe('2023-07-13');
    expect(toBusinessDay('2023-07-14', 'next')).toBe('2023-07-17');
    expect(toBusinessDay('2023-11-11', 'previous')).toBe('2023-11-10');
    expect(toBusinessDay('2023-11-11', 'next')).toBe('2023-11-13');
    expect(toBusinessDay('2023-12-31', 'next')).toBe('2024-01-02');
    expect(toBusinessDay('2023-10-31', 'next')).toBe('2023-10-31');
  });
});
