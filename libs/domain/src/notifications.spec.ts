import type { CampaignEvent, CampaignEventBody } from './campaign-events';
import { CampaignStanding, DEFAULT_PREFERENCES, PREFERENCE_KINDS, notableFacts, parsePreferences } from './notifications';
import { notificationSentence } from './notification-wording';
import { refusal } from './testing/refusal';

let seq = 0;
const event = (body: CampaignEventBody, actor: CampaignEvent['actor'] = { kind: 'administrator', id: 'a@x.org' }): CampaignEvent =>
  ({ ...body, seq: ++seq, id: `e${seq}`, campaignId: 'c', occurredAt: `2026-12-0${1 + (seq % 8)}T10:00:00.000Z`, actor }) as CampaignEvent;
const standing = (s: Partial<CampaignStanding> = {}): CampaignStanding => ({ phase: 'deliberating', blocked: false, requiredPending: 1, undecided: 3, ...s });
const deliberation = (decision: 'adopted' | 'rejected') => ({ sessionDate: '2023-07-04', decision, votesFor: 3, votesAgainst: 9, abstentions: 0 });
const kinds = (facts: ReturnType<typeof notableFacts>) => facts.map((f) => `${f.kind}${f.signatoryId ? `:${f.signatoryId}` : ''}@${f.seq}`);

describe('notable facts of an append', () => {
  beforeEach(() => (seq = 0));

  it('tells of a rejection, recorded or corrected to one, and of the block it causes at the batch’s last event', () => {
    const rejectedVote = event({ type: 'DeliberationRecorded', data: { signatoryId: 'epci', deliberation: deliberation('rejected'), late: false } });
    const correction = event({ type: 'DeliberationCorrected', data: { signatoryId: 'c1', deliberation: deliberation('rejected'), reason: 'r', corrects: 1, late: false } });
    expect(kinds(notableFacts([rejectedVote, correction], standing(), standing({ blocked: true })))).toEqual([
      'body_rejected:epci@1',
      'body_rejected:c1@2',
      'campaign_blocked@2',
    ]);
  });

  it('tells of an adoption nothing, unless it unblocks the campaign or makes it ready to sign', () => {
    const vote = () => event({ type: 'DeliberationRecorded', data: { signatoryId: 'epci', deliberation: deliberation('adopted'), late: false } });
    expect(notableFacts([vote()], standing(), standing({ undecided: 2 }))).toEqual([]);
    expect(kinds(notableFacts([vote()], standing({ blocked: true }), standing()))).toEqual(['campaign_unblocked@2']);
    const ready = standing({ phase: 'awaiting_signature', requiredPending: 0, undecided: 0 });
    expect(kinds(notableFacts([vote(), event({ type: 'SignatureOpened', data: { reason: 'all_decided' } })], standing(), ready))).toEqual(['ready_to_sign@4']);
    // Already ready before: not told again.
    expect(notableFacts([vote()], ready, ready)).toEqual([]);
    // Awaiting signature but blocked, or with a required body missing: not ready.
    expect(notableFacts([vote()], standing(), { ...ready, blocked: true }).map((f) => f.kind)).toEqual(['campaign_blocked']);
    expect(notableFacts([vote()], standing(), { ...ready, requiredPending: 1 })).toEqual([]);
  });

  it('does not call a cancelled campaign unblocked', () => {
    const cancel = event({ type: 'CampaignCancelled', data: { reason: 'abandon' } });
    expect(notableFacts([cancel], standing({ blocked: true }), standing({ blocked: false, phase: 'cancelled' }))).toEqual([]);
  });

  it('tells of a deadline passed only with bodies still to decide, and how many', () => {
    const passed = () => event({ type: 'DeadlinePassed', data: { deliberationDeadline: '2026-12-01T23:59:00+01:00' } });
    expect(notableFacts([passed()], standing(), standing({ undecided: 4 }))).toEqual([expect.objectContaining({ kind: 'deadline_passed', detail: { undecided: 4 } })]);
    expect(notableFacts([passed()], standing(), standing({ undecided: 0 }))).toEqual([]);
  });

  it('tells of an act a secretary uploaded, not of one an administrator attached for the body', () => {
    const act = { type: 'DeliberationActAttached' as const, data: { signatoryId: 'c1', version: 1, name: 'a.pdf', size: 1, sha256: 'x' } };
    expect(kinds(notableFacts([event(act, { kind: 'secretary', id: 'link-1' })], undefined, standing()))).toEqual(['act_uploaded:c1@1']);
    expect(notableFacts([event(act)], undefined, standing())).toEqual([]);
  });

  it('tells of a link forwarded, with the person named, and of a reminder refused, with the address and the answer', () => {
    const forwarded = event({ type: 'PersonalLinkForwarded', data: { signatoryId: 'c1', to: ['m@x.org'], delegate: { name: 'Marie Dupont', email: 'm@x.org' }, expiresAt: 'x' } });
    const refused = event({ type: 'ReminderRefused', data: { signatoryId: 'c2', number: 2, to: ['bad@x.org'], reason: '550 no mailbox' } });
    const facts = notableFacts([forwarded, refused], undefined, standing());
    expect(facts.map((f) => f.detail)).toEqual([{ delegate: 'Marie Dupont' }, { to: ['bad@x.org'], reason: '550 no mailbox' }]);
    expect(facts.map((f) => notificationSentence({ ...f, signatoryId: f.signatoryId ?? null, signatoryName: f.signatoryId === 'c1' ? 'Aignes' : null, detail: f.detail ?? {} }))).toEqual([
      'Le secrétariat de Aignes a transmis son lien à Marie Dupont',
      'Une relance à c2 a été refusée par le serveur de messagerie (bad@x.org)',
    ]);
  });
});

describe('an administrator’s choices', () => {
  it('takes every kind with both settings', () => {
    expect(parsePreferences({ act_uploaded: { email: true, inApp: false }, weekly_digest: { email: false, inApp: false } })).toEqual({
      act_uploaded: { email: true, inApp: false },
      weekly_digest: { email: false, inApp: false },
    });
    expect(Object.keys(DEFAULT_PREFERENCES)).toEqual([...PREFERENCE_KINDS]);
  });

  it.each([
    [null, 'preferences'],
    [[], 'preferences'],
    [{ sms: { email: true, inApp: true } }, 'preferences.sms'],
    [{ constructor: { email: true, inApp: true } }, 'preferences.constructor'],
    [{ body_rejected: true }, 'preferences.body_rejected'],
    [{ body_rejected: { email: 1, inApp: true } }, 'preferences.body_rejected.email'],
    [{ body_rejected: { email: true, inApp: null } }, 'preferences.body_rejected.inApp'],
    [{ body_rejected: { email: true, inApp: true, push: true } }, 'preferences.body_rejected.push'],
    [{ weekly_digest: { email: true, inApp: true } }, 'preferences.weekly_digest.inApp'],
  ])('refuses %j, naming %s', (input, field) => {
    expect(refusal(() => parsePreferences(input)).fields.map((f) => f.field)).toEqual([field]);
  });
});
