import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { adopted, rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import { writtenPdf } from './fixtures/pdf-files';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Notifications to the campaign's administrators (issue 19, item 1): told by e-mail and in the web
 * interface of what needs them, as each chose, each notification once.
 */

const ADMIN = DEVELOPMENT_DEFAULTS.ADMIN_EMAIL;

interface Notification {
  id: string;
  kind: string;
  text: string;
  campaignId: string;
  signatoryId: string | null;
  readAt: string | null;
}

describe('notifications to the campaign’s administrators', () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const inbox = async () => (await t.http.get('/notifications?limit=200').set(auth()).expect(200)).body as { unread: number; notifications: Notification[] };
  const kindsOf = async (id: string) => (await inbox()).notifications.filter((n) => n.campaignId === id).map((n) => `${n.kind}${n.signatoryId ? `:${n.signatoryId}` : ''}`);
  const mailsAbout = (title: string) => t.mail.to(ADMIN).filter((m) => m.messageId.startsWith('<notification-') && m.subject.endsWith(`— ${title}`));

  async function deliberating(signatories = 3) {
    const body = smallCampaign(signatories, { title: uniqueId('Convention notifiée') });
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    return { id: body.id as string, title: body.title as string };
  }
  const vote = (id: string, sid: string, deliberation: object) =>
    t.http.put(`/campaigns/${id}/signatories/${sid}/deliberation`).set(auth()).send(deliberation).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('tells of a rejection that blocks, of the unblocking and of a convention ready to sign, by e-mail and in the web interface, once each', async () => {
    const { id, title } = await deliberating();
    await vote(id, 'epci', rejected());
    await eventually(async () => expect(await kindsOf(id)).toEqual(['campaign_blocked', 'body_rejected:epci']));
    const [blocked] = await eventually(() => {
      const mails = mailsAbout(title);
      expect(mails.map((m) => m.subject).sort()).toEqual([
        `Communauté de communes de test a rejeté la convention — ${title}`,
        `La campagne est bloquée : un signataire obligatoire a rejeté la convention — ${title}`,
      ]);
      return mails.filter((m) => m.subject.startsWith('La campagne est bloquée'));
    });
    expect(blocked.text).toContain(`La campagne : http://127.0.0.1:3999/campagnes/${encodeURIComponent(id)}`);
    expect(blocked.text).toContain('La signature attend qu’il délibère à nouveau et adopte.');

    await t.http.post(`/campaigns/${id}/signatories/epci/reopen`).set(auth()).send({ reason: 'nouvelle séance' }).expect(200);
    await vote(id, 'epci', adopted());
    await vote(id, 'commune-1', adopted());
    await vote(id, 'commune-2', rejected());
    await eventually(async () =>
      expect(await kindsOf(id)).toEqual(['ready_to_sign', 'body_rejected:commune-2', 'campaign_unblocked', 'campaign_blocked', 'body_rejected:epci']),
    );
    const ready = (await inbox()).notifications.find((n) => n.campaignId === id && n.kind === 'ready_to_sign');
    expect(ready?.text).toBe('Tous les signataires obligatoires ont adopté : la convention est prête à être signée');
    await eventually(() => expect(mailsAbout(title)).toHaveLength(5));
    // Every e-mail once: a Message-ID of its own each.
    expect(new Set(mailsAbout(title).map((m) => m.messageId)).size).toBe(5);
  });

  it('marks notifications read, the ones named or all, and counts what is left', async () => {
    const { id } = await deliberating();
    await vote(id, 'epci', rejected());
    await eventually(async () => expect(await kindsOf(id)).toHaveLength(2));
    const mine = (await inbox()).notifications.filter((n) => n.campaignId === id);
    const before = (await inbox()).unread;
    expect((await t.http.post('/notifications/read').set(auth()).send({ ids: [mine[0].id] }).expect(200)).body).toEqual({ marked: 1 });
    expect((await inbox()).unread).toBe(before - 1);
    expect((await t.http.post('/notifications/read').set(auth()).send({ ids: [mine[0].id] }).expect(200)).body).toEqual({ marked: 0 });
    await t.http.post('/notifications/read').set(auth()).send({}).expect(200);
    expect((await inbox()).unread).toBe(0);
  });

  it('sends what each administrator chose: an act uploaded by a secretary once asked for by e-mail, nothing of what they turned off', async () => {
    const preferences = (await t.http.get('/notifications/preferences').set(auth()).expect(200)).body.preferences;
    expect(preferences.act_uploaded).toEqual({ email: false, inApp: true });
    expect(preferences.weekly_digest).toEqual({ email: true, inApp: false });
    await t.http
      .put('/notifications/preferences')
      .set(auth())
      .send({ preferences: { act_uploaded: { email: true, inApp: true }, body_rejected: { email: false, inApp: false } } })
      .expect(200);
    try {
      const { id, title } = await deliberating();
      const secretary = (await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(auth()).expect(201)).body.token;
      await t.http
        .post(`/campaigns/${id}/signatories/commune-1/acts`)
        .set({ Authorization: `Bearer ${secretary}` })
        .attach('file', await writtenPdf(), { filename: 'extrait-registre.pdf', contentType: 'application/pdf' })
        .expect(201);
      await vote(id, 'commune-2', rejected());
      await eventually(() => expect(mailsAbout(title).map((m) => m.subject)).toEqual([`Commune 1 a déposé l’acte de sa délibération — ${title}`]));
      // The rejection of a body that is not required blocks nothing, and was turned off.
      await eventually(async () => expect(await kindsOf(id)).toEqual(['act_uploaded:commune-1']));
    } finally {
      await t.http
        .put('/notifications/preferences')
        .set(auth())
        .send({ preferences: { act_uploaded: { email: false, inApp: true }, body_rejected: { email: true, inApp: true } } })
        .expect(200);
    }
  });

  it('refuses malformed choices and names the field, changing nothing', async () => {
    const before = (await t.http.get('/notifications/preferences').set(auth()).expect(200)).body;
    const refusals: [object, string][] = [
      [{ preferences: { vote_recorded: { email: true, inApp: true } } }, 'preferences.vote_recorded'],
      [{ preferences: { body_rejected: { email: 'yes', inApp: true } } }, 'preferences.body_rejected.email'],
      [{ preferences: { body_rejected: { email: true } } }, 'preferences.body_rejected.inApp'],
      [{ preferences: { body_rejected: { email: true, inApp: true, sms: true } } }, 'preferences.body_rejected.sms'],
      [{ preferences: { weekly_digest: { email: true, inApp: true } } }, 'preferences.weekly_digest.inApp'],
      [{ preferences: { ['__proto__']: { email: true, inApp: true } } }, 'preferences.__proto__'],
      [{ preferences: [] }, 'preferences'],
    ];
    for (const [body, field] of refusals) {
      const answer = await t.http.put('/notifications/preferences').set(auth()).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect([400, 422]).toContain(answer.status);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1e2', 'limit=5&limit=6']) {
      const answer = await t.http.get(`/notifications?${query}`).set(auth()).expect(400);
      expect(answer.body.fields).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 200' }]);
    }
    await t.http.post('/notifications/read').set(auth()).send({ ids: ['not-an-id'] }).expect(400);
    expect((await t.http.get('/notifications/preferences').set(auth()).expect(200)).body).toEqual(before);
  });

  it('tells nothing to a secretary: the notifications are the administrators’', async () => {
    const { id } = await deliberating();
    const secretary = (await t.http.post(`/campaigns/${id}/signatories/commune-1/link`).set(auth()).expect(201)).body.token;
    await t.http.get('/notifications').set({ Authorization: `Bearer ${secretary}` }).expect(403);
    await t.http.get('/notifications').expect(401);
  });
});
