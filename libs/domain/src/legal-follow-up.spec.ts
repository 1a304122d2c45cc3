import { holdConference, recordDeliberation, recordLegalFollowUp, reopenDeliberation } from './campaign-commands';
import { CampaignDefinition, DEFAULT_REMINDER_POLICY } from './campaign-definition';
import { CampaignEvent, CampaignEventBody } from './campaign-events';
import { CampaignState, evolve, initialState } from './campaign-state';
import { legalFollowUpMissing } from './legal-follow-up';
import { refusal } from './testing/refusal';

const NOW = Date.parse('2023-09-01T10:00:00+02:00');

function campaign(): CampaignState {
  const definition: CampaignDefinition = {
    id: 'ctg-test',
    title: 'Convention de test',
    territory: { name: 'Territoire de test' },
    deliberationDeadline: '2023-10-31T23:59:59+01:00',
    signatories: [
      { id: 'epci', kind: 'epci', name: 'Communauté de communes', email: 'epci@example.org', required: true },
      { id: 'c1', kind: 'commune', name: 'Saint-Félix', email: 'c1@example.org', required: false },
      { id: 'c2', kind: 'commune', name: 'Montégut', email: 'c2@example.org', required: false },
    ],
    reminderPolicy: DEFAULT_REMINDER_POLICY,
  };
  const state = initialState(definition);
  apply(state, holdConference(state, { heldOn: '2023-06-13' }, NOW));
  return state;
}

function apply(state: CampaignState, bodies: CampaignEventBody[]): CampaignState {
  for (const body of bodies) {
    evolve(state, { ...body, seq: state.lastSeq + 1, id: 'x', campaignId: state.id, occurredAt: new Date(NOW).toISOString(), actor: { kind: 'system', id: 't' } } as CampaignEvent);
  }
  return state;
}

const vote = (decision: 'adopted' | 'rejected' | 'adjourned') => ({
  sessionDate: '2023-07-04',
  decision,
  votesFor: decision === 'adopted' ? 10 : 2,
  votesAgainst: decision === 'rejected' ? 9 : decision === 'adopted' ? 1 : 2,
  abstentions: 0,
});


describe('the legal follow-up of a deliberation (contrôle de légalité)', () => {
  it('is recorded for a final deliberation, merged field by field, and once only', () => {
    const state = campaign();
    apply(state, recordDeliberation(state, 'c1', vote('adopted'), NOW));
    expect(legalFollowUpMissing(state)).toEqual(['c1']);

    const first = recordLegalFollowUp(state, 'c1', { transmittedOn: '2023-07-10', actesId: '031-213105826-20230704-2023_045-DE' }, NOW);
    expect(first).toEqual([
      {
        type: 'LegalFollowUpRecorded',
        data: { signatoryId: 'c1', deliberationSeq: 2, legalFollowUp: { transmittedOn: '2023-07-10', actesId: '031-213105826-20230704-2023_045-DE' } },
      },
    ]);
    apply(state, first);
    expect(legalFollowUpMissing(state)).toEqual(['c1']);

    const second = recordLegalFollowUp(state, 'c1', { acknowledgedAt: '2023-07-10T14:32:05+02:00', executoryOn: '2023-07-12' }, NOW);
    apply(state, second);
    expect(state.signatories.c1.legalFollowUp).toEqual({
      transmittedOn: '2023-07-10',
      actesId: '031-213105826-20230704-2023_045-DE',
      acknowledgedAt: '2023-07-10T14:32:05+02:00',
      executoryOn: '2023-07-12',
    });
    expect(legalFollowUpMissing(state)).toEqual([]);
    expect(recordLegalFollowUp(state, 'c1', { executoryOn: '2023-07-12' }, NOW)).toEqual([]);

    apply(state, recordLegalFollowUp(state, 'c1', { actesId: null }, NOW));
    expect(state.signatories.c1.legalFollowUp?.actesId).toBeUndefined();
  });

  it("stays missing until the prefecture's acknowledgment is recorded too", () => {
    const state = campaign();
    apply(state, recordDeliberation(state, 'c1', vote('adopted'), NOW));
    apply(state, recordLegalFollowUp(state, 'c1', { transmittedOn: '2023-07-10', executoryOn: '2023-07-12' }, NOW));
    expect(legalFollowUpMissing(state)).toEqual(['c1']);
    apply(state, recordLegalFollowUp(state, 'c1', { acknowledgedAt: '2023-07-10T14:32:05+02:00' }, NOW));
    expect(legalFollowUpMissing(state)).toEqual([]);
  });

  it('refuses dates out of order, naming the field', () => {
    const state = campaign();
    apply(state, recordDeliberation(state, 'c1', vote('adopted'), NOW));
    const fields = (input: Record<string, string | null>) => refusal(() => recordLegalFollowUp(state, 'c1', input, NOW)).fields;

    expect(fields({ transmittedOn: '2023-07-03' })).toEqual([{ field: 'transmittedOn', message: expect.stringContaining('2023-07-04') }]);
    expect(fields({ transmittedOn: '2023-07-10', acknowledgedAt: '2023-07-09T18:00:00+02:00' })).toEqual([
      { field: 'acknowledgedAt', message: expect.stringContaining('before the transmission') },
    ]);
    expect(fields({ acknowledgedAt: '2023-07-10T18:00:00+02:00' })).toEqual([{ field: 'acknowledgedAt', message: expect.stringContaining('needs transmittedOn') }]);
    expect(fields({ transmittedOn: '2023-07-10', executoryOn: '2023-07-09' })).toEqual([{ field: 'executoryOn', message: expect.stringContaining('before the transmission') }]);
    expect(fields({ transmittedOn: '2023-09-02' })).toEqual([{ field: 'transmittedOn', message: 'must not be in the future' }]);
    expect(fields({ transmittedOn: '10/07/2023', acknowledgedAt: 'hier', actesId: '' })).toEqual([
      { field: 'transmittedOn', message: expect.any(String) },
      { field: 'acknowledgedAt', message: expect.any(String) },
      { field: 'actesId', message: expect.any(String) },
    ]);
    // Midnight in Paris is still the day before in UTC: the acknowledgment is compared as a Paris day.
    expect(recordLegalFollowUp(state, 'c1', { transmittedOn: '2023-07-10', acknowledgedAt: '2023-07-09T22:30:00Z' }, NOW)).toHaveLength(1);
  });

  it('needs a final deliberation, and starts again for the new act after a reopening', () => {
    const state = campaign();
    expect(refusal(() => recordLegalFollowUp(state, 'c1', { transmittedOn: '2023-07-10' }, NOW)).kind).toBe('conflict');
    apply(state, recordDeliberation(state, 'c1', vote('adjourned'), NOW));
    expect(refusal(() => recordLegalFollowUp(state, 'c1', { transmittedOn: '2023-07-10' }, NOW)).kind).toBe('conflict');
    expect(refusal(() => recordLegalFollowUp(state, 'nobody', {}, NOW)).kind).toBe('not_found');

    apply(state, recordDeliberation(state, 'c2', vote('rejected'), NOW));
    apply(state, recordLegalFollowUp(state, 'c2', { transmittedOn: '2023-07-10' }, NOW));
    expect(state.signatories.c2.legalFollowUp).toEqual({ transmittedOn: '2023-07-10' });
    expect(legalFollowUpMissing(state)).toEqual([]);
    apply(state, reopenDeliberation(state, 'c2', 'nouvelle séance'));
    expect(state.signatories.c2.legalFollowUp).toBeUndefined();
  });
});
