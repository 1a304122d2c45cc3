import { DEFAULT_REMINDER_POLICY, ReminderPolicy } from './campaign-definition';
import { ReminderSlot, nextReminder, reminderSlots } from './reminder-schedule';

/*
 * Every expected instant below was worked out by hand from the 2023 calendar, not from the code:
 *  - French public holidays used: Fri 14 July, Tue 15 August, Wed 1 November, Sat 11 November.
 *  - Paris is UTC+2 (CEST) until Sun 29 October 2023 03:00, UTC+1 (CET) after: 09:00 in Paris is
 *    07:00Z in summer and 08:00Z from 29 October on.
 *  - A duration of n days is n × 24 h.
 */

function policy(overrides: Partial<ReminderPolicy>): ReminderPolicy {
  return { before: [], overdueEvery: 'P7D', overdueMax: 0, escalateFrom: 2, businessDaysOnly: true, ...overrides };
}

const at = (iso: string) => Date.parse(iso);
const iso = (slots: ReminderSlot[]) => slots.map((s) => new Date(s.at).toISOString());

describe('reminderSlots on business days (09:00 Paris)', () => {
  describe('a reminder before the deadline moves back to the previous business day', () => {
    it.each([
      // deadline, before, expected
      // Fri 21 July 18:00 − 7 days = Fri 14 July (Fête nationale) → Thu 13 July 09:00 CEST.
      ['14 July 2023 (Friday)', '2023-07-21T18:00:00+02:00', 'P7D', '2023-07-13T07:00:00.000Z'],
      // Tue 22 August − 7 days = Tue 15 August (Assomption) → Mon 14 August 09:00 CEST.
      ['15 August 2023 (Tuesday)', '2023-08-22T18:00:00+02:00', 'P7D', '2023-08-14T07:00:00.000Z'],
      // Wed 8 November − 7 days = Wed 1 November (Toussaint) → Tue 31 October 09:00 CET.
      ['1 November 2023 (Wednesday)', '2023-11-08T18:00:00+01:00', 'P7D', '2023-10-31T08:00:00.000Z'],
      // Mon 13 November − 2 days = Sat 11 November (Armistice) → Fri 10 November 09:00 CET.
      ['11 November 2023 (Saturday)', '2023-11-13T18:00:00+01:00', 'P2D', '2023-11-10T08:00:00.000Z'],
      // Mon 2 October − 2 days = Sat 30 September → Fri 29 September 09:00 CEST.
      ['a weekend (Saturday 30 September 2023)', '2023-10-02T18:00:00+02:00', 'P2D', '2023-09-29T07:00:00.000Z'],
      // Mon 17 July − 1 day = Sun 16 July → Sat 15 → Fri 14 (holiday) → Thu 13 July.
      ['a Sunday before a holiday weekend', '2023-07-17T18:00:00+02:00', 'P1D', '2023-07-13T07:00:00.000Z'],
    ])('on %s', (_label, deadline, before, expected) => {
      const slots = reminderSlots(policy({ before: [before] }), at(deadline));
      expect(iso(slots)).toEqual([expected]);
      expect(slots[0].overdue).toBe(false);
    });
  });

  describe('an overdue reminder moves forward to the next business day', () => {
    it.each([
      // Fri 7 July 18:00 + 7 days = Fri 14 July (holiday) → Sat, Sun → Mon 17 July 09:00 CEST.
      ['14 July 2023 (Friday)', '2023-07-07T18:00:00+02:00', 'P7D', '2023-07-17T07:00:00.000Z'],
      // Tue 8 August + 7 days = Tue 15 August (holiday) → Wed 16 August 09:00 CEST.
      ['15 August 2023 (Tuesday)', '2023-08-08T18:00:00+02:00', 'P7D', '2023-08-16T07:00:00.000Z'],
      // Wed 25 October 18:00 CEST + 7 × 24 h = Wed 1 November 17:00 CET (holiday) → Thu 2 November 09:00 CET.
      ['1 November 2023 (Wednesday)', '2023-10-25T18:00:00+02:00', 'P7D', '2023-11-02T08:00:00.000Z'],
      // Thu 9 November + 2 days = Sat 11 November → Sun 12 → Mon 13 November 09:00 CET.
      ['11 November 2023 (Saturday)', '2023-11-09T18:00:00+01:00', 'P2D', '2023-11-13T08:00:00.000Z'],
      // Mon 2 October + 5 days = Sat 7 October → Mon 9 October 09:00 CEST.
      ['a weekend (Saturday 7 October 2023)', '2023-10-02T18:00:00+02:00', 'P5D', '2023-10-09T07:00:00.000Z'],
    ])('on %s', (_label, deadline, every, expected) => {
      const slots = reminderSlots(policy({ overdueEvery: every, overdueMax: 1 }), at(deadline));
      expect(iso(slots)).toEqual([expected]);
      expect(slots[0].overdue).toBe(true);
    });
  });

  it('keeps a reminder on a business day where it is, at 09:00 Paris', () => {
    // Fri 29 September − 7 days = Fri 22 September, a working day.
    expect(iso(reminderSlots(policy({ before: ['P7D'] }), at('2023-09-29T18:00:00+02:00')))).toEqual(['2023-09-22T07:00:00.000Z']);
  });

  it('sends one reminder when several fall back onto the same business day', () => {
    // Fri 29 September − 7 / 6 / 5 days = Fri 22, Sat 23, Sun 24 September: all Fri 22 September.
    const slots = reminderSlots(policy({ before: ['P7D', 'P6D', 'P5D'] }), at('2023-09-29T18:00:00+02:00'));
    expect(iso(slots)).toEqual(['2023-09-22T07:00:00.000Z']);
  });

  describe('a deadline on a public holiday', () => {
    it('reminds on the business day before it and the business day after it', () => {
      // Deadline Tue 15 August 12:00: 2 hours before is the holiday itself → Mon 14 August;
      // 1 day after is Wed 16 August → 09:00 that day.
      const slots = reminderSlots(
        policy({ before: ['PT2H'], overdueEvery: 'P1D', overdueMax: 1 }),
        at('2023-08-15T12:00:00+02:00'),
      );
      expect(iso(slots)).toEqual(['2023-08-14T07:00:00.000Z', '2023-08-16T07:00:00.000Z']);
      expect(slots.map((s) => s.overdue)).toEqual([false, true]);
    });

    it('reminds before Toussaint when the deadline is 1 November itself', () => {
      // Deadline Wed 1 November 2023 23:59:59 CET: P0D falls on the holiday → Tue 31 October;
      // P1D is Tue 31 October too (one reminder); P2D is Mon 30 October.
      const slots = reminderSlots(policy({ before: ['P2D', 'P1D', 'P0D'] }), at('2023-11-01T23:59:59+01:00'));
      expect(iso(slots)).toEqual(['2023-10-30T08:00:00.000Z', '2023-10-31T08:00:00.000Z']);
    });
  });

  it('never moves a reminder before the deadline to after it, on the deadline day itself', () => {
    // Deadline Mon 17 July 08:00: one hour before is 07:00, but 09:00 that day is too late. The
    // previous business day is Thu 13 July (Sun 16, Sat 15, and the 14 July holiday are skipped).
    const slots = reminderSlots(policy({ before: ['PT1H'] }), at('2023-07-17T08:00:00+02:00'));
    expect(iso(slots)).toEqual(['2023-07-13T07:00:00.000Z']);
  });

  it('never sends an overdue reminder before the deadline, even with a short cadence', () => {
    // Deadline Thu 13 July 18:00; overdue every 2 s. 18:00:02 is still Thursday 13 July, and 09:00
    // that Thursday is before the deadline. An "overdue" reminder must come after the deadline: the
    // next possible business morning is Mon 17 July (Fri 14 July is a holiday).
    const deadline = at('2023-07-13T18:00:00+02:00');
    const slots = reminderSlots(policy({ overdueEvery: 'PT2S', overdueMax: 3 }), deadline);
    expect(slots.length).toBeGreaterThan(0);
    const notAfterDeadline = iso(slots).filter((instant) => instant <= '2023-07-13T16:00:00.000Z');
    expect(notAfterDeadline).toEqual([]);
  });

  it('schedules the Terres du Lauragais campaign with the default policy (deadline 31 October 2023 23:59:59)', () => {
    const slots = reminderSlots(DEFAULT_REMINDER_POLICY, at('2023-10-31T23:59:59+01:00'));
    expect(slots.map((s) => [new Date(s.at).toISOString(), s.overdue])).toEqual([
      // P30D: Mon 2 October 00:59:59 CEST → 09:00 that Monday.
      ['2023-10-02T07:00:00.000Z', false],
      // P14D: Wed 18 October.
      ['2023-10-18T07:00:00.000Z', false],
      // P7D: Wed 25 October.
      ['2023-10-25T07:00:00.000Z', false],
      // P2D: Sun 29 October 23:59:59 CET → Fri 27 October, still summer time.
      ['2023-10-27T07:00:00.000Z', false],
      // Every 7 days after: Tuesdays 7, 14, 21, 28 November, winter time.
      ['2023-11-07T08:00:00.000Z', true],
      ['2023-11-14T08:00:00.000Z', true],
      ['2023-11-21T08:00:00.000Z', true],
      ['2023-11-28T08:00:00.000Z', true],
    ]);
  });
});

describe('reminderSlots with businessDaysOnly false', () => {
  it('keeps the exact instants, even on a Saturday holiday', () => {
    // Deadline Sat 11 November 2023 10:00 CET = 09:00:00Z.
    const slots = reminderSlots(
      policy({ businessDaysOnly: false, before: ['PT6S', 'PT2S'], overdueEvery: 'PT2S', overdueMax: 3 }),
      at('2023-11-11T10:00:00+01:00'),
    );
    expect(slots.map((s) => [new Date(s.at).toISOString(), s.overdue])).toEqual([
      ['2023-11-11T08:59:54.000Z', false],
      ['2023-11-11T08:59:58.000Z', false],
      ['2023-11-11T09:00:02.000Z', true],
      ['2023-11-11T09:00:04.000Z', true],
      ['2023-11-11T09:00:06.000Z', true],
    ]);
  });

  it('sorts the reminders and drops repeated ones', () => {
    const deadline = at('2023-07-14T12:00:00+02:00');
    const slots = reminderSlots(policy({ businessDaysOnly: false, before: ['PT2S', 'PT10S', 'PT2S'] }), deadline);
    expect(slots.map((s) => s.at - deadline)).toEqual([-10_000, -2_000]);
  });
});

describe('nextReminder', () => {
  // The default policy on the real deadline: see the full schedule above.
  const deadline = at('2023-10-31T23:59:59+01:00');
  const next = (clock: { afterMs: number; nowMs: number; sessionDate?: string }) => {
    const slot = nextReminder(DEFAULT_REMINDER_POLICY, deadline, clock);
    return slot && { at: new Date(slot.at).toISOString(), overdue: slot.overdue };
  };

  it('returns the first slot when none has passed yet', () => {
    expect(next({ afterMs: at('2023-09-01T00:00:00Z'), nowMs: at('2023-09-15T10:00:00+02:00') })).toEqual({
      at: '2023-10-02T07:00:00.000Z',
      overdue: false,
    });
  });

  it('skips the slots up to and including afterMs', () => {
    expect(next({ afterMs: at('2023-10-18T07:00:00Z'), nowMs: at('2023-10-19T10:00:00+02:00') })).toEqual({
      at: '2023-10-25T07:00:00.000Z',
      overdue: false,
    });
    expect(next({ afterMs: at('2023-10-18T06:59:59Z'), nowMs: at('2023-10-19T10:00:00+02:00') })?.at).toBe('2023-10-18T07:00:00.000Z');
  });

  it('returns only the latest of several slots that passed unsent', () => {
    // Nothing sent since 1 September; on Thu 26 October the 2, 18 and 25 October slots have passed.
    expect(next({ afterMs: at('2023-09-01T00:00:00Z'), nowMs: at('2023-10-26T12:00:00+02:00') })).toEqual({
      at: '2023-10-25T07:00:00.000Z',
      overdue: false,
    });
    // A worker down from 2 October to 15 November: one overdue reminder, the one of 14 November.
    expect(next({ afterMs: at('2023-10-02T07:00:00Z'), nowMs: at('2023-11-15T12:00:00+01:00') })).toEqual({
      at: '2023-11-14T08:00:00.000Z',
      overdue: true,
    });
  });

  it('sends nothing before the day after an announced session', () => {
    // Session on Fri 27 October: the 27 October slot is skipped although it is due; the next is
    // the first overdue one, Tue 7 November.
    expect(
      next({ afterMs: at('2023-09-01T00:00:00Z'), nowMs: at('2023-10-27T12:00:00+02:00'), sessionDate: '2023-10-27' }),
    ).toEqual({ at: '2023-11-07T08:00:00.000Z', overdue: true });
  });

  it('reminds as soon as the day after the session', () => {
    // Session on Thu 26 October: the Fri 27 October slot is allowed; the 25 October one is not.
    expect(
      next({ afterMs: at('2023-09-01T00:00:00Z'), nowMs: at('2023-10-27T12:00:00+02:00'), sessionDate: '2023-10-26' }),
    ).toEqual({ at: '2023-10-27T07:00:00.000Z', overdue: false });
  });

  it('returns nothing when the session is after every slot', () => {
    expect(next({ afterMs: at('2023-09-01T00:00:00Z'), nowMs: at('2023-10-27T12:00:00+02:00'), sessionDate: '2023-12-01' })).toBeUndefined();
  });

  it('returns nothing once every slot was dealt with', () => {
    expect(next({ afterMs: at('2023-11-28T08:00:00Z'), nowMs: at('2023-12-15T12:00:00+01:00') })).toBeUndefined();
  });
});
