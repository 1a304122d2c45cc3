import {
  automaticEvents,
  cancelCampaign,
  correctDeliberation,
  forwardPersonalLink,
  holdConference,
  moveDeadline,
  recordDeliberation,
  reopenDeliberation,
  scheduleSession,
  sendPersonalLink,
  signConvention,
} from './campaign-commands';
import { CampaignDefinition, DEFAULT_REMINDER_POLICY } from './campaign-definition';
import { Actor, CampaignEvent, CampaignEventBody } from './campaign-events';
import { CampaignState, countsOf, evolve, initialState, isBlocked, requiredPending, statusOf } from './campaign-state';
import { Deliberation } from './deliberation';
import { DomainError, DomainErrorKind } from './field-error';

const ADMIN: Actor = { kind: 'administrator', id: 'admin@cc-terres-du-lauragais.fr' };
const EPCI = '200071298';
const CAF = 'caf31';
const COMMUNE = '31582';

const DEADLINE = '2023-10-31T23:59:59+01:00';
const at = (iso: string) => Date.parse(iso);
/** The day after the mayors' conference of 13 June 2023. */
const JUNE_14 = at('2023-06-14T10:00:00+02:00');
/** A working day in the deliberation period, well before the deadline. */
const JULY_5 = at('2023-07-05T10:00:00+02:00');
/** Two days after the deadline of 31 October 2023. */
const NOV_2 = at('2023-11-02T10:00:00+01:00');
const NOV_21 = at('2023-11-21T15:00:00+01:00');

function definition(): CampaignDefinition {
  return {
    id: 'ctg-terres-du-lauragais-2023',
    title: 'Convention Territoriale Globale — Terres du Lauragais',
    territory: { name: 'Communauté de communes des Terres du Lauragais', siren: '200071298' },
    conferenceDate: '2023-06-13',
    deliberationDeadline: DEADLINE,
    signatories: [
      { id: EPCI, kind: 'epci', name: 'CC des Terres du Lauragais', email: 'dgs@example.org', required: true },
      { id: CAF, kind: 'caf', name: 'CAF de la Haute-Garonne', email: 'ctg@example.org', required: true },
      { id: COMMUNE, kind: 'commune', name: 'Villefranche-de-Lauragais', email: 'mairie@example.org', required: false },
    ],
    reminderPolicy: DEFAULT_REMINDER_POLICY,
  };
}

/** Applies decided events the way the campaign workflow does: the next seq, then evolve. */
function apply(state: CampaignState, bodies: CampaignEventBody[], nowMs = JULY_5): CampaignState {
  for (const body of bodies) {
    const event = {
      ...body,
      seq: state.lastSeq + 1,
      id: 'x',
      campaignId: state.id,
      occurredAt: new Date(nowMs).toISOString(),
      actor: ADMIN,
    } as CampaignEvent;
    evolve(state, event);
  }
  return state;
}

/** A decision then what the engine records by itself after it, as the workflow's update handler does. */
function run(state: CampaignState, decide: () => CampaignEventBody[], nowMs = JULY_5): CampaignEventBody[] {
  const bodies = decide();
  apply(state, bodies, nowMs);
  const automatic = automaticEvents(state, nowMs);
  apply(state, automatic, nowMs);
  return [...bodies, ...automatic];
}

function launched(): CampaignState {
  const state = initialState(definition());
  return apply(state, [{ type: 'CampaignLaunched', data: definition() }], at('2023-06-01T09:00:00+02:00'));
}

function deliberating(): CampaignState {
  const state = launched();
  apply(state, holdConference(state, { heldOn: '2023-06-13' }, JUNE_14), JUNE_14);
  return state;
}

function vote(decision: Deliberation['decision'], overrides: Partial<Deliberation> = {}): Deliberation {
  const counts =
    decision === 'adopted'
      ? { votesFor: 23, votesAgainst: 0, abstentions: 2 }
      : decision === 'rejected'
        ? { votesFor: 5, votesAgainst: 18, abstentions: 2 }
        : { votesFor: 0, votesAgainst: 0, abstentions: 0 };
  return { sessionDate: '2023-07-04', decision, ...counts, number: '2023-045', ...overrides };
}

function expectDomainError(fn: () => unknown, kind: DomainErrorKind): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).kind).toBe(kind);
  return caught as DomainError;
}

const types = (bodies: CampaignEventBody[]) => bodies.map((b) => b.type);

describe('the mayors\' conference', () => {
  it('starts a campaign awaiting its conference, everyone pending', () => {
    const state = launched();
    expect(state.phase).toBe('awaiting_conference');
    expect(Object.values(state.signatories).map(statusOf)).toEqual(['pending', 'pending', 'pending']);
    expect(state.lastSeq).toBe(1);
  });

  it('opens the deliberations once held (awaiting_conference → deliberating)', () => {
    const state = launched();
    const events = holdConference(state, { heldOn: '2023-06-13', notes: 'PST présenté aux maires' }, JUNE_14);
    expect(events).toEqual([{ type: 'ConferenceHeld', data: { heldOn: '2023-06-13', notes: 'PST présenté aux maires' } }]);
    apply(state, events, JUNE_14);
    expect(state.phase).toBe('deliberating');
    expect(state.conference).toEqual({ heldOn: '2023-06-13', notes: 'PST présenté aux maires' });
    expect(state.lastSeq).toBe(2);
  });

  it('refuses a conference in the future', () => {
    const error = expectDomainError(() => holdConference(launched(), { heldOn: '2023-06-15' }, JUNE_14), 'invalid');
    expect(error.fields.map((f) => f.field)).toEqual(['heldOn']);
  });

  it('records the same conference once, and refuses another date', () => {
    const state = deliberating();
    expect(holdConference(state, { heldOn: '2023-06-13' }, JULY_5)).toEqual([]);
    expectDomainError(() => holdConference(state, { heldOn: '2023-06-20' }, JULY_5), 'conflict');
  });
});

describe('recording a deliberation', () => {
  it('refuses a vote before the conference as a conflict, recording nothing', () => {
    const state = launched();
    expectDomainError(() => recordDeliberation(state, EPCI, vote('adopted'), JULY_5), 'conflict');
    expect(state.lastSeq).toBe(1);
  });

  it('answers not_found for a signatory that is not in the campaign', () => {
    expectDomainError(() => recordDeliberation(deliberating(), '31999', vote('adopted'), JULY_5), 'not_found');
  });

  it('refuses an invalid vote with the broken field named', () => {
    const error = expectDomainError(
      () => recordDeliberation(deliberating(), COMMUNE, vote('adopted', { votesFor: 2, votesAgainst: 3 }), JULY_5),
      'invalid',
    );
    expect(error.fields.map((f) => f.field)).toEqual(['decision']);
  });

  it('refuses a session held before the conference day', () => {
    const error = expectDomainError(
      () => recordDeliberation(deliberating(), COMMUNE, vote('adopted', { sessionDate: '2023-06-12' }), JULY_5),
      'invalid',
    );
    expect(error.fields.map((f) => f.field)).toEqual(['sessionDate']);
  });

  it('records an adoption and shows the signatory as adopted, not late', () => {
    const state = deliberating();
    const events = recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5);
    expect(types(events)).toEqual(['DeliberationRecorded']);
    apply(state, events);
    expect(statusOf(state.signatories[COMMUNE])).toBe('adopted');
    expect(state.signatories[COMMUNE].late).toBe(false);
    expect(state.signatories[COMMUNE].deliberationSeq).toBe(state.lastSeq);
    expect(countsOf(state)).toMatchObject({ total: 3, adopted: 1, pending: 2 });
  });

  it('records the same vote sent twice only once', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    const seq = state.lastSeq;
    const reordered = Object.fromEntries(Object.entries(vote('adopted')).reverse()) as unknown as Deliberation;
    expect(recordDeliberation(state, COMMUNE, reordered, JULY_5 + 60_000)).toEqual([]);
    expect(state.lastSeq).toBe(seq);
  });

  it('refuses a different vote once the decision is final (a correction is needed)', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    expectDomainError(() => recordDeliberation(state, COMMUNE, vote('adopted', { votesFor: 22, abstentions: 3 }), JULY_5), 'conflict');
    expectDomainError(() => recordDeliberation(state, COMMUNE, vote('rejected'), JULY_5), 'conflict');
    expect(statusOf(state.signatories[COMMUNE])).toBe('adopted');
  });

  it('keeps an adjourned deliberation open for a later session', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adjourned', { sessionDate: '2023-07-04' }), JULY_5));
    expect(statusOf(state.signatories[COMMUNE])).toBe('adjourned');
    expect(countsOf(state).adjourned).toBe(1);

    // The council announces its next session: shown as scheduled.
    apply(state, scheduleSession(state, COMMUNE, '2023-09-12'));
    expect(statusOf(state.signatories[COMMUNE])).toBe('scheduled');

    const later = recordDeliberation(state, COMMUNE, vote('adopted', { sessionDate: '2023-09-12' }), at('2023-09-13T10:00:00+02:00'));
    expect(types(later)).toEqual(['DeliberationRecorded']);
    apply(state, later);
    expect(statusOf(state.signatories[COMMUNE])).toBe('adopted');
  });

  it('marks a vote recorded after the deadline as late', () => {
    const state = deliberating();
    const events = recordDeliberation(state, COMMUNE, vote('adopted', { sessionDate: '2023-10-30' }), NOV_2);
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ late: true }) })]);
    apply(state, events, NOV_2);
    expect(state.signatories[COMMUNE].late).toBe(true);
  });

  it('judges lateness against a moved deadline', () => {
    const state = deliberating();
    apply(state, moveDeadline(state, '2023-11-15T23:59:59+01:00'));
    const events = recordDeliberation(state, COMMUNE, vote('adopted', { sessionDate: '2023-10-30' }), NOV_2);
    apply(state, events, NOV_2);
    expect(state.signatories[COMMUNE].late).toBe(false);
  });
});

describe('opening the signature (automaticEvents)', () => {
  it('opens the signature as soon as every signatory has decided', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    expect(state.phase).toBe('deliberating');
    const events = run(state, () => recordDeliberation(state, COMMUNE, vote('rejected'), JULY_5));
    expect(events).toContainEqual({ type: 'SignatureOpened', data: { reason: 'all_decided' } });
    expect(state.phase).toBe('awaiting_signature');
    // A non-required rejection does not block the signature.
    expect(isBlocked(state)).toBe(false);
  });

  it('does not open the signature while a deliberation is only adjourned', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('adjourned'), JULY_5));
    expect(state.phase).toBe('deliberating');
    expect(automaticEvents(state, JULY_5)).toEqual([]);
  });

  it('waits for the deadline when every required signatory adopted but others are pending', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    expect(state.phase).toBe('deliberating');
    expect(automaticEvents(state, at('2023-10-31T23:59:58+01:00'))).toEqual([]);

    const atDeadline = automaticEvents(state, at(DEADLINE));
    expect(atDeadline).toEqual([
      { type: 'DeadlinePassed', data: { deliberationDeadline: DEADLINE } },
      { type: 'SignatureOpened', data: { reason: 'deadline' } },
    ]);
    apply(state, atDeadline, at(DEADLINE));
    expect(state.phase).toBe('awaiting_signature');
    expect(automaticEvents(state, NOV_2)).toEqual([]);
  });

  it('at the deadline, only notes it passed while a required signatory has not adopted', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    const passed = automaticEvents(state, NOV_2);
    expect(passed).toEqual([{ type: 'DeadlinePassed', data: { deliberationDeadline: DEADLINE } }]);
    apply(state, passed, NOV_2);
    expect(state.phase).toBe('deliberating');
    expect(automaticEvents(state, NOV_2 + 3_600_000)).toEqual([]);

    // The CAF's board adopts late: everyone has decided now.
    const events = run(state, () => recordDeliberation(state, CAF, vote('adopted', { sessionDate: '2023-11-02' }), NOV_2), NOV_2);
    expect(types(events)).toEqual(['DeliberationRecorded', 'SignatureOpened']);
    expect(state.phase).toBe('awaiting_signature');
    expect(state.signatories[CAF].late).toBe(true);
  });

  it('opens at the deadline once the last required signatory adopts after it', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    apply(state, automaticEvents(state, NOV_2), NOV_2);
    expect(state.deadlinePassed).toBe(true);
    const events = run(state, () => recordDeliberation(state, CAF, vote('adopted', { sessionDate: '2023-11-02' }), NOV_2), NOV_2);
    expect(events).toContainEqual({ type: 'SignatureOpened', data: { reason: 'deadline' } });
    expect(state.phase).toBe('awaiting_signature');
  });

  it('a moved deadline postpones the opening', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    const moved = moveDeadline(state, '2023-11-15T23:59:59+01:00');
    expect(moved).toEqual([
      { type: 'DeadlineMoved', data: { deliberationDeadline: '2023-11-15T23:59:59+01:00', previous: DEADLINE } },
    ]);
    apply(state, moved);
    expect(automaticEvents(state, NOV_2)).toEqual([]);
    expect(types(automaticEvents(state, at('2023-11-16T09:00:00+01:00')))).toEqual(['DeadlinePassed', 'SignatureOpened']);
  });

  it('does not move the deadline to the same instant written with another offset', () => {
    expect(moveDeadline(deliberating(), '2023-10-31T22:59:59Z')).toEqual([]);
  });

  it('records nothing by itself before the conference, even after the deadline', () => {
    expect(automaticEvents(launched(), NOV_2)).toEqual([]);
  });
});

describe('a required signatory that rejects', () => {
  function allDecidedWithEpciRejecting(): CampaignState {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('rejected'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    return state;
  }

  it('blocks the campaign as soon as it rejects', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, EPCI, vote('rejected'), JULY_5));
    expect(isBlocked(state)).toBe(true);
    expect([...requiredPending(state)].sort()).toEqual([EPCI, CAF].sort());
  });

  it('a non-required rejection does not block', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('rejected'), JULY_5));
    expect(isBlocked(state)).toBe(false);
  });

  it('keeps the signature refused while blocked, even awaiting signature', () => {
    const state = allDecidedWithEpciRejecting();
    expect(state.phase).toBe('awaiting_signature');
    expect(isBlocked(state)).toBe(true);
    expectDomainError(() => signConvention(state, { signedOn: '2023-11-21' }, NOV_21), 'conflict');
  });

  it('is unblocked once reopened and adopted, and the convention can then be signed', () => {
    const state = allDecidedWithEpciRejecting();
    const rejectedSeq = state.signatories[EPCI].deliberationSeq;
    const reopened = reopenDeliberation(state, EPCI, 'Nouvelle délibération au conseil du 7 novembre');
    expect(reopened).toEqual([
      {
        type: 'DeliberationReopened',
        data: { signatoryId: EPCI, reason: 'Nouvelle délibération au conseil du 7 novembre', reopens: rejectedSeq },
      },
    ]);
    apply(state, reopened, NOV_2);
    expect(statusOf(state.signatories[EPCI])).toBe('pending');
    // Reopening alone does not lift the block: the body must adopt.
    expect(isBlocked(state)).toBe(true);

    const adoptedOn = at('2023-11-08T10:00:00+01:00');
    run(state, () => recordDeliberation(state, EPCI, vote('adopted', { sessionDate: '2023-11-07' }), adoptedOn), adoptedOn);
    expect(statusOf(state.signatories[EPCI])).toBe('adopted');
    expect(isBlocked(state)).toBe(false);

    const signed = signConvention(state, { signedOn: '2023-11-21' }, NOV_21);
    expect(types(signed)).toEqual(['ConventionSigned']);
    const data = (signed[0] as Extract<CampaignEventBody, { type: 'ConventionSigned' }>).data;
    expect(data.signedOn).toBe('2023-11-21');
    // Without signedBy, every body that adopted is listed as a signer.
    expect([...data.signedBy].sort()).toEqual([EPCI, CAF, COMMUNE].sort());
    apply(state, signed, NOV_21);
    expect(state.phase).toBe('signed');
  });

  it('a correction of the rejection into an adoption also unblocks', () => {
    const state = allDecidedWithEpciRejecting();
    apply(state, correctDeliberation(state, EPCI, { reason: 'Erreur de saisie', deliberation: vote('adopted') }, NOV_2), NOV_2);
    expect(isBlocked(state)).toBe(false);
  });

  it('a correction of a required adoption into a rejection blocks', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    apply(state, correctDeliberation(state, CAF, { reason: 'Erreur de saisie', deliberation: vote('rejected') }, JULY_5));
    expect(isBlocked(state)).toBe(true);
  });
});

describe('reopening', () => {
  function withRejection(sid = COMMUNE): CampaignState {
    const state = deliberating();
    apply(state, recordDeliberation(state, sid, vote('rejected'), JULY_5));
    return state;
  }

  it('records nothing when the same reopening is repeated', () => {
    const state = withRejection();
    apply(state, reopenDeliberation(state, COMMUNE, 'Nouvelle séance'));
    const seq = state.lastSeq;
    expect(reopenDeliberation(state, COMMUNE, 'Nouvelle séance')).toEqual([]);
    expect(state.lastSeq).toBe(seq);
  });

  it('refuses a second reopening with another reason while the first is still open', () => {
    const state = withRejection();
    apply(state, reopenDeliberation(state, COMMUNE, 'Nouvelle séance'));
    expectDomainError(() => reopenDeliberation(state, COMMUNE, 'Autre motif'), 'conflict');
  });

  it('allows a new reopening, even with the same reason, after a second rejection', () => {
    const state = withRejection();
    apply(state, reopenDeliberation(state, COMMUNE, 'Nouvelle séance'));
    apply(state, recordDeliberation(state, COMMUNE, vote('rejected', { sessionDate: '2023-09-12' }), at('2023-09-13T10:00:00+02:00')));
    const secondRejection = state.signatories[COMMUNE].deliberationSeq;
    expect(reopenDeliberation(state, COMMUNE, 'Nouvelle séance')).toEqual([
      { type: 'DeliberationReopened', data: { signatoryId: COMMUNE, reason: 'Nouvelle séance', reopens: secondRejection } },
    ]);
  });

  it('refuses to reopen an adopted or pending deliberation', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    expectDomainError(() => reopenDeliberation(state, COMMUNE, 'Erreur'), 'conflict');
    expectDomainError(() => reopenDeliberation(state, CAF, 'Erreur'), 'conflict');
  });

  it('needs a reason', () => {
    const error = expectDomainError(() => reopenDeliberation(withRejection(), COMMUNE, '   '), 'invalid');
    expect(error.fields.map((f) => f.field)).toEqual(['reason']);
  });

  it('answers not_found for an unknown signatory', () => {
    expectDomainError(() => reopenDeliberation(withRejection(), 'nope', 'Nouvelle séance'), 'not_found');
  });
});

describe('correcting a deliberation', () => {
  it('records a new event that references the seq of the one it replaces', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    const originalSeq = state.lastSeq;
    apply(state, scheduleSession(state, EPCI, '2023-09-12'));

    const corrected = correctDeliberation(state, COMMUNE, { reason: 'Numéro mal saisi', deliberation: vote('adopted', { number: '2023-046' }) }, JULY_5);
    expect(corrected).toEqual([
      {
        type: 'DeliberationCorrected',
        data: {
          signatoryId: COMMUNE,
          deliberation: expect.objectContaining({ number: '2023-046' }),
          reason: 'Numéro mal saisi',
          corrects: originalSeq,
          late: false,
        },
      },
    ]);
    apply(state, corrected);
    expect(state.signatories[COMMUNE].deliberation?.number).toBe('2023-046');

    // A second correction references the first correction, not the original.
    const correctionSeq = state.lastSeq;
    const again = correctDeliberation(state, COMMUNE, { reason: 'Date de séance', deliberation: vote('adopted', { number: '2023-046', sessionDate: '2023-07-03' }) }, JULY_5);
    expect(again).toEqual([expect.objectContaining({ data: expect.objectContaining({ corrects: correctionSeq }) })]);
  });

  it('records nothing when the correction changes nothing', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    expect(correctDeliberation(state, COMMUNE, { reason: 'Vérification', deliberation: vote('adopted') }, JULY_5)).toEqual([]);
  });

  it('refuses to correct what was never recorded', () => {
    expectDomainError(() => correctDeliberation(deliberating(), COMMUNE, { reason: 'Erreur', deliberation: vote('adopted') }, JULY_5), 'conflict');
  });

  it('needs a reason, and a valid deliberation, whose faults are named inside the correction body', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    expect(expectDomainError(() => correctDeliberation(state, COMMUNE, { reason: '', deliberation: vote('adopted') }, JULY_5), 'invalid').fields.map((f) => f.field)).toEqual(['reason']);
    expect(
      expectDomainError(
        () => correctDeliberation(state, COMMUNE, { reason: 'Erreur', deliberation: vote('adopted', { votesFor: 501 }) }, JULY_5),
        'invalid',
      ).fields.map((f) => f.field),
    ).toEqual(['deliberation.votesFor']);
  });
});

describe('signing and cancelling', () => {
  function awaitingSignature(): CampaignState {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5));
    expect(state.phase).toBe('awaiting_signature');
    return state;
  }

  it('refuses to sign while still deliberating or awaiting the conference', () => {
    expectDomainError(() => signConvention(launched(), { signedOn: '2023-11-21' }, NOV_21), 'conflict');
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    expect(state.phase).toBe('deliberating');
    expectDomainError(() => signConvention(state, { signedOn: '2023-11-21' }, NOV_21), 'conflict');
  });

  it('signs when awaiting signature and unblocked; the same signature again records nothing', () => {
    const state = awaitingSignature();
    const signed = signConvention(state, { signedOn: '2023-11-21', signedBy: [EPCI, CAF] }, NOV_21);
    expect(signed).toEqual([{ type: 'ConventionSigned', data: { signedOn: '2023-11-21', signedBy: [EPCI, CAF] } }]);
    apply(state, signed, NOV_21);
    expect(state.phase).toBe('signed');
    expect(signConvention(state, { signedOn: '2023-11-21' }, NOV_21)).toEqual([]);
    expect(signConvention(state, { signedOn: '2023-11-21', signedBy: [CAF, EPCI] }, NOV_21)).toEqual([]);
    expectDomainError(() => signConvention(state, { signedOn: '2023-11-20' }, NOV_21), 'conflict');
    expectDomainError(() => signConvention(state, { signedOn: '2023-11-21', signedBy: [EPCI] }, NOV_21), 'conflict');
  });

  it('lists, by default, only the bodies that adopted as signers', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('rejected'), JULY_5));
    expect(state.phase).toBe('awaiting_signature');
    const signed = signConvention(state, { signedOn: '2023-11-21' }, NOV_21);
    const data = (signed[0] as Extract<CampaignEventBody, { type: 'ConventionSigned' }>).data;
    expect([...data.signedBy].sort()).toEqual([EPCI, CAF].sort());
  });

  it('refuses a signature dated in the future, or by an unknown signatory', () => {
    const state = awaitingSignature();
    expect(expectDomainError(() => signConvention(state, { signedOn: '2023-11-22' }, NOV_21), 'invalid').fields.map((f) => f.field)).toEqual(['signedOn']);
    expect(
      expectDomainError(() => signConvention(state, { signedOn: '2023-11-21', signedBy: [EPCI, '99999'] }, NOV_21), 'invalid').fields.map((f) => f.field),
    ).toEqual(['signedBy[1]']);
  });

  it('names as signers only bodies whose deliberation adopted, each once', () => {
    const state = deliberating();
    run(state, () => recordDeliberation(state, EPCI, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, CAF, vote('adopted'), JULY_5));
    run(state, () => recordDeliberation(state, COMMUNE, vote('rejected'), JULY_5));
    expect(state.phase).toBe('awaiting_signature');
    const refusal = expectDomainError(() => signConvention(state, { signedOn: '2023-11-21', signedBy: [EPCI, COMMUNE, COMMUNE] }, NOV_21), 'invalid');
    expect(refusal.fields.map((f) => f.field)).toEqual(['signedBy[1]', 'signedBy[2]']);
    expect(refusal.fields[0].message).toMatch(/has not adopted the convention \(rejected\)/);
    expect(refusal.fields[1].message).toMatch(/second time/);
    const twice = expectDomainError(() => signConvention(state, { signedOn: '2023-11-21', signedBy: [EPCI, CAF, EPCI] }, NOV_21), 'invalid');
    expect(twice.fields.map((f) => f.field)).toEqual(['signedBy[2]']);
  });

  it('finds no signatory under a name every object inherits', () => {
    const state = awaitingSignature();
    for (const id of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(expectDomainError(() => signConvention(state, { signedOn: '2023-11-21', signedBy: [id] }, NOV_21), 'invalid').fields.map((f) => f.field)).toEqual([
        'signedBy[0]',
      ]);
      expectDomainError(() => recordDeliberation(state, id, vote('adopted'), JULY_5), 'not_found');
      expectDomainError(() => scheduleSession(state, id, '2023-07-01'), 'not_found');
    }
  });

  it('refuses votes once signed', () => {
    const state = awaitingSignature();
    apply(state, signConvention(state, { signedOn: '2023-11-21' }, NOV_21), NOV_21);
    expectDomainError(() => correctDeliberation(state, COMMUNE, { reason: 'Erreur', deliberation: vote('rejected') }, NOV_21), 'conflict');
  });

  it('refuses to cancel a signed convention', () => {
    const state = awaitingSignature();
    apply(state, signConvention(state, { signedOn: '2023-11-21' }, NOV_21), NOV_21);
    expectDomainError(() => cancelCampaign(state, 'Abandon'), 'conflict');
    expect(state.phase).toBe('signed');
  });

  it('cancels from any open phase, once; votes are then refused', () => {
    for (const state of [launched(), deliberating(), awaitingSignature()]) {
      const cancelled = cancelCampaign(state, 'Fusion de communautés');
      expect(cancelled).toEqual([{ type: 'CampaignCancelled', data: { reason: 'Fusion de communautés' } }]);
      apply(state, cancelled);
      expect(state.phase).toBe('cancelled');
      expect(cancelCampaign(state, 'Fusion de communautés')).toEqual([]);
      expectDomainError(() => cancelCampaign(state, 'Abandon'), 'conflict');
    }
    const state = deliberating();
    apply(state, cancelCampaign(state, 'Abandon'));
    expectDomainError(() => recordDeliberation(state, COMMUNE, vote('adopted'), JULY_5), 'conflict');
    expect(automaticEvents(state, NOV_2)).toEqual([]);
  });

  it('needs a reason to cancel', () => {
    expect(expectDomainError(() => cancelCampaign(deliberating(), ''), 'invalid').fields.map((f) => f.field)).toEqual(['reason']);
  });
});

describe('forwarding a personal link', () => {
  const EXPIRES = '2023-11-02T10:00:00.000Z';
  const MAYOR = { name: '  Marie Dupont ', email: 'Maire@Mairie-31582.example.org' };

  it('records who it goes to, their address lower-cased and their name trimmed, and changes nothing else', () => {
    const state = deliberating();
    const before = JSON.stringify(state);
    const forwarded = forwardPersonalLink(state, COMMUNE, MAYOR, EXPIRES, JULY_5);
    expect(forwarded).toEqual([
      { type: 'PersonalLinkForwarded', data: { signatoryId: COMMUNE, to: ['maire@mairie-31582.example.org'], delegate: { name: 'Marie Dupont', email: 'maire@mairie-31582.example.org' }, expiresAt: EXPIRES } },
    ]);
    apply(state, forwarded, JULY_5);
    expect(JSON.stringify({ ...state, lastSeq: undefined })).toBe(JSON.stringify({ ...JSON.parse(before), lastSeq: undefined }));
  });

  it('refuses a name or an address that is not one, naming each, an unknown signatory, and a closed campaign', () => {
    const state = deliberating();
    const error = expectDomainError(() => forwardPersonalLink(state, COMMUNE, { name: '\u0007', email: 'nobody' }, '2023-07-01T00:00:00Z', JULY_5), 'invalid');
    expect(error.fields?.map((f) => f.field)).toEqual(['name', 'email', 'expiresAt']);
    expectDomainError(() => forwardPersonalLink(state, '99999', MAYOR, EXPIRES, JULY_5), 'not_found');
    apply(state, cancelCampaign(state, 'abandonnée'), JULY_5);
    expectDomainError(() => forwardPersonalLink(state, COMMUNE, MAYOR, EXPIRES, JULY_5), 'conflict');
  });
});

describe('sending a personal link', () => {
  const EXPIRES = '2023-11-02T10:00:00.000Z';

  it('records one event per request, to the signatory\'s address, from before the conference to the signature', () => {
    const state = launched();
    const sent = sendPersonalLink(state, COMMUNE, EXPIRES, JUNE_14);
    expect(sent).toEqual([{ type: 'PersonalLinkSent', data: { signatoryId: COMMUNE, to: ['mairie@example.org'], expiresAt: EXPIRES } }]);
    apply(state, sent, JUNE_14);
    expect(state.signatories[COMMUNE].lastLinkSentAt).toBe(new Date(JUNE_14).toISOString());
    expect(sendPersonalLink(state, COMMUNE, EXPIRES, JULY_5)).toEqual(sent);
  });

  it('refuses an unknown signatory, an expiry that is not in the future, and a closed campaign', () => {
    const state = deliberating();
    expectDomainError(() => sendPersonalLink(state, '99999', EXPIRES, JULY_5), 'not_found');
    for (const expiresAt of ['2023-07-05T08:00:00Z', '2023-11-02', 'demain']) {
      expect(expectDomainError(() => sendPersonalLink(state, COMMUNE, expiresAt, JULY_5), 'invalid').fields.map((f) => f.field)).toEqual(['expiresAt']);
    }
    apply(state, cancelCampaign(state, 'Abandon'));
    expectDomainError(() => sendPersonalLink(state, COMMUNE, EXPIRES, JULY_5), 'conflict');
  });
});
