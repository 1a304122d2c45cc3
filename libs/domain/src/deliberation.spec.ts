import { Deliberation, DeliberationContext, sameDeliberation, validateDeliberation } from './deliberation';

/** The Terres du Lauragais case: conference on 13 June 2023, votes recorded in the autumn. */
const context: DeliberationContext = { conferenceDay: '2023-06-13', today: '2023-11-20' };

/** A valid council vote: 27 in office, 22 present, 3 proxies, 23 for, 2 abstentions. */
function vote(overrides: Partial<Record<keyof Deliberation, unknown>> = {}): Deliberation {
  return {
    sessionDate: '2023-07-04',
    decision: 'adopted',
    votesFor: 23,
    votesAgainst: 0,
    abstentions: 2,
    number: '2023-045',
    documentSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    membersInOffice: 27,
    membersPresent: 22,
    proxies: 3,
    ...overrides,
  } as Deliberation;
}

/** A vote without attendance figures, so only the majority rule applies. */
function countsOnly(decision: string, votesFor: number, votesAgainst: number, abstentions: number, extra = {}): Deliberation {
  return { sessionDate: '2023-07-04', decision, votesFor, votesAgainst, abstentions, ...extra } as Deliberation;
}

const fieldsOf = (d: Deliberation, ctx: DeliberationContext = context) => validateDeliberation(d, ctx).map((e) => e.field);

describe('validateDeliberation', () => {
  it('accepts a complete, consistent council vote', () => {
    expect(validateDeliberation(vote(), context)).toEqual([]);
  });

  it('gives every error a message, not just a field name', () => {
    const errors = validateDeliberation(vote({ votesFor: -1, number: 'x'.repeat(51) }), context);
    expect(errors.length).toBe(2);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  describe('the decision follows the majority of votes cast (L2121-20)', () => {
    it('adopts with more votes for than against, however many abstain', () => {
      // 5 for, 4 against: adopted even though 20 members abstained (abstentions are not votes cast).
      expect(fieldsOf(countsOnly('adopted', 5, 4, 20))).toEqual([]);
    });

    it('refuses "adopted" when more voted against, even if abstentions plus votes for outnumber them', () => {
      expect(fieldsOf(countsOnly('adopted', 4, 5, 20))).toEqual(['decision']);
    });

    it('rejects with fewer votes for than against, however many abstain', () => {
      expect(fieldsOf(countsOnly('rejected', 4, 5, 20))).toEqual([]);
    });

    it('refuses "rejected" when more voted for than against', () => {
      expect(fieldsOf(countsOnly('rejected', 5, 4, 0))).toEqual(['decision']);
    });

    it('refuses "rejected" when abstentions outnumber the votes for but the votes for still win', () => {
      expect(fieldsOf(countsOnly('rejected', 3, 2, 10))).toEqual(['decision']);
    });

    it('refuses "adopted" on a tie without the chair\'s casting vote', () => {
      expect(fieldsOf(countsOnly('adopted', 10, 10, 1))).toEqual(['decision']);
      expect(fieldsOf(countsOnly('adopted', 10, 10, 1, { tieBrokenByChair: false }))).toEqual(['decision']);
    });

    it('adopts on a tie broken by the chair\'s casting vote', () => {
      expect(fieldsOf(countsOnly('adopted', 10, 10, 1, { tieBrokenByChair: true }))).toEqual([]);
    });

    it('rejects on a tie without the chair\'s casting vote', () => {
      expect(fieldsOf(countsOnly('rejected', 10, 10, 1))).toEqual([]);
      expect(fieldsOf(countsOnly('rejected', 10, 10, 1, { tieBrokenByChair: false }))).toEqual([]);
    });

    it('refuses "rejected" on a tie the chair broke (that is an adoption)', () => {
      expect(fieldsOf(countsOnly('rejected', 10, 10, 1, { tieBrokenByChair: true }))).toEqual(['decision']);
    });

    it('accepts an adjournment whatever the counts, since nothing was decided', () => {
      expect(fieldsOf(countsOnly('adjourned', 0, 0, 0))).toEqual([]);
      expect(fieldsOf(countsOnly('adjourned', 3, 7, 1))).toEqual([]);
    });

    it('refuses an unknown decision, naming "decision"', () => {
      expect(fieldsOf(countsOnly('approved', 5, 0, 0))).toEqual(['decision']);
      expect(fieldsOf(countsOnly('', 5, 0, 0))).toEqual(['decision']);
    });

    it('refuses a non-boolean tieBrokenByChair', () => {
      expect(fieldsOf(countsOnly('adopted', 10, 10, 0, { tieBrokenByChair: 'yes' }))).toEqual(['tieBrokenByChair']);
    });
  });

  describe('counts are integers from 0 to 500', () => {
    const countFields = ['votesFor', 'votesAgainst', 'abstentions', 'membersInOffice', 'membersPresent', 'proxies'] as const;

    it.each(countFields)('refuses a negative %s, naming it', (field) => {
      expect(fieldsOf(vote({ [field]: -1 }))).toEqual([field]);
    });

    it.each(countFields)('refuses a fractional %s, naming it', (field) => {
      expect(fieldsOf(vote({ [field]: 2.5 }))).toEqual([field]);
    });

    it.each(countFields)('refuses 501 as %s, naming it', (field) => {
      expect(fieldsOf(vote({ [field]: 501 }))).toEqual([field]);
    });

    it.each(countFields)('refuses a string as %s, even a numeric one, naming it', (field) => {
      expect(fieldsOf(vote({ [field]: '12' }))).toEqual([field]);
    });

    it.each(['votesFor', 'votesAgainst', 'abstentions'] as const)('refuses a missing %s, naming it', (field) => {
      expect(fieldsOf(vote({ [field]: undefined }))).toEqual([field]);
    });

    it('accepts 0 and 500 as bounds', () => {
      expect(fieldsOf(countsOnly('adopted', 500, 0, 0))).toEqual([]);
      expect(fieldsOf(countsOnly('rejected', 0, 500, 0))).toEqual([]);
      expect(
        fieldsOf(vote({ votesFor: 300, votesAgainst: 100, abstentions: 100, membersInOffice: 500, membersPresent: 400, proxies: 100 })),
      ).toEqual([]);
    });

    it('names every broken field at once', () => {
      expect(fieldsOf(vote({ votesFor: -3, abstentions: 1.5, proxies: '2' })).sort()).toEqual(['abstentions', 'proxies', 'votesFor']);
    });
  });

  describe('attendance, when given (L2121-17)', () => {
    it('refuses a session without quorum: 13 present out of 27 is not more than half', () => {
      const d = vote({ membersInOffice: 27, membersPresent: 13, proxies: 0, votesFor: 10, votesAgainst: 0, abstentions: 0 });
      expect(fieldsOf(d)).toEqual(['membersPresent']);
    });

    it('refuses exactly half of the members in office: the quorum is more than half', () => {
      const d = vote({ membersInOffice: 26, membersPresent: 13, proxies: 0, votesFor: 10, votesAgainst: 0, abstentions: 0 });
      expect(fieldsOf(d)).toEqual(['membersPresent']);
    });

    it('accepts one member more than half', () => {
      const d = vote({ membersInOffice: 26, membersPresent: 14, proxies: 0, votesFor: 10, votesAgainst: 0, abstentions: 0 });
      expect(fieldsOf(d)).toEqual([]);
    });

    it('needs no quorum at a second convocation (reconvened: true)', () => {
      const d = vote({ membersInOffice: 27, membersPresent: 5, proxies: 2, votesFor: 6, votesAgainst: 1, abstentions: 0, reconvened: true });
      expect(fieldsOf(d)).toEqual([]);
    });

    it('still requires the quorum when reconvened is false', () => {
      const d = vote({ membersInOffice: 27, membersPresent: 5, proxies: 2, votesFor: 6, votesAgainst: 1, abstentions: 0, reconvened: false });
      expect(fieldsOf(d)).toEqual(['membersPresent']);
    });

    it('refuses more members present than in office', () => {
      expect(fieldsOf(vote({ membersInOffice: 20, membersPresent: 22 }))).toContain('membersPresent');
    });

    it('refuses more proxies than members present', () => {
      const d = vote({ membersInOffice: 27, membersPresent: 14, proxies: 15, votesFor: 20, votesAgainst: 0, abstentions: 0 });
      expect(fieldsOf(d)).toEqual(['proxies']);
    });

    it('accepts as many proxies as members present, when as many are absent (a reconvened council)', () => {
      const d = vote({ membersInOffice: 28, membersPresent: 14, proxies: 14, votesFor: 20, votesAgainst: 0, abstentions: 0, reconvened: true });
      expect(fieldsOf(d)).toEqual([]);
    });

    it('refuses more proxies than members absent: only an absent member gives one', () => {
      // 10 in office, 10 present, nobody absent: the 10 proxies and 20 ballots cannot be.
      const d = vote({ membersInOffice: 10, membersPresent: 10, proxies: 10, votesFor: 20, votesAgainst: 0, abstentions: 0 });
      expect(fieldsOf(d)).toEqual(['proxies', 'votesFor']);
      expect(fieldsOf(vote({ membersInOffice: 27, membersPresent: 22, proxies: 6, votesFor: 20 }))).toEqual(['proxies']);
      expect(fieldsOf(vote({ membersInOffice: 27, membersPresent: 22, proxies: 5, votesFor: 20 }))).toEqual([]);
    });

    it('refuses more ballots than members in office, even without membersPresent', () => {
      const over = validateDeliberation(countsOnly('adopted', 400, 0, 0, { membersInOffice: 15 }), context);
      expect(over.map((e) => e.field)).toEqual(['votesFor']);
      expect(over[0].message).toMatch(/membersInOffice/);
      expect(fieldsOf(countsOnly('adopted', 10, 3, 2, { membersInOffice: 15 }))).toEqual([]);
      expect(fieldsOf(countsOnly('adopted', 10, 3, 3, { membersInOffice: 15, proxies: 2 }))).toEqual(['votesFor']);
    });

    it('refuses more ballots than members present plus proxies, naming a count field', () => {
      // 22 present + 3 proxies = 25 possible ballots; 24 + 0 + 2 = 26.
      const fields = fieldsOf(vote({ votesFor: 24, votesAgainst: 0, abstentions: 2 }));
      expect(fields).toHaveLength(1);
      expect(['votesFor', 'votesAgainst', 'abstentions']).toContain(fields[0]);
    });

    it('accepts exactly as many ballots as members present plus proxies', () => {
      expect(fieldsOf(vote({ votesFor: 20, votesAgainst: 3, abstentions: 2 }))).toEqual([]);
    });

    it('counts only the members present when no proxy figure is given', () => {
      const fields = fieldsOf(vote({ proxies: undefined, votesFor: 21, votesAgainst: 0, abstentions: 2 }));
      expect(fields).toHaveLength(1);
      expect(fieldsOf(vote({ proxies: undefined, votesFor: 20, votesAgainst: 0, abstentions: 2 }))).toEqual([]);
    });

    it('refuses a register number PostgreSQL could not store (a lone UTF-16 surrogate)', () => {
      for (const number of ['2023-\ud800', '\udfff045', '045\ud83d']) expect(fieldsOf(vote({ number }))).toEqual(['number']);
      expect(fieldsOf(vote({ number: 'n° 2023-045 🏛️' }))).toEqual([]);
    });

    it('applies no attendance rule when attendance is not given', () => {
      expect(fieldsOf(countsOnly('adopted', 400, 50, 50))).toEqual([]);
    });
  });

  describe('sessionDate', () => {
    it('accepts the day of the conference and today', () => {
      expect(fieldsOf(vote({ sessionDate: '2023-06-13' }))).toEqual([]);
      expect(fieldsOf(vote({ sessionDate: '2023-11-20' }))).toEqual([]);
    });

    it('refuses a session held before the mayors\' conference', () => {
      expect(fieldsOf(vote({ sessionDate: '2023-06-12' }))).toEqual(['sessionDate']);
    });

    it('refuses a session in the future', () => {
      expect(fieldsOf(vote({ sessionDate: '2023-11-21' }))).toEqual(['sessionDate']);
    });

    it('accepts an early session when no conference day is known', () => {
      expect(fieldsOf(vote({ sessionDate: '2023-01-10' }), { today: '2023-11-20' })).toEqual([]);
    });

    it.each(['2023-02-30', '04/07/2023', '2023-7-4', '2023-07-04T18:00:00+02:00', ''])('refuses %p as a day', (day) => {
      expect(fieldsOf(vote({ sessionDate: day }))).toEqual(['sessionDate']);
    });
  });

  describe('number and documentSha256', () => {
    it('accepts a register number of 50 characters and refuses 51', () => {
      expect(fieldsOf(vote({ number: 'D'.repeat(50) }))).toEqual([]);
      expect(fieldsOf(vote({ number: 'D'.repeat(51) }))).toEqual(['number']);
    });

    it('refuses a register number that is not text', () => {
      expect(fieldsOf(vote({ number: 45 }))).toEqual(['number']);
    });

    it('accepts a 64-character hexadecimal SHA-256, whatever its case', () => {
      expect(fieldsOf(vote({ documentSha256: 'ab'.repeat(32) }))).toEqual([]);
      expect(fieldsOf(vote({ documentSha256: 'AB'.repeat(32) }))).toEqual([]);
    });

    it.each([
      ['63 characters', 'a'.repeat(63)],
      ['65 characters', 'a'.repeat(65)],
      ['a non-hex character', 'g' + 'a'.repeat(63)],
      ['a prefixed hash', 'sha256:' + 'a'.repeat(64)],
    ])('refuses a SHA-256 with %s', (_label, sha) => {
      expect(fieldsOf(vote({ documentSha256: sha }))).toEqual(['documentSha256']);
    });
  });
});

describe('sameDeliberation', () => {
  it('treats the same vote sent again, fields in another order, as the same', () => {
    const a = vote();
    const b = Object.fromEntries(Object.entries(vote()).reverse()) as unknown as Deliberation;
    expect(sameDeliberation(a, b)).toBe(true);
  });

  it('treats a SHA-256 in capitals as the same document', () => {
    const sha = vote().documentSha256 as string;
    expect(sameDeliberation(vote(), vote({ documentSha256: sha.toUpperCase() }))).toBe(true);
  });

  it('tells apart votes that differ in one count', () => {
    expect(sameDeliberation(vote(), vote({ votesFor: 22, abstentions: 3 }))).toBe(false);
  });
});
