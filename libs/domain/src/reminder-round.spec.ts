import { CampaignDefinition, ReminderPolicy } from './campaign-definition';
import { CampaignState, evolve, initialState } from './campaign-state';
import { ReminderRound } from './reminder-round';

const HOUR = 3_600_000;
const DEADLINE = '2023-10-02T16:00:00.000Z';
const deadlineMs = Date.parse(DEADLINE);
/** On every day, so the slots are plain arithmetic: 48 h and 24 h before the deadline, then 24 h after it twice. */
const POLICY: ReminderPolicy = { before: ['P2D', 'P1D'], overdueEvery: 'P1D', overdueMax: 2, escalateFrom: 3, businessDaysOnly: false };

function campaign(): CampaignState {
  const definition: CampaignDefinition = {
    id: 'ctg-test',
    title: 'Convention de test',
    territory: { name: 'Territoire de test' },
    deliberationDeadline: DEADLINE,
    signatories: ['epci', 'commune-1'].map((id) => ({ id, kind: id === 'epci' ? 'epci' : 'commune', name: id, email: `${id}@example.org`, required: id === 'epci' })),
    reminderPolicy: POLICY,
  } as CampaignDefinition;
  const state = initialState(definition);
  state.phase = 'deliberating';
  return state;
}

const at = (hoursFromDeadline: number) => deadlineMs + hoursFromDeadline * HOUR;

describe('ReminderRound: every body of a campaign on one schedule', () => {
  it('reminds nobody before the conference, then from the slots after it only', () => {
    const state = campaign();
    const round = new ReminderRound(POLICY, {});
    expect(round.due(state, 'epci', at(-47))).toBeUndefined();
    // The conference between the first and the second slot: the first is never sent.
    round.begin(state, at(-30));
    expect(round.due(state, 'epci', at(-29))).toBeUndefined();
    expect(round.nextSlot(state, 'epci', at(-29))?.at).toBe(at(-24));
    expect(round.due(state, 'epci', at(-24))).toMatchObject({ number: 1, escalated: false, slot: { at: at(-24), overdue: false } });
  });

  it('numbers each body’s reminders on, a refused one spent, a skipped one not', () => {
    const state = campaign();
    const round = new ReminderRound(POLICY, {});
    round.begin(state, at(-100));
    const first = round.due(state, 'epci', at(-48))!;
    round.dealtWith(first, true);
    const second = round.due(state, 'epci', at(-24))!;
    expect(second.number).toBe(2);
    // Nothing went out (the body decided meanwhile): the slot is spent, the number is not.
    round.dealtWith(second, false);
    const third = round.due(state, 'epci', at(24))!;
    expect(third).toMatchObject({ number: 2, slot: { overdue: true } });
    // Refused for good by the SMTP server: the number is spent, and escalation counts it.
    round.dealtWith(third, true);
    expect(round.due(state, 'epci', at(48))).toMatchObject({ number: 3, escalated: true });
    // The other body's schedule is its own.
    expect(round.due(state, 'commune-1', at(-48))?.number).toBe(1);
  });

  it('sends one reminder, the latest, for slots missed while nothing ran', () => {
    const state = campaign();
    const round = new ReminderRound(POLICY, {});
    round.begin(state, at(-100));
    expect(round.due(state, 'epci', at(30))?.slot.at).toBe(at(24));
  });

  it('follows the body and the campaign: none once decided or closed, none before the day after an announced session', () => {
    const state = campaign();
    const round = new ReminderRound(POLICY, {});
    round.begin(state, at(-100));
    state.signatories['commune-1'].sessionDate = '2023-10-01';
    // The session is on 1 October: no reminder before 2 October 00:00 in Paris (1 October 22:00Z),
    // so the slot of 1 October 16:00Z passes and the next is the first overdue one.
    expect(round.nextSlot(state, 'commune-1', at(-47))?.at).toBe(at(24));
    evolve(state, {
      seq: 1,
      id: 'e1',
      campaignId: 'ctg-test',
      occurredAt: new Date(at(-40)).toISOString(),
      actor: { kind: 'administrator', id: 'admin@example.org' },
      type: 'DeliberationRecorded',
      data: { signatoryId: 'epci', late: false, deliberation: { sessionDate: '2023-09-28', decision: 'adopted', votesFor: 10, votesAgainst: 0, abstentions: 0 } },
    } as never);
    expect(round.nextSlot(state, 'epci', at(-30))).toBeUndefined();
    state.phase = 'cancelled';
    expect(round.nextSlot(state, 'commune-1', at(-30))).toBeUndefined();
  });

  it('follows a moved deadline from the slot it has reached', () => {
    const state = campaign();
    const round = new ReminderRound(POLICY, {});
    round.begin(state, at(-100));
    round.dealtWith(round.due(state, 'epci', at(-48))!, true);
    state.deliberationDeadline = new Date(at(72)).toISOString();
    expect(round.nextSlot(state, 'epci', at(-47))?.at).toBe(at(24));
  });
});
