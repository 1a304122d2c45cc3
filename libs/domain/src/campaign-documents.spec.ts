import { recordDeliberation, correctDeliberation, cancelCampaign, holdConference } from './campaign-commands';
import { decide, stampEvents } from './campaign-decide';
import { DEFAULT_REMINDER_POLICY } from './campaign-definition';
import { attachDeliberationAct, attachDocument, conventionVersionOf, recordConventionConsulted, replaceDraftTemplate } from './campaign-documents';
import { Actor, CampaignEventBody } from './campaign-events';
import { CampaignState, initialState } from './campaign-state';
import { Deliberation } from './deliberation';
import { refusal } from './testing/refusal';

const ADMIN: Actor = { kind: 'administrator', id: 'agent@caf31.example.org' };
const COMMUNE = '31582';
const JUNE_14 = Date.parse('2023-06-14T10:00:00+02:00');
const JULY_5 = Date.parse('2023-07-05T10:00:00+02:00');
const hash = (c: string) => c.repeat(64);
const pdf = (c: string, name = 'convention.pdf') => ({ name, size: 1000, sha256: hash(c) });

function campaign(): CampaignState {
  return initialState({
    id: 'ctg',
    title: 'CTG',
    territory: { name: 'CC', siren: '200071298' },
    deliberationDeadline: '2023-10-31T23:59:59+01:00',
    signatories: [
      { id: 'epci', kind: 'epci', name: 'CC', email: 'dgs@example.org', required: true },
      { id: COMMUNE, kind: 'commune', name: 'Villefranche-de-Lauragais', email: 'mairie@example.org', required: false },
    ],
    reminderPolicy: DEFAULT_REMINDER_POLICY,
  });
}

let n = 0;
function apply(state: CampaignState, bodies: CampaignEventBody[], nowMs = JULY_5): CampaignState {
  stampEvents(state, bodies, { actor: ADMIN, occurredAt: new Date(nowMs).toISOString(), newId: () => `e${++n}` });
  return state;
}


const adopted = (extra: Partial<Deliberation> = {}): Deliberation => ({
  sessionDate: '2023-07-04', decision: 'adopted', votesFor: 20, votesAgainst: 0, abstentions: 1, ...extra,
});

describe('the convention and its annexes', () => {
  it('numbers the convention’s versions, records the same bytes once, and asks for a reason once the deliberations have begun', () => {
    const state = campaign();
    apply(state, attachDocument(state, { kind: 'convention', ...pdf('a') }));
    expect(conventionVersionOf(state)).toBe(1);
    expect(attachDocument(state, { kind: 'convention', ...pdf('a') })).toEqual([]);
    // Before the conference a new version needs no reason.
    apply(state, attachDocument(state, { kind: 'convention', ...pdf('b') }));
    expect(conventionVersionOf(state)).toBe(2);
    apply(state, holdConference(state, { heldOn: '2023-06-13' }, JUNE_14));
    const noReason = refusal(() => attachDocument(state, { kind: 'convention', ...pdf('c') }));
    expect(noReason.fields.map((f) => f.field)).toEqual(['reason']);
    apply(state, attachDocument(state, { kind: 'convention', ...pdf('c'), reason: 'annexe financière mise à jour' }));
    expect(state.documents?.[0].versions.map((v) => [v.version, v.reason])).toEqual([[1, undefined], [2, undefined], [3, 'annexe financière mise à jour']]);
  });

  it('adds each new annex under its own id and a new version only of the annex it replaces', () => {
    const state = campaign();
    apply(state, attachDocument(state, { kind: 'annex', ...pdf('1', 'diagnostic.pdf') }));
    apply(state, attachDocument(state, { kind: 'annex', ...pdf('2', 'plan d’action.pdf') }));
    expect(attachDocument(state, { kind: 'annex', ...pdf('1', 'diagnostic (copie).pdf') })).toEqual([]);
    apply(state, attachDocument(state, { kind: 'annex', replaces: 'annexe-1', ...pdf('3', 'diagnostic v2.pdf') }));
    expect(state.documents?.map((d) => [d.id, d.versions.length])).toEqual([['annexe-1', 2], ['annexe-2', 1]]);
    expect(refusal(() => attachDocument(state, { kind: 'annex', replaces: 'annexe-9', ...pdf('4') })).kind).toBe('not_found');
  });

  it('refuses a file name with a path separator or control characters, and any document once the campaign is closed', () => {
    const state = campaign();
    expect(refusal(() => attachDocument(state, { kind: 'convention', ...pdf('a', '../../etc/passwd') })).fields[0].field).toBe('fileName');
    expect(refusal(() => attachDocument(state, { kind: 'convention', ...pdf('a', 'a\u0007.pdf') })).fields[0].field).toBe('fileName');
    expect(refusal(() => attachDocument(state, { kind: 'convention', ...pdf('a', 'x'.repeat(256)) })).fields[0].field).toBe('fileName');
    apply(state, cancelCampaign(state, 'abandon'));
    expect(refusal(() => attachDocument(state, { kind: 'convention', ...pdf('a') })).kind).toBe('conflict');
  });
});

describe('what each body approved, read and sent', () => {
  function deliberating(): CampaignState {
    const state = campaign();
    apply(state, attachDocument(state, { kind: 'convention', ...pdf('a') }));
    apply(state, holdConference(state, { heldOn: '2023-06-13' }, JUNE_14));
    return state;
  }

  it('records the version of the convention in force with each vote, and keeps it through a correction', () => {
    const state = deliberating();
    apply(state, recordDeliberation(state, COMMUNE, adopted(), JULY_5));
    apply(state, attachDocument(state, { kind: 'convention', ...pdf('b'), reason: 'coquille' }));
    apply(state, recordDeliberation(state, 'epci', adopted(), JULY_5));
    expect(state.signatories[COMMUNE].conventionVersionVoted).toBe(1);
    expect(state.signatories.epci.conventionVersionVoted).toBe(2);
    apply(state, correctDeliberation(state, COMMUNE, { reason: 'erreur de saisie', deliberation: adopted({ votesFor: 19 }) }, JULY_5));
    expect(state.signatories[COMMUNE].conventionVersionVoted).toBe(1);
  });

  it('records a body’s first reading of each version once, and none of a version that does not exist', () => {
    const state = deliberating();
    apply(state, recordConventionConsulted(state, COMMUNE, 1));
    expect(recordConventionConsulted(state, COMMUNE, 1)).toEqual([]);
    expect(refusal(() => recordConventionConsulted(state, COMMUNE, 2)).kind).toBe('not_found');
    expect(refusal(() => recordConventionConsulted(state, 'constructor', 1)).kind).toBe('not_found');
    expect(state.signatories[COMMUNE].conventionConsulted).toEqual([{ version: 1, at: new Date(JULY_5).toISOString() }]);
  });

  it('takes the act after the conference, once per file, a correction with its reason, and none once the campaign is closed', () => {
    const state = campaign();
    expect(refusal(() => attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('d', 'extrait.pdf') })).kind).toBe('conflict');
    apply(state, holdConference(state, { heldOn: '2023-06-13' }, JUNE_14));
    apply(state, attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('d', 'extrait.pdf') }));
    expect(attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('d', 'extrait.pdf') })).toEqual([]);
    expect(refusal(() => attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('e', 'extrait signé.pdf') })).fields[0].field).toBe('reason');
    apply(state, attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('e', 'extrait signé.pdf'), reason: 'il manquait la signature' }));
    expect(state.signatories[COMMUNE].acts?.map((a) => a.version)).toEqual([1, 2]);
    apply(state, cancelCampaign(state, 'abandon'));
    expect(refusal(() => attachDeliberationAct(state, { signatoryId: COMMUNE, ...pdf('f'), reason: 'x' })).kind).toBe('conflict');
  });

  it('takes a vote’s documentSha256 only when it is the hash of an act the body uploaded', () => {
    const state = deliberating();
    const forged = refusal(() => decide({ type: 'RecordDeliberation', signatoryId: COMMUNE, deliberation: adopted({ documentSha256: hash('d') }) }, state, JULY_5));
    expect(forged.fields.map((f) => f.field)).toEqual(['documentSha256']);
    apply(state, decide({ type: 'AttachDeliberationAct', signatoryId: COMMUNE, ...pdf('d', 'extrait.pdf') }, state, JULY_5));
    apply(state, decide({ type: 'RecordDeliberation', signatoryId: COMMUNE, deliberation: adopted({ documentSha256: hash('d').toUpperCase() }) }, state, JULY_5));
    expect(state.signatories[COMMUNE].deliberation?.documentSha256).toBe(hash('d'));
  });
});

describe('the draft deliberation’s wording', () => {
  it('is replaced, the same text again records nothing, and null goes back to the product’s own', () => {
    const state = campaign();
    apply(state, replaceDraftTemplate(state, 'Le conseil de {{collectivite}} approuve.'));
    expect(replaceDraftTemplate(state, 'Le conseil de {{collectivite}} approuve.')).toEqual([]);
    expect(refusal(() => replaceDraftTemplate(state, 'x'.repeat(20_001))).fields[0].field).toBe('text');
    apply(state, replaceDraftTemplate(state, null));
    expect(state.draftTemplate).toBeUndefined();
  });
});
