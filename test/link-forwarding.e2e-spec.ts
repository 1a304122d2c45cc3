import { adopted, smallCampaign, uniqueId } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Forwarding a secretary's link (issue 18, item 5): the secretary names a colleague or the mayor;
 * that person gets a link of their own by e-mail, the secretary's keeps working, and the record
 * says who forwarded it to whom and who then acted for the body.
 */

const S = 'commune-1';
const LINK = /http:\/\/127\.0\.0\.1:3999\/deliberation\?token=(sl_[A-Za-z0-9_-]{43})/;

describe('forwarding a personal link', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const eventsOf = async (id: string) =>
    (await t.http.get(`/campaigns/${id}/events`).set(auth()).expect(200)).body.events as { seq: number; type: string; data: Record<string, unknown>; actor: Record<string, string> }[];

  async function openCampaign(): Promise<{ id: string; secretary: string; otherSecretary: string }> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    const id = body.id as string;
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/${S}/link`).set(auth()).expect(201)).body.token;
    const otherSecretary = (await t.http.post(`/campaigns/${id}/signatories/commune-2/link`).set(auth()).expect(201)).body.token;
    return { id, secretary, otherSecretary };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it("e-mails the mayor a link of their own; the secretary's keeps working; the record names who forwarded it and who voted", async () => {
    const { id, secretary } = await openCampaign();
    const mayor = { name: 'Marie Dupont', email: `${uniqueId('maire')}@mairie-1.example.org` };
    const answer = await t.http.post(`/campaigns/${id}/signatories/${S}/link/forward`).set(bearer(secretary)).send(mayor).expect(202);
    expect(answer.body).toEqual({ sentTo: [mayor.email], expiresAt: expect.any(String) });

    const mail = await eventually(() => {
      const found = t.mail.mails.find((m) => m.to.includes(mayor.email));
      if (!found) throw new Error('no e-mail to the mayor yet');
      return found;
    });
    expect(mail.subject).toMatch(/^Lien transmis pour la délibération de Commune 1 — /);
    expect(mail.text).toContain('Bonjour Marie Dupont,');
    expect(mail.text).toContain('à votre nom, pour le compte de Commune 1');
    const mayorsLink = LINK.exec(mail.text)![1];
    expect(mayorsLink).not.toBe(secretary);

    // Both links open the body's page; the mayor records the vote with theirs.
    await t.http.get(`/campaigns/${id}`).set(bearer(secretary)).expect(200);
    const me = await t.http.get('/auth/me').set(bearer(mayorsLink)).expect(200);
    expect(me.body).toMatchObject({ kind: 'secretary', campaignId: id, signatory: { id: S } });
    await t.http.put(`/campaigns/${id}/signatories/${S}/deliberation`).set(bearer(mayorsLink)).send(adopted()).expect(200);
    await t.http.put(`/campaigns/${id}/signatories/${S}/session`).set(bearer(secretary)).send({ sessionDate: '2023-07-01' });

    const events = await eventsOf(id);
    const forwarded = events.find((e) => e.type === 'PersonalLinkForwarded')!;
    const [secretaryLink] = await t.dataSource.query(`SELECT id FROM signatory_link WHERE campaign_id = $1 AND signatory_id = $2 AND holder IS NULL AND revoked_at IS NULL`, [id, S]);
    expect(forwarded).toMatchObject({ data: { signatoryId: S, to: [mayor.email], delegate: mayor }, actor: { kind: 'secretary', id: secretaryLink.id } });
    const vote = events.find((e) => e.type === 'DeliberationRecorded')!;
    expect(vote.actor).toMatchObject({ kind: 'secretary', name: `Marie Dupont <${mayor.email}>` });
    expect(vote.actor.id).not.toBe(secretaryLink.id);
    // Only the hash of the mayor's link is kept, with the person it belongs to.
    const [held] = await t.dataSource.query(`SELECT holder, token_hash FROM signatory_link WHERE id = $1`, [vote.actor.id]);
    expect(held.holder).toEqual(mayor);
    expect(held.token_hash).not.toContain(mayorsLink);
  });

  it("refuses bad input naming the field, another body's secretary, and a closed campaign, recording nothing", async () => {
    const { id, secretary, otherSecretary } = await openCampaign();
    const count = async () => (await eventsOf(id)).length;
    const before = await count();
    const cases: [object, string][] = [
      [{ name: '', email: 'maire@example.org' }, 'name'],
      [{ name: 'M\u0000arie', email: 'maire@example.org' }, 'name'],
      [{ name: 'x'.repeat(201), email: 'maire@example.org' }, 'name'],
      [{ name: 'Marie Dupont', email: 'not-an-email' }, 'email'],
      [{ name: 'Marie Dupont' }, 'email'],
      [{ name: 'Marie Dupont', email: 'maire@example.org', role: 'manager' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post(`/campaigns/${id}/signatories/${S}/link/forward`).set(bearer(secretary)).send(body);
      expect([JSON.stringify(body).slice(0, 40), res.status, res.body.fields?.map((f: { field: string }) => f.field)]).toEqual([JSON.stringify(body).slice(0, 40), 400, [field]]);
    }
    const other = await t.http.post(`/campaigns/${id}/signatories/${S}/link/forward`).set(bearer(otherSecretary)).send({ name: 'Marie', email: 'maire@example.org' });
    expect(other.status).toBe(403);
    expect(await count()).toBe(before);
    await t.http.post(`/campaigns/${id}/cancel`).set(auth()).send({ reason: 'convention abandonnée' }).expect(200);
    const closed = await t.http.post(`/campaigns/${id}/signatories/${S}/link/forward`).set(auth()).send({ name: 'Marie', email: 'maire@example.org' });
    expect(closed.status).toBe(409);
  });
});
