
import { stampEvents } from './campaign-decide';
import { DEFAULT_REMINDER_POLICY } from './campaign-definition';
import { attachDocument } from './campaign-documents';
import { Actor, CampaignEventBody } from './campaign-events';
import {
  circulateForSignature,
  nameSigningAuthority,
  recordSigningCeremony,
  sendSignatureCode,
  signAsBody,
  signatureStatusOf,
} from './campaign-signature';
import { automaticEvents, holdConference, recordDeliberation } from './campaign-commands';
import { CampaignState, initialState } from './campaign-state';
import { refusal } from './testing/refusal';

const ADMIN: Actor = { kind: 'administrator', id: 'agent@caf31.example.org' };
const NOV_20 = Date.parse('2023-11-20T10:00:00+01:00');
const LATER = '2023-12-31T23:59:59+01:00';
const HASH = 'a'.repeat(64);
const BODIES = ['epci', 'caf', '31582'];


let n = 0;
function apply(state: CampaignState, bodies: CampaignEventBody[], actor: Actor = ADMIN): CampaignState {
  stampEvents(state, bodies, { actor, occurredAt: new Date(NOV_20).toISOString(), newId: () => `e${++n}` });
  return state;
}

/** Three bodies that adopted (the commune optional), a convention attached: awaiting signature. */
function awaitingSignature(commune: 'adopted' | 'rejected' = 'adopted'): CampaignState {
  const state = initialState({
    id: 'ctg',
    title: 'CTG',
    territory: { name: 'CC' },
    deliberationDeadline: '2023-10-31T23:59:59+01:00',
    signatories: [
      { id: 'epci', kind: 'epci', name: 'CC', email: 'dgs@example.org', required: true },
      { id: 'caf', kind: 'caf', name: 'CAF', email: 'caf@example.org', required: true },
      { id: '31582', kind: 'commune', name: 'Villefranche-de-Lauragais', email: 'mairie@example.org', required: false },
    ],
    reminderPolicy: DEFAULT_REMINDER_POLICY,
  });
  apply(state, attachDocument(state, { kind: 'convention', name: 'convention.pdf', size: 1000, sha256: HASH }));
  apply(state, holdConference(state, { heldOn: '2023-06-13' }, NOV_20));
  for (const id of BODIES) {
    const decision = id === '31582' ? commune : 'adopted';
    const votes = decision === 'adopted' ? { votesFor: 10, votesAgainst: 0 } : { votesFor: 0, votesAgainst: 10 };
    apply(state, recordDeliberation(state, id, { sessionDate: '2023-07-04', decision, ...votes, abstentions: 0, number: `D-${id}` }, NOV_20));
  }
  apply(state, automaticEvents(state, NOV_20));
  return state;
}

const signer = (id: string): Actor => ({ kind: 'signer', id: `link-${id}`, ip: '192.0.2.1' });

function signWithCode(state: CampaignState, id: string): CampaignEventBody[] {
  apply(state, sendSignatureCode(state, id, LATER, NOV_20));
  return signAsBody(state, { signatoryId: id, name: `Signataire ${id}`, capacity: 'le Président', conventionSha256: HASH, codeSeq: state.signatories[id].signatureCodeSeq! }, NOV_20);
}

describe('signing authorities', () => {
  it('are named by the secretary, replaced by an administrator with a reason only, and fixed once the body signed', () => {
    const state = awaitingSignature();
    apply(state, nameSigningAuthority(state, { signatoryId: '31582', name: 'Marie Dupont', capacity: 'le Maire', byAdministrator: false }));
    expect(state.signatories['31582'].signingAuthority).toMatchObject({ name: 'Marie Dupont', capacity: 'le Maire', namedBy: ADMIN.id });
    expect(nameSigningAuthority(state, { signatoryId: '31582', name: 'Marie Dupont', capacity: 'le Maire', byAdministrator: true })).toEqual([]);
    expect(refusal(() => nameSigningAuthority(state, { signatoryId: '31582', name: 'Jean Martin', capacity: 'le Maire', byAdministrator: true })).fields).toEqual([
      expect.objectContaining({ field: 'reason' }),
    ]);
    expect(refusal(() => nameSigningAuthority(state, { signatoryId: '31582', name: '', capacity: 'x'.repeat(201), byAdministrator: false })).fields.map((f) => f.field)).toEqual(['name', 'capacity']);
    apply(state, circulateForSignature(state, { signingBodies: 'adopting', expiresAt: LATER }, NOV_20));
    apply(state, signWithCode(state, '31582'), signer('31582'));
    expect(refusal(() => nameSigningAuthority(state, { signatoryId: '31582', name: 'Jean Martin', capacity: 'le Maire', reason: 'x', byAdministrator: true })).kind).toBe('conflict');
  });
});

describe('the convention sent round for signature', () => {
  it('goes to the adopting bodies or the required ones, with one signature link each, on the version in force', () => {
    const state = awaitingSignature('rejected');
    const events = circulateForSignature(state, { signingBodies: 'adopting', expiresAt: LATER }, NOV_20);
    expect(events[0]).toEqual({ type: 'SignatureCirculated', data: { signingBodies: 'adopting', signers: ['epci', 'caf'], conventionVersion: 1, conventionSha256: HASH, conventionName: 'convention.pdf' } });
    expect(events.slice(1).map((e) => e.type)).toEqual(['SignatureLinkSent', 'SignatureLinkSent']);
    expect(circulateForSignature(awaitingSignature(), { signingBodies: 'required', expiresAt: LATER }, NOV_20)[0].data).toMatchObject({ signers: ['epci', 'caf'] });
    apply(state, events);
    expect(circulateForSignature(state, { signingBodies: 'adopting', expiresAt: LATER }, NOV_20)).toEqual([]);
    expect(refusal(() => attachDocument(state, { kind: 'convention', name: 'v2.pdf', size: 10, sha256: 'b'.repeat(64), reason: 'v2' })).kind).toBe('conflict');
    expect(signatureStatusOf(state, state.signatories['31582'])).toBe('not_signing');
    expect(signatureStatusOf(state, state.signatories.epci)).toBe('awaiting');
  });

  it('is signed by the last body awaited, and refuses a body that did not adopt, a second signature, another document, or an old code', () => {
    const state = awaitingSignature();
    apply(state, circulateForSignature(state, { signingBodies: 'adopting', expiresAt: LATER }, NOV_20));
    apply(state, sendSignatureCode(state, 'epci', LATER, NOV_20));
    const oldCode = state.signatories.epci.signatureCodeSeq!;
    apply(state, sendSignatureCode(state, 'epci', LATER, NOV_20));
    const input = { signatoryId: 'epci', name: 'Le Président', capacity: 'le Président', conventionSha256: HASH, codeSeq: oldCode };
    expect(refusal(() => signAsBody(state, input, NOV_20)).fields).toEqual([expect.objectContaining({ field: 'code' })]);
    expect(refusal(() => signAsBody(state, { ...input, codeSeq: oldCode + 1, conventionSha256: 'c'.repeat(64) }, NOV_20)).fields).toEqual([
      expect.objectContaining({ field: 'conventionSha256' }),
    ]);
    apply(state, signAsBody(state, { ...input, codeSeq: oldCode + 1 }, NOV_20), signer('epci'));
    expect(state.signatories.epci.signature).toMatchObject({ name: 'Le Président', conventionVersion: 1, linkId: 'link-epci', ip: '192.0.2.1' });
    expect(refusal(() => sendSignatureCode(state, 'epci', LATER, NOV_20)).kind).toBe('conflict');
    apply(state, signWithCode(state, 'caf'), signer('caf'));
    const last = signWithCode(state, '31582');
    expect(last.map((e) => e.type)).toEqual(['BodySigned', 'ConventionSigned']);
    expect(last[1].data).toEqual({ signedOn: '2023-11-20', signedBy: expect.arrayContaining(BODIES), way: 'circulated' });
    apply(state, last, signer('31582'));
    expect(state.phase).toBe('signed');
  });

  it('refuses a body that rejected, even when named', () => {
    const state = awaitingSignature('rejected');
    apply(state, circulateForSignature(state, { signingBodies: 'adopting', expiresAt: LATER }, NOV_20));
    expect(refusal(() => sendSignatureCode(state, '31582', LATER, NOV_20)).message).toContain('not among the bodies');
  });
});

describe('the signing ceremony', () => {
  const copy = { name: 'convention-signee.pdf', size: 2000, sha256: 'd'.repeat(64) };

  it('signs the convention with its place and signed copy, once, and only by adopting bodies', () => {
    const state = awaitingSignature('rejected');
    expect(refusal(() => recordSigningCeremony(state, { signedOn: '2023-11-21', place: 'Toulouse', signedCopy: copy }, NOV_20)).fields).toEqual([
      expect.objectContaining({ field: 'signedOn', message: 'must not be in the future' }),
    ]);
    expect(refusal(() => recordSigningCeremony(state, { signedOn: '2023-11-20', place: 'Toulouse', signedBy: ['31582'], signedCopy: copy }, NOV_20)).fields).toEqual([
      expect.objectContaining({ field: 'signedBy[0]' }),
    ]);
    const events = recordSigningCeremony(state, { signedOn: '2023-11-20', place: 'Toulouse', signedCopy: copy }, NOV_20);
    expect(events).toEqual([{ type: 'ConventionSigned', data: { signedOn: '2023-11-20', signedBy: ['epci', 'caf'], way: 'ceremony', place: 'Toulouse', signedCopy: copy } }]);
    apply(state, events);
    expect(recordSigningCeremony(state, { signedOn: '2023-11-20', place: 'Toulouse', signedCopy: copy }, NOV_20)).toEqual([]);
    expect(refusal(() => recordSigningCeremony(state, { signedOn: '2023-11-19', place: 'Toulouse', signedCopy: copy }, NOV_20)).kind).toBe('conflict');
    expect(signatureStatusOf(state, state.signatories.caf)).toBe('signed');
    expect(signatureStatusOf(state, state.signatories['31582'])).toBe('not_signing');
  });
});
